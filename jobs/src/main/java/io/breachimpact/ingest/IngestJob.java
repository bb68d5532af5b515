package io.breachimpact.ingest;

import io.breachimpact.error.BreachImpactException;
import io.breachimpact.model.DumpColumns;
import io.breachimpact.pipeline.RunContext;
import io.breachimpact.pipeline.RunLedger;
import io.breachimpact.pipeline.StageTimer;
import io.breachimpact.spark.DeltaTables;
import io.breachimpact.spark.Lake;
import io.breachimpact.spark.SparkSessions;
import io.delta.tables.DeltaTable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.CollectionAccumulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 * crashed run is simply run again. A later batch that carries corrections updates silver through a
 * Delta MERGE, so earlier states stay readable by time travel.
 */
public final class IngestJob {
    private static final Logger LOG = LoggerFactory.getLogger(IngestJob.class);
    static final String JOB = "ingest";
    /** Batch ids become partition values and predicates: keep them plain. */
    static final Pattern BATCH_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

    /**
     * Bronze is read by two passes (quarantine, silver) whose tasks are its files: two files per dump
     * part of a million lines, so that the last task of a pass does not leave a core idle for long.
     */
    static final long BRONZE_RECORDS_PER_FILE = 500_000;

    private final IngestConfig config;
    private final Lake lake;
    private final List<String> inputs;
    private final String batch;
    private final RecordNormalizer normalizer;
    private final RunContext run;
    private final StageTimer timer = new StageTimer(JOB);

    public IngestJob(IngestConfig config, Lake lake, List<String> inputs, String batch, RecordNormalizer normalizer, RunContext run) {
        this.config = config;
        this.lake = lake;
        this.inputs = inputs;
        this.batch = requireBatchId(batch);
        this.normalizer = normalizer;
        this.run = run;
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
                         Map<String, Long> silverChanges, Map<String, Long> tableVersions) {
    }

    public Result run(SparkSession spark) {
        run.tagCommits(spark);
        Timestamp started = new Timestamp(System.currentTimeMillis());
        RunLedger ledger = new RunLedger(spark, lake);
        List<InputFile> files = InputFiles.resolve(inputs, spark.sparkContext().hadoopConfiguration(), new DumpHeader(DumpColumns.HEADER));
        timer.stage("fingerprint");
        String fingerprint = InputFiles.fingerprint(spark, files);
        timer.end();
        Optional<Row> previous = ledger.lastSucceeded(batch, JOB, RetractBatch.JOB)
                .filter(r -> JOB.equals(r.getAs("job")));
        if (previous.isPresent() && stillInBronze(spark)) {
            if (fingerprint.equals(previous.get().getAs("input_fingerprint"))) {
                LOG.info("batch {} was already ingested from the same files: nothing to do", batch);
                ledger.record(run.record(JOB, batch, RunLedger.Status.SKIPPED, started, fingerprint, Map.of(), Map.of(),
                        "already ingested from the same files"));
                return new Result(true, previousBatchSeq(previous.get()), null, Map.of(), Map.of(), Map.of());
            }
            throw BreachImpactException.config("batch " + batch + " was already ingested from other files: send corrections as a new "
                    + "batch (--batch " + batch + "-2 …), or retract it first (ingest --retract " + batch + ")");
        }
        return ledger.track(run, JOB, batch, started, fingerprint, timer, () -> ingest(spark, files, started), result -> {
            Map<String, Long> counts = new LinkedHashMap<>();
            counts.put("records_read", result.reconciliation().total(Reconciliation.FileCounts::read));
            counts.put("bronze_rows", result.reconciliation().total(Reconciliation.FileCounts::bronze));
            counts.put("silver_accepted", result.reconciliation().total(Reconciliation.FileCounts::accepted));
            counts.put("quarantined", result.reconciliation().total(Reconciliation.FileCounts::quarantined));
            result.silverChanges().forEach((k, v) -> counts.put("silver_" + k, v));
            result.quarantineByReason().forEach((k, v) -> counts.put("quarantine_" + k, v));
            counts.put("batch_seq", result.batchSeq());
            return counts;
        }, Result::tableVersions);
    }

    private Result ingest(SparkSession spark, List<InputFile> files, Timestamp started) {
        timer.stage("prepare");
        long batchSeq = batchSeq(spark);

        // 1. Bronze: the files as received, whatever they hold.
        SparkSessions.describe(spark, JOB, "read " + files.size() + " file(s) of batch " + batch + " into bronze");
        timer.stage("bronze");
        CollectionAccumulator<FileReadCount> reads = spark.sparkContext().collectionAccumulator("records read per file");
        Dataset<Row> bronzeRows = ReadDump.bronze(spark, files, batch, batchSeq, started, config, reads);
        DeltaTables.replaceBatch(spark, bronzeRows, lake.bronzeRecords(), batch, 4, BRONZE_RECORDS_PER_FILE);

        // 2. Accept or quarantine every bronze record: the pass that writes the quarantine also counts,
        // per file, what it accepted and rejected. Silver is published only once the counts reconcile;
        // a quarantine that does not is taken back.
        timer.stage("quarantine");
        SparkSessions.describe(spark, JOB, "validate batch " + batch + " and write its quarantine");
        Dataset<Row> bronze = DeltaTables.read(spark, lake.bronzeRecords()).filter(col("batch_id").equalTo(batch));
        Dataset<Row> reasoned = QuarantineRules.withReasons(bronze, config.referenceDate());
        FileOutcomes outcomes = new FileOutcomes();
        spark.sparkContext().register(outcomes);
        Optional<Long> quarantineBefore = DeltaTables.version(spark, lake.silverQuarantine());
        DeltaTables.replaceBatch(spark, QuarantineRules.quarantined(reasoned, outcomes), lake.silverQuarantine(), batch, 4);

        timer.stage("reconcile");
        SparkSessions.describe(spark, JOB, "reconcile batch " + batch);
        Reconciliation reconciliation = new Reconciliation(reads.value(), countsByFile(bronze, outcomes.value()));
        if (!reconciliation.balanced()) {
            DeltaTables.undoBatch(spark, lake.silverQuarantine(), quarantineBefore, batch);
        }
        reconciliation.requireBalanced();
        Map<String, Long> byReason = quarantineByReason(spark);

        timer.stage("silver");
        SparkSessions.describe(spark, JOB, "normalize batch " + batch + " into silver");
        Dataset<Row> silverRows = io.breachimpact.pipeline.FailPoints.duringWrite(
                NormalizeRecords.apply(QuarantineRules.accepted(reasoned), normalizer), "ingest.silver-write");
        Map<String, Long> changes = mergeIntoSilver(spark, silverRows);

        timer.stage("verify");
        long expectedQuarantine = reconciliation.total(Reconciliation.FileCounts::quarantined);
        long writtenQuarantine = DeltaTables.read(spark, lake.silverQuarantine()).filter(col("batch_id").equalTo(batch)).count();
        if (writtenQuarantine != expectedQuarantine) {
            throw new BreachImpactException(io.breachimpact.error.ExitCode.RECONCILIATION_FAILED,
                    "the quarantine holds " + writtenQuarantine + " rows of batch " + batch + ", " + expectedQuarantine + " were expected");
        }
        Map<String, Long> versions = DeltaTables.versions(spark, lake.ingestTables());
        return new Result(false, batchSeq, reconciliation, byReason, changes, versions);
    }

    private boolean stillInBronze(SparkSession spark) {
        return DeltaTables.exists(spark, lake.bronzeRecords())
                && !DeltaTables.read(spark, lake.bronzeRecords()).filter(col("batch_id").equalTo(batch)).isEmpty();
    }

    private static long previousBatchSeq(Row previousRun) {
        scala.collection.Map<String, Object> counts = previousRun.getMap(previousRun.fieldIndex("counts"));
        return counts.get("batch_seq").map(v -> ((Number) v).longValue()).getOrElse(() -> -1L);
    }

    /** The batch's place in ingest order: kept when a crashed run of it is redone, else the next one. */
    private long batchSeq(SparkSession spark) {
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
            row[1] = counted[0];
            row[2] = counted[1];
        });
        return result;
    }

    private Map<String, Long> quarantineByReason(SparkSession spark) {
        Map<String, Long> result = new TreeMap<>();
        for (Row r : DeltaTables.read(spark, lake.silverQuarantine()).filter(col("batch_id").equalTo(batch))
                .select(explode(col("reasons")).as("reason")).groupBy("reason").count().collectAsList()) {
            result.put(r.getString(0), r.getLong(1));
        }
        return result;
    }

    /**
     * New records are inserted; a record that a later batch changes is updated; an unchanged one is
     * left alone, so re-running a batch writes nothing new.
     */
    private Map<String, Long> mergeIntoSilver(SparkSession spark, Dataset<Row> silverRows) {
        Map<String, Long> changes = new LinkedHashMap<>();
        if (!DeltaTables.exists(spark, lake.silverRecords())) {
            DeltaTables.create(silverRows, lake.silverRecords(), 3);
            changes.put("inserted", DeltaTables.read(spark, lake.silverRecords()).count());
            changes.put("updated", 0L);
            return changes;
        }
        DeltaTable.forPath(spark, lake.silverRecords()).as("s")
                .merge(silverRows.as("b"), "s.record_id = b.record_id")
                .whenMatched("b.batch_seq >= s.batch_seq AND s.content_hash <> b.content_hash").updateAll()
                .whenNotMatched().insertAll()
                .execute();
        Row metrics = DeltaTable.forPath(spark, lake.silverRecords()).history(1).select("operation", "operationMetrics").first();
        scala.collection.Map<String, String> m = metrics.getMap(1);
        changes.put("inserted", Long.parseLong(m.getOrElse("numTargetRowsInserted", () -> "0")));
        changes.put("updated", Long.parseLong(m.getOrElse("numTargetRowsUpdated", () -> "0")));
        return changes;
    }
}
