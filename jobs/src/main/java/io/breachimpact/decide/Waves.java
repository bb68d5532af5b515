package io.breachimpact.decide;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF4;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;

import java.io.Serializable;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.conv;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.hex;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.rpad;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;

/**
 * Sending waves. Each channel sends its daily capacity, highest severity first, then by person id
 * (a re-run puts everyone in the same wave): the n-th send of a channel goes in wave n / capacity, on
 * the first wave date plus that many days.
 * <p>
 * Only the first send of each wave is looked for ({@link #of}): a few dozen keys. A send's wave is then
 * the number of those keys at or before it — read off its own columns wherever the send is, with no
 * sort of the sends and no join of ranks back to them.
 */
public final class Waves implements Serializable {
    /** The first send of a wave after the first: its place in the queue's order. */
    record Start(BigDecimal score, String personId, String send) implements Serializable {
    }

    /**
     * Queue order: highest score first, then person id, then send — as Spark sorts them, since person
     * ids, channels and sends are ASCII (Java's and Spark's string orders agree) and scores are never null.
     */
    static final Comparator<Start> ORDER = Comparator.comparing(Start::score, Comparator.reverseOrder())
            .thenComparing(Start::personId).thenComparing(Start::send);

    private final Map<String, List<Start>> starts;
    /** Every score among the sends, highest first. */
    private final List<BigDecimal> scores;
    private final Map<String, Long> sendsByChannel;
    private final Map<String, Long> daysByChannel;
    private final LocalDate first;

    private Waves(Map<String, List<Start>> starts, List<BigDecimal> scores, Map<String, Long> sendsByChannel, Map<String, Long> daysByChannel,
                  LocalDate first) {
        this.starts = starts;
        this.scores = scores;
        this.sendsByChannel = sendsByChannel;
        this.daysByChannel = daysByChannel;
        this.first = first;
    }

    /**
     * Sends are counted by queue, score and the first four characters of the person id ("P" and three
     * hex digits of a keyed hash: 4,096 even buckets), whose running totals in queue order say which
     * bucket holds each wave's first send and at which place. Only the buckets holding a wave's first
     * send are then read back (a few thousand sends each at 19M) and sorted here: two scans of four
     * narrow columns and no sort of the sends (their sort and numbering took 26 s at 19M). When so
     * many waves begin that those buckets would hold more than {@link #MAX_COLLECTED} sends (small
     * daily capacities), the sends are sorted after all and only the first send of each wave is kept.
     */
    static final int BUCKET_CHARS = 4;
    static final long MAX_COLLECTED = 1_000_000;

    /**
     * @param sends {@code queue} (the send's channel), {@code score}, {@code person_id}, {@code send}
     * @param first the first wave's date
     */
    public static Waves of(Dataset<Row> sends, DecisionPolicy policy, LocalDate first) {
        return of(sends, policy, first, MAX_COLLECTED);
    }

    static Waves of(Dataset<Row> sends, DecisionPolicy policy, LocalDate first, long maxCollected) {
        Dataset<Row> queue = sends.select(col("queue"), col("score"), col("person_id"), col("send"))
                .withColumn("bucket", substring(col("person_id"), 1, BUCKET_CHARS));
        // Buckets in queue order: a bucket is a prefix of its ids, so bucket order is id order.
        List<Bucket> buckets = new ArrayList<>();
        for (Row r : queue.groupBy("queue", "score", "bucket").count().collectAsList()) {
            buckets.add(new Bucket(r.getString(0), r.getDecimal(1), r.getString(2), r.getLong(3)));
        }
        buckets.sort(Comparator.comparing(Bucket::queue).thenComparing(Bucket::score, Comparator.reverseOrder())
                .thenComparing(Bucket::bucket));
        Map<String, Long> capacity = capacities(policy);
        Map<String, Long> counts = new TreeMap<>();
        // Where each wave after the first begins: its bucket, and its place among the bucket's sends.
        Map<Bucket, List<Long>> waveStarts = new LinkedHashMap<>();
        for (Bucket b : buckets) {
            long before = counts.getOrDefault(b.queue(), 0L);
            long perDay = capacity.get(b.queue());
            // The first rank in [before, before + count) that is a positive multiple of the capacity.
            for (long rank = Math.max(perDay, (before + perDay - 1) / perDay * perDay); rank < before + b.count(); rank += perDay) {
                waveStarts.computeIfAbsent(b, x -> new ArrayList<>()).add(rank - before);
            }
            counts.put(b.queue(), before + b.count());
        }
        // Read back by queue and bucket (a set lookup per send); the scores are told apart here.
        java.util.Set<String> keys = new java.util.HashSet<>();
        waveStarts.keySet().forEach(b -> keys.add(b.queue() + "|" + b.bucket()));
        long collected = buckets.stream().filter(b -> keys.contains(b.queue() + "|" + b.bucket())).mapToLong(Bucket::count).sum();
        Map<String, List<Start>> starts = collected > maxCollected ? startsBySort(queue, counts, capacity) : new HashMap<>();
        if (collected <= maxCollected && !waveStarts.isEmpty()) {
            Map<Bucket, List<Start>> members = new HashMap<>();
            for (Row r : queue.filter(concat_ws("|", col("queue"), col("bucket")).isin(keys.toArray())).collectAsList()) {
                Bucket b = new Bucket(r.getString(0), r.getDecimal(1), r.getString(4), 0);
                members.computeIfAbsent(b, x -> new ArrayList<>()).add(new Start(r.getDecimal(1), r.getString(2), r.getString(3)));
            }
            waveStarts.forEach((b, places) -> {
                List<Start> sorted = members.get(b.key());
                sorted.sort(ORDER);
                places.forEach(place -> starts.computeIfAbsent(b.queue(), c -> new ArrayList<>()).add(sorted.get(Math.toIntExact(place))));
            });
        }
        starts.values().forEach(l -> l.sort(ORDER));
        List<BigDecimal> scores = buckets.stream().map(Bucket::score).distinct().sorted(Comparator.reverseOrder()).toList();
        return new Waves(starts, scores, counts, days(counts, capacity), first);
    }

    /** Every wave's first send, by a sort of all the sends in queue order, numbered; only the firsts are kept. */
    private static Map<String, List<Start>> startsBySort(Dataset<Row> queue, Map<String, Long> counts, Map<String, Long> capacity) {
        // The sorted queue holds the channels one after another (in name order, as Spark sorts them).
        Map<String, Long> offsets = new HashMap<>();
        long offset = 0;
        for (Map.Entry<String, Long> e : counts.entrySet()) {
            offsets.put(e.getKey(), offset);
            offset += e.getValue();
        }
        org.apache.spark.api.java.function.Function<scala.Tuple2<Row, Long>, Boolean> startsAWave = t -> {
            String channel = t._1().getString(0);
            long rank = t._2() - offsets.get(channel);
            return rank > 0 && rank % capacity.get(channel) == 0;
        };
        Map<String, List<Start>> starts = new HashMap<>();
        for (scala.Tuple2<Row, Long> t : queue.orderBy(col("queue"), col("score").desc(), col("person_id"), col("send"))
                .javaRDD().zipWithIndex().filter(startsAWave).collect()) {
            Row r = t._1();
            starts.computeIfAbsent(r.getString(0), c -> new ArrayList<>()).add(new Start(r.getDecimal(1), r.getString(2), r.getString(3)));
        }
        return starts;
    }

    /** The sends of one queue and score whose person ids begin alike, and how many there are. */
    private record Bucket(String queue, BigDecimal score, String bucket, long count) {
        /** The bucket without its count: what a send read back is filed under. */
        Bucket key() {
            return new Bucket(queue, score, bucket, 0);
        }
    }

    private static Map<String, Long> capacities(DecisionPolicy policy) {
        Map<String, Long> capacity = new HashMap<>();
        policy.capacityPerDay().forEach((c, n) -> capacity.put(c.name(), n));
        return capacity;
    }

    /** Days each channel needs to send its sends at its daily capacity. */
    public static Map<String, Long> days(Map<String, Long> sendsByChannel, DecisionPolicy policy) {
        return days(sendsByChannel, capacities(policy));
    }

    private static Map<String, Long> days(Map<String, Long> sendsByChannel, Map<String, Long> capacity) {
        Map<String, Long> days = new TreeMap<>();
        sendsByChannel.forEach((c, n) -> days.put(c, (n + capacity.get(c) - 1) / capacity.get(c)));
        return days;
    }

    /** The wave of a send of {@code queue} (null for a row that is not a send). */
    int wave(String queue, BigDecimal score, String personId, String send) {
        List<Start> list = starts.getOrDefault(queue, List.of());
        Start key = new Start(score, personId, send);
        // The number of waves' first sends at or before this send.
        int lo = 0;
        int hi = list.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (ORDER.compare(list.get(mid), key) <= 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** {@code rows} with {@code wave} and {@code wave_date} (the first wave's date plus the wave): null on rows that are not sends. */
    public Dataset<Row> on(Dataset<Row> rows) {
        UserDefinedFunction f = udf((UDF4<String, BigDecimal, String, String, Integer>) (queue, score, personId, send) ->
                queue == null ? null : wave(queue, score, personId, send), DataTypes.IntegerType);
        return rows.withColumn("wave", f.apply(col("queue"), col("score"), col("person_id"), col("send")))
                .withColumn("wave_date", date_add(lit(java.sql.Date.valueOf(first)), col("wave")));
    }

    /**
     * A number that sorts the sends of a queue in queue order, ties aside: the score's place among the
     * scores (highest first) in its top byte, then the first seven bytes of the person id. A sort that
     * begins with it compares two longs where it compared a decimal that hardly varies and then two
     * ids; ties (ids alike in their first bytes) fall to the columns after it. Beyond 127 scores the
     * number cannot hold their place, and is the same for every send.
     */
    public Column orderKey() {
        if (scores.size() > 127) {
            return lit(0L);
        }
        Column place = lit(null).cast("long");
        for (int i = scores.size() - 1; i >= 0; i--) {
            place = when(col("score").equalTo(lit(scores.get(i))), lit((long) i)).otherwise(place);
        }
        // Bytes in big-endian order, zero-padded: a larger id never gets a smaller number.
        Column idBytes = conv(rpad(substring(hex(substring(col("person_id"), 1, 7)), 1, 14), 14, "0"), 16, 10).cast("long");
        return place.multiply(lit(1L << 56)).plus(idBytes);
    }

    public Map<String, Long> sendsByChannel() {
        return sendsByChannel;
    }

    public Map<String, Long> daysByChannel() {
        return daysByChannel;
    }
}
