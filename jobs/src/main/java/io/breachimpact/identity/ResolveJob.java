package io.breachimpact.identity;

import io.breachimpact.error.BreachImpactException;
import io.breachimpact.identity.match.BlockingStats;
import io.breachimpact.ingest.normalize.PersonKeys;
import io.breachimpact.pipeline.CountKey;
import io.breachimpact.pipeline.Counts;
import io.breachimpact.pipeline.JobName;
import io.breachimpact.pipeline.JobScope;
import io.breachimpact.pipeline.LakeJob;
import io.breachimpact.pipeline.LakeTable;
import io.breachimpact.pipeline.RunLedger;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.size;

/**
 * Records → persons. Reads silver/records, pairs records inside blocks of one birth date, links the
 * pairs a match model trained on the data accepts ({@link Resolution}) and writes silver/persons (one
 * row per human) and silver/person_records (which person each record is). Person ids come from each component's first-ingested record, keyed by the
 * secret, so they do not move when batches are added. Re-running on unchanged silver changes nothing.
 */
public final class ResolveJob implements LakeJob<ResolveJob.Result> {
    private static final Logger LOG = LoggerFactory.getLogger(ResolveJob.class);
    public static final JobName JOB = JobName.RESOLVE;
    /**
     * The shape of silver/persons and how they are made: part of a run's input fingerprint, so that a
     * new column (2: document_exposures), a new way of linking (3: a match model trained on the data) or
     * a new table (4: the links that made each person, and corrections), new comparisons (5: the same
     * street and city under another postal code; undated records tied despite a surname's typo), a new
     * column of the links (6: a birth date imputed) is applied on the next run even when the records did
     * not change.
     */
    static final int PERSONS_VERSION = 6;

    /** What a run counts, in ops/runs. */
    public enum Count implements CountKey {
        RECORDS, PERSONS, LINKS, ROUNDS,
        /** Blocking keys held by more records of a block than resolve.max-block-size: not paired. */
        CAPPED_BLOCKS,
        /** Candidate pairs the blocking rules made, each counted once; the largest birth-date block. */
        CANDIDATE_PAIRS, LARGEST_BLOCK,
        /** Corrections applied (pairs of records kept apart), and those naming a record silver no longer holds. */
        CORRECTIONS, CORRECTIONS_WITHOUT_RECORDS,
        /** 1 when this run trained the match model, 0 when the lake's served; the records it was trained on. */
        MODEL_TRAINED, MODEL_RECORDS,
        /** Against the ground truth, when given: pairs, and ratios in parts per million (the ledger holds integers). */
        TRUTH_RECORDS, PAIRS_PREDICTED, PAIRS_TRUE, PAIRS_CORRECT, PRECISION_PPM, RECALL_PPM, F1_PPM
    }

    private final ResolveConfig config;
    private final PersonKeys keys;
    private final Optional<String> truth;
    private boolean retrain;

    public ResolveJob(ResolveConfig config, PersonKeys keys, Optional<String> truth) {
        this.config = config;
        this.keys = keys;
        this.truth = truth;
    }

    /** Trains the match model again whatever the lake holds ({@code resolve --retrain}). */
    public ResolveJob retraining() {
        this.retrain = true;
        return this;
    }

    /**
     * What a run did; {@code links} is records − persons (the records joined to another), {@code rounds}
     * the connected-component rounds of the records with an unreadable birth date; {@code quality}
     * only when ground truth was given; {@code modelTrained} whether this run trained the match model (else
     * the lake's served), {@code modelRecords} the records it was trained on.
     */
    public record Result(boolean skipped, long records, long persons, long links, int rounds, long cappedBlocks, long candidatePairs,
                         long largestBlock, long corrections, long correctionsWithoutRecords, boolean modelTrained, long modelRecords,
                         Optional<PairwiseQuality> quality) {
    }

    @Override
    public JobName name() {
        return JOB;
    }

    @Override
    public List<LakeTable> inputs() {
        return List.of(LakeTable.SILVER_RECORDS);
    }

    @Override
    public String dependsOn() {
        // The settings that decide links: persons made under others are made again.
        return truth.map(t -> "truth " + t + ";").orElse("") + "persons " + PERSONS_VERSION + "; match-probability "
                + config.matchProbability() + "; max-block-size " + config.maxBlockSize() + "; retrain-after-change "
                + config.retrainAfterChange();
    }

    /** Besides the records: the corrections recorded, so that a new one makes the persons again. */
    @Override
    public String fingerprint(JobScope scope) {
        return LakeJob.super.fingerprint(scope) + "; " + LakeTable.OPS_CORRECTIONS.location() + "@" + scope.version(LakeTable.OPS_CORRECTIONS);
    }

    @Override
    public void check(JobScope scope) {
        truth.ifPresent(t -> requireTruth(scope.spark(), t));
    }

    /** A run asked to train the model again runs whatever changed, and leaves the same fingerprint as any other run. */
    @Override
    public boolean unchanged(JobScope scope, RunLedger.Run previous, String fingerprint) {
        return !retrain && LakeJob.super.unchanged(scope, previous, fingerprint);
    }

    @Override
    public String skipReason() {
        return "silver/records unchanged";
    }

    @Override
    public Result skipped(JobScope scope, RunLedger.Run previous) {
        return new Result(true, 0, 0, 0, 0, 0, 0, 0, 0, 0, false, previous.count(Count.MODEL_RECORDS).orElse(0L),
                truth.flatMap(t -> storedQuality(previous)));
    }

    @Override
    public Counts counts(Result result) {
        Counts counts = new Counts().put(Count.RECORDS, result.records()).put(Count.PERSONS, result.persons())
                .put(Count.LINKS, result.links()).put(Count.ROUNDS, result.rounds()).put(Count.CAPPED_BLOCKS, result.cappedBlocks())
                .put(Count.CANDIDATE_PAIRS, result.candidatePairs()).put(Count.LARGEST_BLOCK, result.largestBlock())
                .put(Count.CORRECTIONS, result.corrections()).put(Count.CORRECTIONS_WITHOUT_RECORDS, result.correctionsWithoutRecords())
                .put(Count.MODEL_TRAINED, result.modelTrained() ? 1 : 0).put(Count.MODEL_RECORDS, result.modelRecords());
        result.quality().ifPresent(q -> counts.put(Count.TRUTH_RECORDS, q.records()).put(Count.PAIRS_PREDICTED, q.predictedPairs())
                .put(Count.PAIRS_TRUE, q.truePairs()).put(Count.PAIRS_CORRECT, q.correctPairs())
                .put(Count.PRECISION_PPM, Math.round(q.precision() * 1e6)).put(Count.RECALL_PPM, Math.round(q.recall() * 1e6))
                .put(Count.F1_PPM, Math.round(q.f1() * 1e6)));
        return counts;
    }

    @Override
    public Result work(JobScope scope) {
        SparkSession spark = scope.spark();
        Dataset<Row> records = scope.read(LakeTable.SILVER_RECORDS).withColumn("node", Resolution.nodeKey());
        scope.stage("persons", "records into persons");
        Corrections.Applied corrections = Corrections.read(scope, records);
        if (corrections.withoutRecords() > 0) {
            LOG.warn("{} of {} correction(s) name a record silver/records no longer holds: nothing to keep apart", corrections.withoutRecords(),
                    corrections.recorded());
        }
        long silverCount = records.count();
        Optional<StoredModel> stored = StoredModel.read(scope);
        String trainingKey = StoredModel.trainingKey(config);
        long silverVersion = scope.inputVersion(LakeTable.SILVER_RECORDS);
        Optional<Long> changedSince = stored.flatMap(s -> StoredModel.changedSince(spark, scope.path(LakeTable.SILVER_RECORDS), s.silverVersion()));
        Optional<String> retrainBecause = retrain ? Optional.of("resolve --retrain asks for it")
                : stored.map(s -> s.staleFor(trainingKey, changedSince, config.retrainAfterChange())).orElse(Optional.of("the lake has none"));
        Optional<StoredModel> serving = retrainBecause.isPresent() ? Optional.empty() : stored;
        Resolution.Result resolved = Resolution.resolve(spark, records, config, new PersonAssembler(keys), corrections.separations(),
                silverCount, serving.map(StoredModel::model));
        long modelRecords;
        if (resolved.training().isPresent()) {
            MatchTraining.Trained t = resolved.training().get();
            LOG.info("Match model trained ({}): {} candidate pairs of {} records, EM in {} iterations:\n{}", retrainBecause.orElseThrow(),
                    Math.round(t.candidatePairs()), t.trainingRecords(), t.estimate().iterations(), t.model().render());
            LOG.info("Blocking analysis of the training sample, before comparing:\n{}", t.blocking().render());
            // Kept before the persons are written: a run killed between the two uses it again and makes the same persons.
            scope.replace(LakeTable.INTERNAL_MATCH_MODEL, new StoredModel(t.model(), trainingKey, silverCount, silverVersion, 0,
                    t.trainingRecords(), t.candidatePairs(), t.estimate().iterations()).toRows(spark));
            modelRecords = silverCount;
        } else {
            StoredModel s = serving.orElseThrow();
            StoredModel checked = s.checkedAt(silverVersion, changedSince.orElseThrow());
            LOG.info("Match model of the lake used again: trained on {} records, {} inserted, updated or deleted since:\n{}", s.records(),
                    checked.changedRecords(), s.model().render());
            if (checked.silverVersion() != s.silverVersion()) {
                // Its changes counted so far: the next run reads silver's history from here (Delta keeps it 30 days).
                scope.replace(LakeTable.INTERNAL_MATCH_MODEL, checked.toRows(spark));
            }
            modelRecords = s.records();
        }
        scope.replace(LakeTable.SILVER_PERSONS, io.breachimpact.pipeline.FailPoints.duringWrite(resolved.persons(), "resolve.persons-write"));
        // Counted by the write's tasks: known once the persons are written.
        BlockingStats blocking = resolved.blocking().value();
        LOG.info("Blocking analysis:\n{}", blocking.render());
        if (blocking.cappedKeys() > 0) {
            LOG.warn("{} blocking key(s) were held by more than {} records of one birth date: those records were not paired on them",
                    blocking.cappedKeys(), config.maxBlockSize());
        }
        scope.stage("links", "write silver/person_records and silver/person_links");
        scope.replace(LakeTable.SILVER_PERSON_RECORDS, scope.read(LakeTable.SILVER_PERSONS)
                .select(explode(col("record_ids")).as("record_id"), col("person_id")));
        scope.replace(LakeTable.SILVER_PERSON_LINKS, PersonLinks.table(scope.read(LakeTable.SILVER_PERSONS)));

        scope.stage("count", "count and reconcile");
        long recordCount = scope.read(LakeTable.SILVER_PERSON_RECORDS).count();
        long personCount = scope.read(LakeTable.SILVER_PERSONS).count();
        if (recordCount != silverCount) {
            throw new BreachImpactException(io.breachimpact.error.ExitCode.RECONCILIATION_FAILED, "silver/person_records links "
                    + recordCount + " records, silver/records holds " + silverCount);
        }
        // Each person of n records was made by n - 1 links: every link is explained, none is missing.
        long unexplained = scope.read(LakeTable.SILVER_PERSONS).filter(size(col("links")).notEqual(col("record_count").minus(1))).count();
        long linkCount = scope.read(LakeTable.SILVER_PERSON_LINKS).count();
        if (unexplained > 0 || linkCount != recordCount - personCount) {
            throw new BreachImpactException(io.breachimpact.error.ExitCode.RECONCILIATION_FAILED, unexplained + " person(s) hold other "
                    + "than one link fewer than their records; silver/person_links holds " + linkCount + " links, the persons were made by "
                    + (recordCount - personCount));
        }
        Optional<PairwiseQuality> quality = truth.map(t -> {
            scope.stage("quality", "quality against the ground truth");
            return PairwiseQuality.of(scope.read(LakeTable.SILVER_PERSON_RECORDS), readTruth(spark, t));
        });
        return new Result(false, recordCount, personCount, recordCount - personCount, resolved.rounds(), blocking.cappedKeys(),
                blocking.totalPairs(), blocking.largestBlock(), corrections.separations().size(), corrections.withoutRecords(),
                resolved.training().isPresent(), modelRecords, quality);
    }

    /** The quality an earlier run measured on the same records and truth. */
    private static Optional<PairwiseQuality> storedQuality(RunLedger.Run previous) {
        return previous.count(Count.PAIRS_CORRECT).map(correct -> new PairwiseQuality(previous.count(Count.PAIRS_PREDICTED).orElseThrow(),
                previous.count(Count.PAIRS_TRUE).orElseThrow(), correct, previous.count(Count.TRUTH_RECORDS).orElseThrow()));
    }

    private static void requireTruth(SparkSession spark, String paths) {
        for (String path : truthDirectories(paths)) {
            try {
                Path p = new Path(path);
                if (!p.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(p)) {
                    throw BreachImpactException.badInput("--truth " + path + " does not exist");
                }
            } catch (IOException e) {
                throw BreachImpactException.badInput("--truth " + path + " cannot be read: " + e.getMessage(), e);
            }
        }
    }

    /** One directory, or several separated by commas (the batches of one population: its first and its follow-ups). */
    private static List<String> truthDirectories(String paths) {
        return java.util.Arrays.stream(paths.split(",")).map(String::trim).filter(p -> !p.isEmpty()).toList();
    }

    /**
     * The generator's truth files: {@code record_id, person_id, …} CSV with a header. A record sent again
     * in a follow-up (a correction) is in two truths with the same person: it counts once.
     */
    static Dataset<Row> readTruth(SparkSession spark, String paths) {
        Dataset<Row> truth = spark.read().option("header", "true").option("pathGlobFilter", "truth-*.csv")
                .csv(truthDirectories(paths).toArray(String[]::new));
        if (!List.of(truth.columns()).containsAll(List.of("record_id", "person_id"))) {
            throw BreachImpactException.badInput("--truth " + paths + " is not the generator's ground truth (no record_id, person_id columns)");
        }
        Dataset<Row> pairs = truth.select(col("record_id"), col("person_id"));
        return truthDirectories(paths).size() > 1 ? pairs.dropDuplicates("record_id") : pairs;
    }
}
