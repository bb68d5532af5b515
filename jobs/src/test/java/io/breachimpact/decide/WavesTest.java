package io.breachimpact.decide;

import io.breachimpact.config.PolicyConfig;
import io.breachimpact.testing.SharedSpark;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The send queue and its waves: the same waves as a plain sort of the sends in one list (written here,
 * not by the code under test), over many partitions so that channels and waves start and end in the
 * middle of them, found from bucket counts and, for many waves, from Spark's sort.
 */
class WavesTest {
    private static final StructType CLASSIFIED = new StructType()
            .add("person_id", DataTypes.StringType).add("score", DataTypes.createDecimalType(10, 4))
            .add("outcome", DataTypes.StringType).add("channel", DataTypes.StringType).add("extra_letter", DataTypes.BooleanType)
            .add("kind", DataTypes.StringType).add("template_id", DataTypes.StringType).add("letter_template_id", DataTypes.StringType)
            .add("content_hash", DataTypes.StringType).add("email", DataTypes.StringType);

    private record Send(String person, BigDecimal score, String send, String channel) {
    }

    @Test
    void wavesEqualThoseOfOneSortedListAcrossPartitions() {
        // Ids that share their first characters in crowds (the buckets waves are counted in hold many
        // sends, and waves begin inside them), then ids like resolve's: "P" and hex digits of a hash.
        wavesEqualThoseOfOneSortedList(i -> String.format("P%03d", new Random(i).nextInt(3)) + "-" + i);
        wavesEqualThoseOfOneSortedList(i -> "P" + String.format("%024x", new java.math.BigInteger(96, new Random(i))));
    }

    private void wavesEqualThoseOfOneSortedList(java.util.function.IntFunction<String> personId) {
        SparkSession spark = SharedSpark.spark();
        Random random = new Random(7);
        List<Row> rows = new ArrayList<>();
        List<Send> expected = new ArrayList<>();
        String[] channels = {"EMAIL", "SMS", "LETTER"};
        for (int i = 0; i < 300; i++) {
            String person = personId.apply(i);
            BigDecimal score = new BigDecimal(random.nextInt(8)).add(new BigDecimal("0.5")).setScale(4);
            boolean notice = random.nextInt(5) > 0;
            boolean issued = notice && random.nextInt(6) > 0;
            String channel = notice ? channels[random.nextInt(3)] : null;
            boolean extra = notice && !"LETTER".equals(channel) && random.nextInt(4) == 0;
            String kind = issued ? (random.nextBoolean() ? "INITIAL" : "FOLLOW_UP") : null;
            rows.add(RowFactory.create(person, score, notice ? Decisions.NOTICE : Decisions.PUBLIC, channel, extra, kind,
                    notice ? "T." + channel : null, extra ? "T.LETTER" : null, issued ? "h" + i : null, "p" + i + "@x.fr"));
            if (issued) {
                expected.add(new Send(person, score, SendQueue.NOTICE, channel));
                if (extra) {
                    expected.add(new Send(person, score, SendQueue.EXTRA_LETTER, "LETTER"));
                }
            }
        }
        // The oracle: one list per channel, highest score first, then person id, then send.
        expected.sort(Comparator.comparing(Send::channel).thenComparing(Send::score, Comparator.reverseOrder())
                .thenComparing(Send::person).thenComparing(Send::send));
        Map<String, Integer> capacity = Map.of("EMAIL", 7, "SMS", 5, "LETTER", 3);
        Map<String, Integer> wave = new HashMap<>();
        Map<String, Integer> rank = new HashMap<>();
        Map<String, Long> counts = new TreeMap<>();
        for (Send s : expected) {
            int r = rank.merge(s.channel(), 1, Integer::sum) - 1;
            wave.put(s.person() + "|" + s.send(), r / capacity.get(s.channel()));
            counts.merge(s.channel(), 1L, Long::sum);
        }

        DecisionPolicy policy = DecisionPolicy.from(PolicyConfig.defaults().with(
                "policy.notification.capacity-per-day { EMAIL = 7, SMS = 5, LETTER = 3 }", "test capacities"));
        // Nine fixed partitions, then what a local run does (adaptive, from 200 partitions merged).
        // Each with the buckets read back, and with the sort that replaces them when they would hold too many sends.
        for (boolean adaptiveRun : List.of(false, true)) {
            for (long maxCollected : List.of(Waves.MAX_COLLECTED, 0L)) {
                check(spark, rows, policy, expected, wave, counts, capacity, adaptiveRun, maxCollected);
            }
        }
    }

    private static void check(SparkSession spark, List<Row> rows, DecisionPolicy policy, List<Send> expected, Map<String, Integer> wave,
                              Map<String, Long> counts, Map<String, Integer> capacity, boolean adaptiveRun, long maxCollected) {
        String partitions = spark.conf().get("spark.sql.shuffle.partitions");
        String adaptive = spark.conf().get("spark.sql.adaptive.enabled");
        spark.conf().set("spark.sql.shuffle.partitions", adaptiveRun ? "200" : "9");
        spark.conf().set("spark.sql.adaptive.enabled", String.valueOf(adaptiveRun));
        Dataset<Row> queue = null;
        try {
            Dataset<Row> classified = spark.createDataFrame(rows, CLASSIFIED);
            LocalDate start = LocalDate.of(2025, 12, 1);
            queue = SendQueue.rows(classified, List.of("email"), Map.of(), "FOLLOW-UP").cache();
            Waves waves = Waves.of(SendQueue.sends(queue), policy, start, maxCollected);
            Dataset<Row> waved = waves.on(queue);
            assertEquals(counts, waves.sendsByChannel());
            Map<String, Long> days = new TreeMap<>();
            counts.forEach((c, n) -> days.put(c, (n + capacity.get(c) - 1) / capacity.get(c)));
            assertEquals(days, waves.daysByChannel());

            List<Row> sends = SendQueue.sends(waved).select("person_id", "send", "queue", "wave", "wave_date", "send_template_id", "kind",
                    "email", "notification_id").collectAsList();
            assertEquals(expected.size(), sends.size());
            for (Row s : sends) {
                int w = wave.get(s.getString(0) + "|" + s.getString(1));
                assertEquals(w, s.getInt(3), s.toString());
                assertEquals(java.sql.Date.valueOf(start.plusDays(w)), s.getDate(4));
                String template = SendQueue.EXTRA_LETTER.equals(s.getString(1)) ? "T.LETTER" : "T." + s.getString(2);
                assertEquals("FOLLOW_UP".equals(s.getString(6)) ? "FOLLOW-UP." + template : template, s.getString(5));
                assertTrue(s.getString(7).endsWith("@x.fr"), "a send keeps its contact");
                assertTrue(s.getString(8).matches("N[0-9a-f]{24}"), s.getString(8));
            }
            // The manifests' sort key never puts a send before one that goes out earlier in its queue.
            Map<String, Long> key = new HashMap<>();
            for (Row s : SendQueue.sends(waved).select(col("person_id"), col("send"), waves.orderKey()).collectAsList()) {
                key.put(s.getString(0) + "|" + s.getString(1), s.getLong(2));
            }
            for (int i = 1; i < expected.size(); i++) {
                Send before = expected.get(i - 1);
                Send after = expected.get(i);
                if (before.channel().equals(after.channel())) {
                    assertTrue(key.get(before.person() + "|" + before.send()) <= key.get(after.person() + "|" + after.send()), after.toString());
                }
            }
            // Every person once among the decisions; contacts only on sends.
            assertEquals(rows.size(), SendQueue.decisions(waved).count());
            for (Row d : SendQueue.decisions(waved).filter(col("send").isNull()).select("email", "wave", "queue").collectAsList()) {
                assertNull(d.get(0));
                assertNull(d.get(1));
                assertNull(d.get(2));
            }
        } finally {
            if (queue != null) {
                queue.unpersist();
            }
            spark.conf().set("spark.sql.shuffle.partitions", partitions);
            spark.conf().set("spark.sql.adaptive.enabled", adaptive);
        }
    }
}
