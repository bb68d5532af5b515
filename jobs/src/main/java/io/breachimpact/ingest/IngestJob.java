package io.breachimpact.ingest;

import io.breachimpact.error.BreachImpactException;
import io.breachimpact.model.DumpColumns;
import io.breachimpact.pipeline.CountKey;
import io.breachimpact.pipeline.Counts;
import io.breachimpact.pipeline.JobName;
import io.breachimpact.pipeline.JobScope;
import io.breachimpact.pipeline.LakeJob;
import io.breachimpact.pipeline.LakeTable;
import io.breachimpact.pipeline.RunLedger;
import io.breachimpact.spark.DeltaTables;
import io.breachimpact.spark.Lake;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.CollectionAccumulator;

import java.sql.Timestamp;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.when;

/**
 * Ingests one batch of the dump: bronze (as received), then the quarantine and silver once the counts
 * reconcile. Idempotent: the same batch from the same files is recognized and changes nothing; a
 * crashed run is simply run again. A later batch that carries corrections replaces their rows in silver
 * ({@link SilverChanges}); earlier states stay readable by time travel.
 */
public final class IngestJob implements LakeJob<IngestJob.Result> {
    public static final JobName JOB = JobName.INGEST;
    /** Batch ids become partition values and predicates: keep them plain. */
    static final Pattern BATCH_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

    /**
     * Bronze is read by two passes (quarantine, silver) whose tasks are its files: two files per dump
     * part of a million lines, so that the last task of a pass does not leave a core idle for long.
     */
    static final long BRONZE_RECORDS_PER_FILE = 500_000;

    /** What a run counts, in ops/runs: every line read is in bronze, and every bronze row accepted or quarantined. */
    public enum Count implements CountKey {
        RECORDS_READ, BRONZE_ROWS, SILVER_ACCEPTED, QUARANTINED,
        /** An SQL dump's rows joined into other rows' records (accounts into their documents'): rows read = records + these. */
        ROWS_JOINED,
        /** silver_inserted, silver_updated */
        SILVER,
        /** Per reason: quarantine_MISSING_NAME … */
        QUARANTINE,
        /** Per {@link RecordOutcome}: outcome_CLEAN, outcome_REPAIRED, outcome_WEAK_IDENTITY, outcome_QUARANTINED. */
        OUTCOME,
        /** Per canonical field, 1 when the dump's profile reads it, 0 when the dump does not have it: field_email … */
        FIELD,
        /** The batch's place in ingest order. */
        BATCH_SEQ
    }

    private final IngestConfig config;
    private final List<String> inputs;
    private final String batch;
    private final RecordNormalizer normalizer;
    private List<InputFile> files;

    public IngestJob(IngestConfig config, List<String> inputs, String batch, RecordNormalizer normalizer) {
        this.config = config;
        this.inputs = inputs;
        this.batch = requireBatchId(batch);
        this.normalizer = normalizer;
    }

    static String requireBatchId(String batch) {
        if (batch == null || !BATCH_ID.matcher(batch).matches()) {
            throw BreachImpactException.config("--batch must be 1 to 100 letters, digits, '.', '_' or '-' (starting with a letter or digit), got '"
                    + batch + "'");
        }
        return batch;
    }

    /** What a run did. */
    public record Result(boolean skipped, long batchSeq, Reconciliation reconciliation, Map<String, Long> quarantineByReason,
                         Map<String, Long> silverChanges, Map<String, Long> outcomes) {
    }

    @Override
    public JobName name() {
        return JOB;
    }

    /** It reads files, not tables. */
    @Override
    public List<LakeTable> inputs() {
        return List.of();
    }

    @Override
    public Optional<String> batch() {
        return Optional.of(batch);
    }

    /** The dump's files, found and their headers checked before anything is compared or written. */
    @Override
    public void check(JobScope scope) {
        files = InputFiles.resolve(inputs, scope.spark().sparkContext().hadoopConfiguration(), new DumpHeader(config.dumpProfile()));
        requireSilverFinishedOrOwn(scope.ledger(), batch);
    }

    /**
     * A batch whose ingest was killed between silver's two commits left the records it corrects out of
     * silver/records ({@link SilverChanges}); the ledger shows it as a batch in bronze without a
     * successful ingest. Until a run of that batch puts them back, the ingest of any other batch, or a
     * retraction ({@code batch} null), is refused: either would record the table as finished without
     * them. A table changed otherwise (a retraction killed after its one MERGE, which the next one
     * completes, or a change by hand) does not stop them.
     */
    static void requireSilverFinishedOrOwn(RunLedger ledger, String batch) {
        if (ledger.unfinishedSince(LakeTable.SILVER_RECORDS).isEmpty()) {
            return;
        }
        List<String> unfinished = ledger.unfinishedIngests();
        if (!unfinished.isEmpty() && !unfinished.contains(batch)) {
            throw BreachImpactException.badInput(LakeTable.SILVER_RECORDS + " is not as the last successful ingest left it: the ingest of "
                    + String.join(", ", unfinished) + " did not finish. Run `ingest --batch " + unfinished.get(0) + "` again with its files "
                    + "(or `breach-impact nightly`, which takes an unfinished delivery again) before "
                    + (batch == null ? "retracting" : "ingesting " + batch) + "; nothing was written");
        }
    }

    @Override
    public String fingerprint(JobScope scope) {
        scope.stage("fingerprint", "fingerprint the files of batch " + batch);
        String fingerprint = InputFiles.fingerprint(scope.spark(), files);
        if (!config.dumpProfile().canonical()) {
            // The same bytes read through another profile are another input (the generator's layout keeps its old fingerprints).
            fingerprint += "|profile:" + config.dumpProfile().fingerprint();
        }
        scope.endStage();
        return fingerprint;
    }

    /** The batch's last successful ingest, unless it was retracted since. */
    @Override
    public Optional<RunLedger.Run> previous(RunLedger ledger) {
        return ledger.lastSucceeded(batch, JOB, JobName.RETRACT).filter(r -> r.is(JOB));
    }

    /** Ingested from the same files and still in bronze: nothing to do. From other files: refused. */
    @Override
    public boolean unchanged(JobScope scope, RunLedger.Run previous, String fingerprint) {
        if (!stillInBronze(scope)) {
            return false;
        }
        if (!fingerprint.equals(previous.inputFingerprint())) {
            throw BreachImpactException.config("batch " + batch + " was already ingested from other files: send corrections as a new "
                    + "batch (--batch " + batch + "-2 …), or retract it first (ingest --retract " + batch + ")");
        }
        return true;
    }

    @Override
    public String skipReason() {
        return "already ingested from the same files";
    }

    @Override
    public Result skipped(JobScope scope, RunLedger.Run previous) {
        return new Result(true, previous.count(Count.BATCH_SEQ).orElse(-1L), null, Map.of(), Map.of(), previous.countsOf(Count.OUTCOME));
    }

    @Override
    public Counts counts(Result result) {
        return new Counts().put(Count.RECORDS_READ, result.reconciliation().total(Reconciliation.FileCounts::read))
                .put(Count.ROWS_JOINED, result.reconciliation().total(Reconciliation.FileCounts::joined))
                .put(Count.BRONZE_ROWS, result.reconciliation().total(Reconciliation.FileCounts::bronze))
                .put(Count.SILVER_ACCEPTED, result.reconciliation().total(Reconciliation.FileCounts::accepted))
                .put(Count.QUARANTINED, result.reconciliation().total(Reconciliation.FileCounts::quarantined))
                .putEach(Count.SILVER, result.silverChanges()).putEach(Count.QUARANTINE, result.quarantineByReason())
                .putEach(Count.OUTCOME, result.outcomes())
                .putEach(Count.FIELD, fieldsHeld())
                .put(Count.BATCH_SEQ, result.batchSeq());
    }

    @Override
    public Result work(JobScope scope) {
        return ingest(scope, scope.spark(), scope.lake(), files, scope.started());
    }

    private Result ingest(JobScope scope, SparkSession spark, Lake lake, List<InputFile> files, Timestamp started) {
        scope.stage("prepare", "prepare batch " + batch);
        long batchSeq = batchSeq(spark, lake);

        // 1. Bronze: the files as received, whatever they hold.
        scope.stage("bronze", "read " + files.size() + " file(s) of batch " + batch + " into bronze");
        CollectionAccumulator<FileReadCount> reads = spark.sparkContext().collectionAccumulator("records read per file");
        CollectionAccumulator<FileJoinCount> joins = spark.sparkContext().collectionAccumulator("rows joined per file");
        Dataset<Row> bronzeRows = ReadDump.bronze(spark, files, batch, batchSeq, started, config, config.dumpProfile(), reads, joins);
        DeltaTables.replaceBatch(spark, bronzeRows, lake.bronzeRecords(), batch, LakeTable.BRONZE_RECORDS.statisticsColumns(),
                BRONZE_RECORDS_PER_FILE);

        // 2. Accept or quarantine every bronze record: the pass that writes the quarantine also counts,
        // per file, what it accepted and rejected. Silver is published only once the counts reconcile;
        // a quarantine that does not is taken back.
        scope.stage("quarantine", "validate batch " + batch + " and write its quarantine");
        Dataset<Row> bronze = DeltaTables.read(spark, lake.bronzeRecords()).filter(col("batch_id").equalTo(batch));
        Dataset<Row> reasoned = QuarantineRules.withReasons(bronze, config.referenceDate());
        FileOutcomes outcomes = new FileOutcomes();
        spark.sparkContext().register(outcomes);
        Optional<Long> quarantineBefore = DeltaTables.version(spark, lake.silverQuarantine());
        DeltaTables.replaceBatch(spark, QuarantineRules.quarantined(reasoned, outcomes), lake.silverQuarantine(), batch,
                LakeTable.SILVER_QUARANTINE.statisticsColumns());

        scope.stage("reconcile", "reconcile batch " + batch);
        Reconciliation reconciliation = new Reconciliation(reads.value(), joins.value(), countsByFile(bronze, outcomes.value()));
        if (!reconciliation.balanced()) {
            DeltaTables.undoBatch(spark, lake.silverQuarantine(), quarantineBefore, batch);
        }
        reconciliation.requireBalanced();
        Map<String, Long> byReason = quarantineByReason(spark, lake);

        scope.stage("silver", "normalize batch " + batch + " into silver");
        Dataset<Row> silverRows = NormalizeRecords.apply(QuarantineRules.accepted(reasoned), normalizer);
        Map<String, Long> changes = mergeIntoSilver(spark, lake, silverRows);

        scope.stage("verify", "verify batch " + batch);
        long expectedQuarantine = reconciliation.total(Reconciliation.FileCounts::quarantined);
        long writtenQuarantine = DeltaTables.read(spark, lake.silverQuarantine()).filter(col("batch_id").equalTo(batch)).count();
        if (writtenQuarantine != expectedQuarantine) {
            throw new BreachImpactException(io.breachimpact.error.ExitCode.RECONCILIATION_FAILED,
                    "the quarantine holds " + writtenQuarantine + " rows of batch " + batch + ", " + expectedQuarantine + " were expected");
        }
        return new Result(false, batchSeq, reconciliation, byReason, changes, totals(outcomes.value()));
    }

    private boolean stillInBronze(JobScope scope) {
        return scope.exists(LakeTable.BRONZE_RECORDS) && !scope.read(LakeTable.BRONZE_RECORDS).filter(col("batch_id").equalTo(batch)).isEmpty();
    }

    /** The batch's place in ingest order: kept when a crashed run of it is redone, else the next one. */
    private long batchSeq(SparkSession spark, Lake lake) {
        if (!DeltaTables.exists(spark, lake.bronzeRecords())) {
            return 1;
        }
        Row row = DeltaTables.read(spark, lake.bronzeRecords())
                .agg(max(when(col("batch_id").equalTo(batch), col("batch_seq"))), max(col("batch_seq"))).first();
        if (!row.isNullAt(0)) {
            return row.getLong(0);
        }
        return row.isNullAt(1) ? 1 : row.getLong(1) + 1;
    }

    /** Per file: bronze rows (counted in the table, one column read), accepted and quarantined (counted by the quarantine's pass). */
    private static Map<String, long[]> countsByFile(Dataset<Row> bronze, Map<String, long[]> outcomes) {
        Map<String, long[]> result = new HashMap<>();
        for (Row r : bronze.groupBy(col("source_file")).agg(count(lit(1))).collectAsList()) {
            result.put(r.getString(0), new long[] {r.getLong(1), 0, 0});
        }
        outcomes.forEach((file, counted) -> {
            long[] row = result.computeIfAbsent(file, f -> new long[3]);
            long[] acceptedAndQuarantined = FileOutcomes.acceptedAndQuarantined(counted);
            row[1] = acceptedAndQuarantined[0];
            row[2] = acceptedAndQuarantined[1];
        });
        return result;
    }

    /** Which canonical fields the dump has, by its profile. */
    private Map<String, Long> fieldsHeld() {
        Map<String, Long> held = new LinkedHashMap<>();
        for (String field : DumpColumns.HEADER) {
            held.put(field, config.dumpProfile().fields().containsKey(field) ? 1L : 0L);
        }
        return held;
    }

    /** Records per outcome over the batch's files, every outcome named (a zero says it was counted). */
    static Map<String, Long> totals(Map<String, long[]> byFile) {
        Map<String, Long> totals = new LinkedHashMap<>();
        for (RecordOutcome outcome : RecordOutcome.values()) {
            totals.put(outcome.name(), byFile.values().stream().mapToLong(c -> c[outcome.ordinal()]).sum());
        }
        return totals;
    }

    private Map<String, Long> quarantineByReason(SparkSession spark, Lake lake) {
        Map<String, Long> result = new TreeMap<>();
        for (Row r : DeltaTables.read(spark, lake.silverQuarantine()).filter(col("batch_id").equalTo(batch))
                .select(explode(col("reasons")).as("reason")).groupBy("reason").count().collectAsList()) {
            result.put(r.getString(0), r.getLong(1));
        }
        return result;
    }

    /** The first batch makes the table; a later one changes it row by row ({@link SilverChanges}). */
    private Map<String, Long> mergeIntoSilver(SparkSession spark, Lake lake, Dataset<Row> silverRows) {
        Map<String, Long> changes = new LinkedHashMap<>();
        if (!DeltaTables.exists(spark, lake.silverRecords())) {
            DeltaTables.createForRowChanges(silverRows, lake.silverRecords(), LakeTable.SILVER_RECORDS.statisticsColumns());
            changes.put("inserted", DeltaTables.read(spark, lake.silverRecords()).count());
            changes.put("updated", 0L);
            return changes;
        }
        DeltaTables.useDeletionVectors(spark, lake.silverRecords());
        return SilverChanges.apply(spark, lake.silverRecords(), silverRows);
    }
}
