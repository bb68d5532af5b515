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
import java.util.Map;
import java.util.Optional;

import static org.apache.spark.sql.functions.col;
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
     * column of the links (6: a birth date imputed), a new digest of the records (7: their classes as
     * bits), placeholders matched as missing (8) is applied on the next run even when the records did not
     * change, and trains the match model again.
     */
    static final int PERSONS_VERSION = 8;

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
        /** The digest of every parameter of the model the persons were linked by ({@code MatchModel#digest}). */
        MODEL_DIGEST,
        /**
         * 1 when only what changed was linked again; the records linked again (all of them in a run over
         * all records); the persons inserted, updated and deleted ({@code person_changes_inserted} …).
         */
        INCREMENTAL, RELINKED_RECORDS, PERSON_CHANGES,
        /**
         * The birth-date slip search ({@link KeptSlips}): 1 when the last run's served and only the keys of
         * the records new or changed since were searched, the keys searched then; what the next run checks
         * the records against (the format, two checksums and the count of the dated records, the last batch).
         */
        SLIPS_KEPT, SLIP_KEYS_SEARCHED, SLIP_FORMAT, SLIP_CHECKSUM, SLIP_CHECKSUM2, SLIP_RECORDS, SLIP_LAST_BATCH_SEQ,
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
                         long modelDigest, Optional<Increment> increment, Optional<Map<String, Long>> personChanges,
                         Optional<PairwiseQuality> quality, Optional<KeptSlips.Searched> slips) {
    }

    /**
     * What a run that linked again only what changed did: the records it linked again, the persons it
     * inserted, updated and deleted (the others kept their rows).
     */
    public record Increment(long relinkedRecords, Map<String, Long> personChanges) {
    }

    @Override
    public JobName name() {
        return JOB;
    }

    @Override
    public List<LakeTable> inputs() {
        return List.of(LakeTable.SILVER_RECORDS);
    }

    /** Records as a finished ingest (or retraction, or rekey) left them: not a batch's changes half made ({@code SilverChanges}). */
    @Override
    public List<LakeTable> finishedInputs() {
        return List.of(LakeTable.SILVER_RECORDS);
    }

    @Override
    public String dependsOn() {
        return truth.map(t -> "truth " + t + ";").orElse("") + settings();
    }

    /** The settings that decide links: persons made under others are made again. */
    private String settings() {
        return "persons " + PERSONS_VERSION + "; match-probability " + config.matchProbability() + "; max-block-size " + config.maxBlockSize()
                + "; retrain-after-change " + config.retrainAfterChange();
    }

    /** Besides the records: the corrections recorded, so that a new one makes the persons again. */
    @Override
    public String fingerprint(JobScope scope) {
        return LakeJob.super.fingerprint(scope) + "; " + corrections(scope);
    }

    private static String corrections(JobScope scope) {
        return LakeTable.OPS_CORRECTIONS.location() + "@" + scope.version(LakeTable.OPS_CORRECTIONS);
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
                previous.count(Count.MODEL_DIGEST).orElse(0L), Optional.empty(), Optional.empty(), truth.flatMap(t -> storedQuality(previous)),
                Optional.empty());
    }

    @Override
    public Counts counts(Result result) {
        Counts counts = new Counts().put(Count.RECORDS, result.records()).put(Count.PERSONS, result.persons())
                .put(Count.LINKS, result.links()).put(Count.ROUNDS, result.rounds()).put(Count.CAPPED_BLOCKS, result.cappedBlocks())
                .put(Count.CANDIDATE_PAIRS, result.candidatePairs()).put(Count.LARGEST_BLOCK, result.largestBlock())
                .put(Count.CORRECTIONS, result.corrections()).put(Count.CORRECTIONS_WITHOUT_RECORDS, result.correctionsWithoutRecords())
                .put(Count.MODEL_TRAINED, result.modelTrained() ? 1 : 0).put(Count.MODEL_RECORDS, result.modelRecords())
                .put(Count.MODEL_DIGEST, result.modelDigest()).put(Count.INCREMENTAL, result.increment().isPresent() ? 1 : 0)
                .put(Count.RELINKED_RECORDS, result.increment().map(Increment::relinkedRecords).orElse(result.records()));
        result.personChanges().ifPresent(c -> counts.putEach(Count.PERSON_CHANGES, c));
        result.slips().ifPresent(s -> counts.put(Count.SLIPS_KEPT, s.kept() ? 1 : 0).put(Count.SLIP_KEYS_SEARCHED, s.keysSearched())
                .put(Count.SLIP_FORMAT, KeptSlips.FORMAT).put(Count.SLIP_CHECKSUM, s.tally().checksum())
                .put(Count.SLIP_CHECKSUM2, s.tally().checksum2()).put(Count.SLIP_RECORDS, s.tally().records())
                .put(Count.SLIP_LAST_BATCH_SEQ, s.tally().lastBatchSeq()));
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
        Optional<String> fullBecause = fullBecause(scope, serving.map(s -> s.model().digest()));
        fullBecause.ifPresent(why -> LOG.info("All records are linked: {}", why));
        Optional<ChangedBlocks.Previous> previous = fullBecause.isPresent() ? Optional.empty()
                : Optional.of(new ChangedBlocks.Previous(PersonLinks.recordStates(scope.read(LakeTable.SILVER_PERSONS))));
        Optional<Dataset<Row>> kept = Optional.empty();
        if (previous.isEmpty()) {
            Optional<String> rewriteBecause = rewriteBecause(scope, serving.isPresent(), silverCount);
            rewriteBecause.ifPresent(why -> LOG.info("silver/persons is written whole: {}", why));
            kept = rewriteBecause.isPresent() ? Optional.empty() : Optional.of(PersonDiff.kept(scope.read(LakeTable.SILVER_PERSONS)));
        }
        Resolution.Result resolved = Resolution.resolve(spark, records, config, new PersonAssembler(keys), corrections.separations(),
                silverCount, serving.map(StoredModel::model), previous, kept, keptSlips(scope, silverCount));
        keepSlips(scope, resolved.slips().found());
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
        Optional<Increment> increment = Optional.empty();
        Optional<Map<String, Long>> personChanges = Optional.empty();
        Dataset<Row> made = io.breachimpact.pipeline.FailPoints.duringWrite(resolved.persons(), "resolve.persons-write");
        if (previous.isPresent()) {
            increment = Optional.of(PersonChanges.apply(scope, resolved.compared().orElseThrow(), made, PersonChanges.purgeAfterRetraction(scope)));
            personChanges = Optional.of(increment.get().personChanges());
        } else if (kept.isPresent()) {
            personChanges = Optional.of(PersonChanges.applyDiff(scope, made, PersonChanges.purgeAfterRetraction(scope)));
        } else {
            scope.replace(LakeTable.SILVER_PERSONS, made);
        }
        // Counted by the write's tasks: known once the persons are written.
        BlockingStats blocking = resolved.blocking().value();
        LOG.info("Blocking analysis:\n{}", blocking.render());
        if (blocking.cappedKeys() > 0) {
            LOG.warn("{} blocking key(s) were held by more than {} records of one birth date: those records were not paired on them",
                    blocking.cappedKeys(), config.maxBlockSize());
        }
        io.breachimpact.pipeline.FailPoints.reach("resolve.between-person-tables");
        // Made from the persons in both kinds of run: nothing reads their changes row by row (PersonChanges).
        scope.stage("links", "write silver/person_records and silver/person_links");
        scope.replace(LakeTable.SILVER_PERSON_RECORDS, PersonLinks.records(scope.read(LakeTable.SILVER_PERSONS)));
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
                resolved.training().isPresent(), modelRecords, resolved.model().digest(), increment, personChanges, quality,
                Optional.of(resolved.slips()));
    }

    /**
     * Why this run links every record rather than only what changed since the last run, if it must:
     * the persons are only brought up to date from the state the last successful run left them in,
     * under the same model, settings and corrections.
     */
    private Optional<String> fullBecause(JobScope scope, Optional<Long> servingModel) {
        if (!config.incremental()) {
            return Optional.of("resolve.incremental is off");
        }
        if (servingModel.isEmpty()) {
            return Optional.of("this run trains the match model");
        }
        List<LakeTable> made = List.of(LakeTable.SILVER_PERSONS, LakeTable.SILVER_PERSON_RECORDS, LakeTable.SILVER_PERSON_LINKS);
        if (!made.stream().allMatch(scope::exists)) {
            return Optional.of("no persons yet");
        }
        Dataset<Row> persons = scope.read(LakeTable.SILVER_PERSONS);
        if (!List.of(persons.columns()).containsAll(List.of("record_digests", "record_blocks")) || !PersonDigest.carriedBy(persons.schema())) {
            return Optional.of("the persons were made before incremental runs (" + LakeTable.SILVER_PERSONS + " has no record_digests or "
                    + PersonDigest.COLUMN + ")");
        }
        Optional<RunLedger.Run> last = previous(scope.ledger());
        if (last.isEmpty()) {
            return Optional.of("no earlier resolve in the run ledger");
        }
        RunLedger.Run run = last.get();
        for (LakeTable t : made) {
            if (!scope.asLeftBy(run, t)) {
                return Optional.of(t + " changed since the last resolve left it (rekey, or a run that did not finish)");
            }
        }
        if (!scope.run().configHash().equals(run.configHash())) {
            return Optional.of("the configuration differs from the last resolve's");
        }
        if (!run.inputFingerprint().endsWith(settings() + "; " + corrections(scope))) {
            return Optional.of("the persons' version, the link settings or the corrections differ from the last resolve's");
        }
        if (!run.count(Count.MODEL_DIGEST).equals(servingModel)) {
            return Optional.of("the last resolve linked under another match model");
        }
        return Optional.empty();
    }

    /**
     * The last run's slip search, when it can serve this one: that run kept it, under the same format and
     * link settings, and nothing changed it since. Whether the records since then are what it can be moved
     * by is checked as it is used ({@link KeptSlips}).
     */
    private Optional<KeptSlips.Previous> keptSlips(JobScope scope, long records) {
        Optional<RunLedger.Run> last = previous(scope.ledger());
        Optional<String> whole = records < config.keepSlipsFrom() ? Optional.of(String.format(java.util.Locale.ROOT,
                "%,d records, fewer than resolve.keep-slips-from (%,d)", records, config.keepSlipsFrom()))
                : last.isEmpty() ? Optional.of("no earlier resolve in the run ledger")
                : !scope.exists(LakeTable.INTERNAL_BIRTH_DATE_SLIPS) ? Optional.of("none kept")
                : !last.get().count(Count.SLIP_FORMAT).equals(Optional.of(KeptSlips.FORMAT)) ? Optional.of("the last resolve kept none, or another kind")
                : last.get().inputFingerprint() == null || !last.get().inputFingerprint().contains(settings())
                        ? Optional.of("the link settings differ from the last resolve's")
                : last.get().tableVersion(LakeTable.SILVER_RECORDS).isEmpty() || !scope.asLeftBy(last.get(), LakeTable.INTERNAL_BIRTH_DATE_SLIPS)
                        ? Optional.of(LakeTable.INTERNAL_BIRTH_DATE_SLIPS + " changed since the last resolve left it") : Optional.empty();
        if (whole.isPresent()) {
            LOG.info("Birth-date slips searched whole: {}", whole.get());
            return Optional.empty();
        }
        RunLedger.Run run = last.get();
        try {
            Dataset<Row> then = scope.spark().read().format("delta").option("versionAsOf", run.tableVersion(LakeTable.SILVER_RECORDS).orElseThrow())
                    .load(scope.path(LakeTable.SILVER_RECORDS)).withColumn("node", Resolution.nodeKey());
            KeptSlips.Tally tally = new KeptSlips.Tally(run.count(Count.SLIP_CHECKSUM).orElseThrow(), run.count(Count.SLIP_CHECKSUM2).orElseThrow(),
                    run.count(Count.SLIP_RECORDS).orElseThrow(), run.count(Count.SLIP_LAST_BATCH_SEQ).orElseThrow());
            return Optional.of(new KeptSlips.Previous(KeptSlips.of(scope.read(LakeTable.INTERNAL_BIRTH_DATE_SLIPS).collectAsList()), tally, then));
        } catch (Exception e) { // Delta's AnalysisException (not a RuntimeException) among them: that version no longer in the log
            LOG.info("Birth-date slips searched whole: silver/records as the last resolve read it cannot be read ({})", e.getClass().getSimpleName());
            return Optional.empty();
        }
    }

    /**
     * The slip search kept for the next run, as soon as found: it describes the records, whatever becomes
     * of this run's persons. A table that already holds it is left as it is (one commit fewer).
     */
    private static void keepSlips(JobScope scope, BirthDateSlips.Found found) {
        if (scope.exists(LakeTable.INTERNAL_BIRTH_DATE_SLIPS)
                && KeptSlips.same(KeptSlips.of(scope.read(LakeTable.INTERNAL_BIRTH_DATE_SLIPS).collectAsList()), found)) {
            return;
        }
        scope.replace(LakeTable.INTERNAL_BIRTH_DATE_SLIPS, scope.spark().createDataFrame(KeptSlips.rows(found), KeptSlips.SCHEMA).coalesce(1));
    }

    /**
     * Why a run over every record writes silver/persons whole rather than changing the rows that differ
     * ({@link PersonDiff}), if it must: there is no table to compare with, or one of another shape; a lake
     * too small for the comparison to pay (resolve.compare-persons-from); or a
     * model trained by this run, another version of the persons or other link settings make many persons
     * otherwise (a rewrite then costs less than a delete and an append of most rows).
     */
    private Optional<String> rewriteBecause(JobScope scope, boolean servingModel, long records) {
        if (!scope.exists(LakeTable.SILVER_PERSONS)) {
            return Optional.of("no persons yet");
        }
        if (records < config.comparePersonsFrom()) {
            return Optional.of(String.format(java.util.Locale.ROOT, "%,d records, fewer than resolve.compare-persons-from (%,d)", records,
                    config.comparePersonsFrom()));
        }
        if (!PersonDiff.comparable(scope.read(LakeTable.SILVER_PERSONS))) {
            return Optional.of("the persons were made in another shape (" + LakeTable.SILVER_PERSONS + " lacks " + PersonDigest.COLUMN
                    + " or has other columns)");
        }
        if (!servingModel) {
            return Optional.of("this run trains the match model");
        }
        Optional<RunLedger.Run> last = previous(scope.ledger());
        if (last.isEmpty() || last.get().inputFingerprint() == null || !last.get().inputFingerprint().contains(settings())) {
            return Optional.of("the persons' version or the link settings differ from the last resolve's");
        }
        return Optional.empty();
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
