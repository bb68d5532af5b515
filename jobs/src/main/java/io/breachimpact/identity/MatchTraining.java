package io.breachimpact.identity;

import io.breachimpact.identity.match.BlockLinker;
import io.breachimpact.identity.match.BlockingStats;
import io.breachimpact.identity.match.FrenchNames;
import io.breachimpact.identity.match.MatchModel;
import io.breachimpact.identity.match.MatchRecord;
import io.breachimpact.identity.match.ModelTraining;
import org.apache.spark.api.java.function.FlatMapGroupsFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.hash;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.udf;

/**
 * Trains the {@link MatchModel} on the records themselves, before any pair is linked:
 * <ul>
 *   <li>u, chance agreement: random pairs among a sample of records;</li>
 *   <li>surname frequencies for the term-frequency adjustment, over all records;</li>
 *   <li>m and the prior: EM over the candidate pairs of a sample of whole birth-date blocks.</li>
 * </ul>
 * Samples are picked by a hash of the record or block, not by Spark's sampler: the same records give
 * the same model, whatever files or partitions they sit in, so re-running changes nothing.
 */
final class MatchTraining {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(MatchTraining.class);

    private MatchTraining() {
    }

    /** Records whose blocks train EM: enough for every level of every field to show (about 2 % at 19M). */
    static final long TRAINING_RECORDS = 400_000;
    /** Records drawn for chance agreement, and random pairs among them. */
    static final long CHANCE_RECORDS = 20_000;
    static final int CHANCE_PAIRS = 2_000_000;
    /**
     * Term frequencies: surnames held by at least {@link #MIN_SURNAME_COUNT} records, the most frequent
     * {@link #FREQUENT_SURNAMES}; any other surname counts as held by that many. Below
     * {@link #TERM_FREQUENCY_RECORDS} records, a frequency says too little: the model's u is used.
     */
    static final int FREQUENT_SURNAMES = 100_000;
    static final long MIN_SURNAME_COUNT = 5;
    static final long TERM_FREQUENCY_RECORDS = 100_000;
    private static final int HASH_BUCKETS = 1_000_000;

    /** A model and how its training went, for the log and the lake's copy. */
    record Trained(MatchModel model, ModelTraining.Estimate estimate, BlockingStats blocking, long trainingRecords, double candidatePairs) {
    }

    /**
     * The records training reads, in one scan: chance agreement's ({@code for_chance}), the training
     * blocks' ({@code for_training}) and whatever else the caller needs of the records
     * ({@code for_caller}); stored, a few hundred thousand records at most.
     *
     * @param records   how many records there are
     * @param forCaller the caller's records
     */
    static Dataset<Row> samples(Dataset<Row> blocked, long records, Column forCaller) {
        long chanceBuckets = Math.min(HASH_BUCKETS, Math.max(1, HASH_BUCKETS * CHANCE_RECORDS / Math.max(1, records)));
        long trainingBuckets = Math.min(HASH_BUCKETS, Math.max(1, HASH_BUCKETS * TRAINING_RECORDS / Math.max(1, records)));
        Column forChance = pmod(hash(col("node")), lit(HASH_BUCKETS)).lt(chanceBuckets);
        Column forTraining = pmod(hash(col("block_date")), lit(HASH_BUCKETS)).lt(trainingBuckets);
        return blocked.filter(forChance.or(forTraining).or(forCaller)).withColumn("for_chance", forChance)
                .withColumn("for_training", forTraining).withColumn("for_caller", forCaller).localCheckpoint(true);
    }

    /** The sample's records of one kind, without the flags. */
    static Dataset<Row> of(Dataset<Row> samples, String flag) {
        return samples.filter(col(flag)).drop("for_chance", "for_training", "for_caller");
    }

    /**
     * @param samples {@link #samples}
     * @param slips   the comparisons of pairs across birth-date blocks ({@link BirthDateSlips}), all of
     *                them: as many are added to the blocks' candidates as the blocks' sample holds
     */
    static Trained train(SparkSession spark, Dataset<Row> silver, long records, Dataset<Row> samples, Map<Integer, Long> slips,
                         ResolveConfig config, Resolution.RowMatch toMatch) {
        records = Math.max(1, records);
        List<Row> drawn = new ArrayList<>(of(samples, "for_chance").collectAsList());
        drawn.sort(Comparator.comparing(r -> r.<String>getAs("node")));
        List<MatchRecord> sample = new ArrayList<>(drawn.size());
        drawn.forEach(r -> sample.add(toMatch.apply(r)));
        long started = System.nanoTime();
        double[][] chance = ModelTraining.chanceAgreement(sample, CHANCE_PAIRS, 20251031L);
        LOG.info("chance agreement from random pairs of {} sampled records: {} ms", sample.size(), (System.nanoTime() - started) / 1_000_000);

        // Surname frequencies, once there are enough records to tell a common surname from a rare one.
        Map<String, Double> frequency = new HashMap<>();
        double rarest = MIN_SURNAME_COUNT / (double) records;
        if (records >= TERM_FREQUENCY_RECORDS) {
            UDF1<String, String> form = FrenchNames::form;
            // Counted per surname as written first, natively: far fewer values than records to put into form.
            List<Row> frequent = silver.filter(col("surname_key").isNotNull()).groupBy("surname_key").agg(count(lit(1)).as("n"))
                    .select(udf(form, DataTypes.StringType).apply(col("surname_key")).as("form"), col("n"))
                    .filter(col("form").isNotNull()).groupBy("form").agg(sum("n").as("n"))
                    .filter(col("n").geq(MIN_SURNAME_COUNT))
                    .orderBy(col("n").desc(), col("form")).limit(FREQUENT_SURNAMES).collectAsList();
            double smallest = 1.0;
            for (Row r : frequent) {
                double share = (double) r.getLong(1) / records;
                frequency.put(r.getString(0), share);
                smallest = Math.min(smallest, share);
            }
            if (frequent.size() == FREQUENT_SURNAMES) {
                rarest = Math.max(rarest, smallest); // the list was cut: a surname left out may be as frequent as its last
            }
        }

        // EM over the candidate pairs of a sample of blocks.
        int cap = config.maxBlockSize();
        StructType counted = new StructType().add("comparison", DataTypes.IntegerType, false).add("n", DataTypes.LongType, false);
        BlockingStatsAccumulator blocking = new BlockingStatsAccumulator();
        spark.sparkContext().register(blocking, "training blocking analysis");
        Dataset<Row> trainingBlocks = of(samples, "for_training");
        List<Row> comparisons = trainingBlocks
                .groupBy(col("block_date"))
                .as(Encoders.row(trainingBlocks.select("block_date").schema()), Encoders.row(trainingBlocks.schema()))
                .flatMapGroups((FlatMapGroupsFunction<Row, Row, Row>) (key, rows) -> {
                    List<Row> block = new ArrayList<>();
                    rows.forEachRemaining(block::add);
                    block.sort(Comparator.comparing(r -> r.<String>getAs("node")));
                    List<MatchRecord> members = new ArrayList<>(block.size());
                    block.forEach(r -> members.add(toMatch.apply(r)));
                    BlockingStats stats = new BlockingStats();
                    stats.block(block.size());
                    List<Row> out = new ArrayList<>();
                    out.add(RowFactory.create(-1, (long) block.size())); // the block's records, for the prior
                    for (int[] pair : BlockLinker.candidates(members, cap, stats)) {
                        out.add(RowFactory.create(pair[3], 1L));
                    }
                    blocking.add(stats);
                    return out.iterator();
                }, Encoders.row(counted))
                .groupBy("comparison").agg(sum("n").as("n")).collectAsList();
        Map<Integer, Double> byComparison = new HashMap<>();
        long trainingRecords = 0;
        double candidatePairs = 0;
        for (Row r : comparisons) {
            if (r.getInt(0) < 0) {
                trainingRecords = r.getLong(1);
            } else {
                byComparison.put(r.getInt(0), (double) r.getLong(1));
                candidatePairs += r.getLong(1);
            }
        }
        double sampled = (double) trainingRecords / records; // the records the blocks' sample holds, whatever their dates
        for (Map.Entry<Integer, Long> e : new java.util.TreeMap<>(slips).entrySet()) {
            byComparison.merge(e.getKey(), e.getValue() * sampled, Double::sum);
            candidatePairs += e.getValue() * sampled;
        }
        ModelTraining.Estimate estimate = ModelTraining.expectationMaximisation(byComparison, chance, 200, 1e-7);
        MatchModel model = ModelTraining.model(estimate, chance, candidatePairs, trainingRecords, records, frequency, rarest);
        return new Trained(model, estimate, blocking.value(), trainingRecords, candidatePairs);
    }
}
