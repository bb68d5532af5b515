package io.breachimpact.identity;

import io.breachimpact.error.BreachImpactException;
import io.breachimpact.ingest.normalize.PersonKeys;
import io.breachimpact.pipeline.RunContext;
import io.breachimpact.pipeline.RunLedger;
import io.breachimpact.pipeline.StageTimer;
import io.breachimpact.spark.DeltaTables;
import io.breachimpact.spark.Lake;
import io.breachimpact.spark.SparkSessions;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.sql.Timestamp;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;

/**
 * Records → persons. Reads silver/records, forms candidate pairs inside blocks, joins them into
 * connected components and writes silver/persons (one row per human) and silver/person_records (which
 * person each record is). Person ids come from each component's first-ingested record, keyed by the
 * secret, so they do not move when batches are added. Re-running on unchanged silver changes nothing.
 */
public final class ResolveJob {
    private static final Logger LOG = LoggerFactory.getLogger(ResolveJob.class);
    public static final String JOB = "resolve";
    /** A person's records form a small graph; a chain this long means a matching rule gone wrong. */
    private static final int MAX_ROUNDS = 30;

    /**
     * The shape of silver/persons: part of a run's input fingerprint, so that a new column
     * (2: document_exposures) is written on the next run even when the records did not change.
     */
    static final int PERSONS_VERSION = 2;

    private final ResolveConfig config;
    private final Lake lake;
    private final PersonKeys keys;
    private final Optional<String> truth;
    private final RunContext run;
    private final StageTimer timer = new StageTimer(JOB);

    public ResolveJob(ResolveConfig config, Lake lake, PersonKeys keys, Optional<String> truth, RunContext run) {
        this.config = config;
        this.lake = lake;
        this.keys = keys;
        this.truth = truth;
        this.run = run;
    }

    /**
     * What a run did; {@code links} is records − persons (the records joined to another), {@code rounds}
     * the connected-component rounds of the records with an unreadable birth date; {@code quality}
     * only when ground truth was given.
     */
    public record Result(boolean skipped, long records, long persons, long links, int rounds, long cappedBlocks, long cappedSurnames,
                         Optional<PairwiseQuality> quality, Map<String, Long> tableVersions) {
    }

    public Result run(SparkSession spark) {
        run.tagCommits(spark);
        Timestamp started = new Timestamp(System.currentTimeMillis());
        RunLedger ledger = new RunLedger(spark, lake);
        Dataset<Row> silver = DeltaTables.require(spark, lake.silverRecords(), "silver/records", "breach-impact ingest");
        truth.ifPresent(t -> requireTruth(spark, t));
        long silverVersion = DeltaTables.version(spark, lake.silverRecords()).orElse(-1L);
        String inputs = "silver/records@" + silverVersion + truth.map(t -> ";truth " + t).orElse("") + ";persons " + PERSONS_VERSION;
        Optional<Row> previous = ledger.lastSucceeded(null, JOB);
        if (previous.isPresent() && inputs.equals(previous.get().getAs("input_fingerprint"))
                && run.configHash().equals(previous.get().getAs("config_hash"))
                && DeltaTables.exists(spark, lake.silverPersons())) {
            LOG.info("silver/records is unchanged since the last resolve ({}): nothing to do", inputs);
            ledger.record(run.record(JOB, null, RunLedger.Status.SKIPPED, started, inputs, Map.of(), Map.of(), "silver/records unchanged"));
            return new Result(true, 0, 0, 0, 0, 0, 0, truth.flatMap(t -> storedQuality(previous.get())), Map.of());
        }
        return ledger.track(run, JOB, null, started, inputs, timer, () -> resolve(spark, silver.withColumn("node", Resolution.nodeKey())),
                ResolveJob::counts, Result::tableVersions);
    }

    private static Map<String, Long> counts(Result result) {
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("records", result.records());
        counts.put("persons", result.persons());
        counts.put("links", result.links());
        counts.put("rounds", (long) result.rounds());
        counts.put("capped_blocks", result.cappedBlocks());
        counts.put("capped_surnames", result.cappedSurnames());
        result.quality().ifPresent(q -> {
            counts.put("truth_records", q.records());
            counts.put("pairs_predicted", q.predictedPairs());
            counts.put("pairs_true", q.truePairs());
            counts.put("pairs_correct", q.correctPairs());
            // The ledger holds integers: ratios in parts per million.
            counts.put("precision_ppm", Math.round(q.precision() * 1e6));
            counts.put("recall_ppm", Math.round(q.recall() * 1e6));
            counts.put("f1_ppm", Math.round(q.f1() * 1e6));
        });
        return counts;
    }

    private Result resolve(SparkSession spark, Dataset<Row> records) {
        SparkSessions.describe(spark, JOB, "records into persons");
        timer.stage("persons");
        Resolution.Result resolved = Resolution.resolve(spark, records, new BlockMatcher(config.maxBlockSize(), config.maxSurnameDistance()),
                new PersonAssembler(keys));
        DeltaTables.replace(io.breachimpact.pipeline.FailPoints.duringWrite(resolved.persons(), "resolve.persons-write"), lake.silverPersons(), 2);
        // Counted by the write's tasks: known once the persons are written.
        if (resolved.cappedBlocks() > 0) {
            LOG.warn("{} block(s) (same birth date and given names) held more than {} distinct surnames ({} in all): their surnames "
                    + "were not compared", resolved.cappedBlocks(), config.maxBlockSize(), resolved.cappedSurnames());
        }
        SparkSessions.describe(spark, JOB, "write silver/person_records");
        timer.stage("links");
        DeltaTables.replace(DeltaTables.read(spark, lake.silverPersons())
                .select(explode(col("record_ids")).as("record_id"), col("person_id")), lake.silverPersonRecords(), 2);

        timer.stage("count");
        long recordCount = DeltaTables.read(spark, lake.silverPersonRecords()).count();
        long personCount = DeltaTables.read(spark, lake.silverPersons()).count();
        long silverCount = records.count();
        if (recordCount != silverCount) {
            throw new BreachImpactException(io.breachimpact.error.ExitCode.RECONCILIATION_FAILED, "silver/person_records links "
                    + recordCount + " records, silver/records holds " + silverCount);
        }
        Optional<PairwiseQuality> quality = truth.map(t -> {
            SparkSessions.describe(spark, JOB, "quality against the ground truth");
            timer.stage("quality");
            return PairwiseQuality.of(DeltaTables.read(spark, lake.silverPersonRecords()), readTruth(spark, t));
        });
        timer.end();
        Map<String, Long> versions = new LinkedHashMap<>();
        versions.put("silver/records", DeltaTables.version(spark, lake.silverRecords()).orElse(-1L));
        versions.put("silver/persons", DeltaTables.version(spark, lake.silverPersons()).orElse(-1L));
        versions.put("silver/person_records", DeltaTables.version(spark, lake.silverPersonRecords()).orElse(-1L));
        return new Result(false, recordCount, personCount, recordCount - personCount, resolved.rounds(), resolved.cappedBlocks(),
                resolved.cappedSurnames(), quality, versions);
    }

    /** The quality an earlier run measured on the same records and truth. */
    private static Optional<PairwiseQuality> storedQuality(Row previousRun) {
        scala.collection.Map<String, Object> counts = previousRun.getMap(previousRun.fieldIndex("counts"));
        if (!counts.contains("pairs_correct")) {
            return Optional.empty();
        }
        return Optional.of(new PairwiseQuality(number(counts, "pairs_predicted"), number(counts, "pairs_true"),
                number(counts, "pairs_correct"), number(counts, "truth_records")));
    }

    private static long number(scala.collection.Map<String, Object> counts, String key) {
        return ((Number) counts.apply(key)).longValue();
    }

    private static void requireTruth(SparkSession spark, String path) {
        try {
            Path p = new Path(path);
            if (!p.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(p)) {
                throw BreachImpactException.badInput("--truth " + path + " does not exist");
            }
        } catch (IOException e) {
            throw BreachImpactException.badInput("--truth " + path + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** The generator's truth files: {@code record_id, person_id, …} CSV with a header. */
    static Dataset<Row> readTruth(SparkSession spark, String path) {
        Dataset<Row> truth = spark.read().option("header", "true").option("pathGlobFilter", "truth-*.csv").csv(path);
        if (!List.of(truth.columns()).containsAll(List.of("record_id", "person_id"))) {
            throw BreachImpactException.badInput("--truth " + path + " is not the generator's ground truth (no record_id, person_id columns)");
        }
        return truth.select(col("record_id"), col("person_id"));
    }
}
