package io.breachimpact.identity;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.util.Locale;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

/**
 * How well records were grouped, against the generator's ground truth: over all pairs of records,
 * precision (pairs put together that belong together) and recall (pairs that belong together and were
 * put together). Counted from cluster sizes, never by listing pairs: n records make n(n-1)/2 pairs.
 */
public record PairwiseQuality(long predictedPairs, long truePairs, long correctPairs, long records) {

    /**
     * @param predicted columns {@code record_id}, {@code person_id}
     * @param truth     columns {@code record_id}, {@code person_id} (the generator's)
     */
    public static PairwiseQuality of(Dataset<Row> predicted, Dataset<Row> truth) {
        // Only the records both sides know: quarantined records are not the resolver's to group.
        // One join, then everything from its cells: (predicted person, true person) → records.
        Dataset<Row> cells = predicted.select(col("record_id"), col("person_id").as("predicted"))
                .join(truth.select(col("record_id"), col("person_id").as("actual")), "record_id")
                .groupBy("predicted", "actual").agg(count(lit(1)).as("n"))
                .localCheckpoint(true);
        Row r = cells.groupBy().agg(sum(pairs(col("n"))), sum(col("n"))).first();
        long predictedPairs = pairsBy(cells, "predicted");
        long truePairs = pairsBy(cells, "actual");
        return new PairwiseQuality(predictedPairs, truePairs, r.isNullAt(0) ? 0 : r.getLong(0), r.isNullAt(1) ? 0 : r.getLong(1));
    }

    private static long pairsBy(Dataset<Row> cells, String cluster) {
        Row r = cells.groupBy(cluster).agg(sum(col("n")).as("n")).groupBy().agg(sum(pairs(col("n")))).first();
        return r.isNullAt(0) ? 0 : r.getLong(0);
    }

    private static Column pairs(Column n) {
        return n.multiply(n.minus(1)).divide(2).cast("long");
    }

    public double precision() {
        return predictedPairs == 0 ? 1.0 : (double) correctPairs / predictedPairs;
    }

    public double recall() {
        return truePairs == 0 ? 1.0 : (double) correctPairs / truePairs;
    }

    public double f1() {
        double p = precision();
        double r = recall();
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    public String render() {
        return String.format(Locale.ROOT, "pairwise precision %.4f, recall %.4f, F1 %.4f (%,d records; %,d pairs predicted, %,d true, %,d correct)",
                precision(), recall(), f1(), records, predictedPairs, truePairs, correctPairs);
    }
}
