package io.breachimpact.decide;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.sql.Date;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.desc;
import static org.apache.spark.sql.functions.lit;

/**
 * Sending waves. Each channel sends its daily capacity, highest severity first (then by person id,
 * so that a re-run puts everyone in the same wave): the n-th send of a channel goes in wave
 * n / capacity, on the first wave date plus that many days. Ranks come from one distributed sort and
 * its positions, not from a window over a whole channel in one task.
 */
public final class Waves {
    private Waves() {
    }

    public static final StructType SENDS = new StructType()
            .add("person_id", DataTypes.StringType, false)
            .add("send", DataTypes.StringType, false)
            .add("channel", DataTypes.StringType, false)
            .add("wave", DataTypes.IntegerType, false)
            .add("wave_date", DataTypes.DateType, false);

    /** The sends of a run, with their waves and how many days each channel needs. */
    public record Result(Dataset<Row> sends, Map<String, Long> sendsByChannel, Map<String, Long> daysByChannel) {
    }

    /**
     * @param decisions {@code person_id}, {@code outcome}, {@code score}, {@code channel}, {@code extra_letter}
     * @param start     the first wave's date
     */
    public static Result schedule(SparkSession spark, Dataset<Row> decisions, DecisionPolicy policy, java.time.LocalDate start) {
        Dataset<Row> notices = decisions.filter(col("outcome").equalTo(Decisions.NOTICE));
        Dataset<Row> queue = notices.select(col("person_id"), lit("NOTICE").as("send"), col("channel"), col("score"))
                .unionByName(notices.filter(col("extra_letter"))
                        .select(col("person_id"), lit("EXTRA_LETTER").as("send"), lit("LETTER").as("channel"), col("score")))
                .orderBy(col("channel"), desc("score"), col("person_id"), col("send"))
                .localCheckpoint(true);
        Map<String, Long> counts = new TreeMap<>();
        for (Row r : queue.groupBy("channel").count().collectAsList()) {
            counts.put(r.getString(0), r.getLong(1));
        }
        // Positions in the sorted queue: a channel's sends start where the previous channels' end.
        Map<String, Long> offsets = new HashMap<>();
        long offset = 0;
        for (Map.Entry<String, Long> e : counts.entrySet()) {
            offsets.put(e.getKey(), offset);
            offset += e.getValue();
        }
        Map<String, Long> capacity = new HashMap<>();
        policy.capacityPerDay().forEach((c, n) -> capacity.put(c.name(), n));
        long firstDay = start.toEpochDay();
        JavaRDD<Row> ranked = queue.javaRDD().zipWithIndex().map(t -> {
            Row r = t._1();
            String channel = r.getString(2);
            long rank = t._2() - offsets.get(channel);
            int wave = (int) (rank / capacity.get(channel));
            return RowFactory.create(r.getString(0), r.getString(1), channel, wave, Date.valueOf(java.time.LocalDate.ofEpochDay(firstDay + wave)));
        });
        Map<String, Long> days = new TreeMap<>();
        counts.forEach((c, n) -> days.put(c, (n + capacity.get(c) - 1) / capacity.get(c)));
        return new Result(spark.createDataFrame(ranked, SENDS), counts, days);
    }
}
