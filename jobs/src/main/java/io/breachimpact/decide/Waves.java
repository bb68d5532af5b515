package io.breachimpact.decide;

import org.apache.spark.api.java.function.Function;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF4;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import scala.Tuple2;

import java.io.Serializable;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.udf;

/**
 * Sending waves. Each channel sends its daily capacity, highest severity first, then by person id
 * (a re-run puts everyone in the same wave): the n-th send of a channel goes in wave n / capacity, on
 * the first wave date plus that many days.
 * <p>
 * The sends are sorted once, on four narrow columns, and only the first send of each wave is kept:
 * a few dozen keys. A send's wave is then the number of those keys at or before it — read off its own
 * columns wherever the send is, with no join of ranks back to the sends.
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
    private final Map<String, Long> sendsByChannel;
    private final Map<String, Long> daysByChannel;
    private final LocalDate first;

    private Waves(Map<String, List<Start>> starts, Map<String, Long> sendsByChannel, Map<String, Long> daysByChannel, LocalDate first) {
        this.starts = starts;
        this.sendsByChannel = sendsByChannel;
        this.daysByChannel = daysByChannel;
        this.first = first;
    }

    /**
     * @param sends {@code queue} (the send's channel), {@code score}, {@code person_id}, {@code send}
     * @param first the first wave's date
     */
    public static Waves of(Dataset<Row> sends, DecisionPolicy policy, LocalDate first) {
        Dataset<Row> queue = sends.select(col("queue"), col("score"), col("person_id"), col("send"));
        Map<String, Long> counts = new TreeMap<>();
        for (Row r : queue.groupBy("queue").count().collectAsList()) {
            counts.put(r.getString(0), r.getLong(1));
        }
        // The sorted queue holds the channels one after another (in name order, as Spark sorts them).
        Map<String, Long> offsets = new HashMap<>();
        long offset = 0;
        for (Map.Entry<String, Long> e : counts.entrySet()) {
            offsets.put(e.getKey(), offset);
            offset += e.getValue();
        }
        Map<String, Long> capacity = capacities(policy);
        Function<Tuple2<Row, Long>, Boolean> startsAWave = t -> {
            String channel = t._1().getString(0);
            long rank = t._2() - offsets.get(channel);
            return rank > 0 && rank % capacity.get(channel) == 0;
        };
        Map<String, List<Start>> starts = new HashMap<>();
        List<Tuple2<Row, Long>> kept = queue.orderBy(col("queue"), col("score").desc(), col("person_id"), col("send"))
                .javaRDD().zipWithIndex().filter(startsAWave).collect();
        for (Tuple2<Row, Long> t : kept) {
            Row r = t._1();
            starts.computeIfAbsent(r.getString(0), c -> new ArrayList<>()).add(new Start(r.getDecimal(1), r.getString(2), r.getString(3)));
        }
        starts.values().forEach(l -> l.sort(ORDER));
        return new Waves(starts, counts, days(counts, capacity), first);
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

    public Map<String, Long> sendsByChannel() {
        return sendsByChannel;
    }

    public Map<String, Long> daysByChannel() {
        return daysByChannel;
    }
}
