package io.breachimpact.pipeline;

import io.breachimpact.spark.DeltaTables;
import io.breachimpact.spark.Lake;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a job's work gets from the template: the session, the lake's tables by catalogue entry, its
 * run, and stages that label the Spark jobs they start and time them. Valid for one run.
 */
public final class JobScope {
    private final SparkSession spark;
    private final Lake lake;
    private final RunContext run;
    private final JobName job;
    private final RunLedger ledger;
    private final StageTimer timer;
    private final Map<LakeTable, Long> inputVersions;
    private final java.sql.Timestamp started;

    JobScope(SparkSession spark, Lake lake, RunContext run, JobName job, RunLedger ledger, Map<LakeTable, Long> inputVersions,
             java.sql.Timestamp started) {
        this.started = started;
        this.spark = spark;
        this.lake = lake;
        this.run = run;
        this.job = job;
        this.ledger = ledger;
        this.timer = new StageTimer(job.id());
        this.inputVersions = Map.copyOf(inputVersions);
    }

    public SparkSession spark() {
        return spark;
    }

    public Lake lake() {
        return lake;
    }

    public RunContext run() {
        return run;
    }

    /** When the run started (what its rows' ingestion time says). */
    public java.sql.Timestamp started() {
        return started;
    }

    public RunLedger ledger() {
        return ledger;
    }

    StageTimer timer() {
        return timer;
    }

    /**
     * Starts a stage: the previous one's time is kept for the run record, and the Spark jobs that follow
     * are labelled {@code <job>: <what>} in the UI, the logs and the progress lines (until the run ends).
     */
    public void stage(String name, String what) {
        timer.stage(name);
        io.breachimpact.spark.SparkSessions.describe(spark, job.id(), what);
    }

    /** The end of the last stage (what follows is not timed as part of it). */
    public void endStage() {
        timer.end();
    }

    public String path(LakeTable table) {
        return table.path(lake);
    }

    public boolean exists(LakeTable table) {
        return DeltaTables.exists(spark, path(table));
    }

    public Dataset<Row> read(LakeTable table) {
        return DeltaTables.read(spark, path(table));
    }

    /** Replaces a whole table in one commit, with the catalogue's statistics columns. */
    public void replace(LakeTable table, Dataset<Row> rows) {
        keepsPromise(table, rows);
        DeltaTables.replace(rows, path(table), table.statisticsColumns());
    }

    /** Appends to a table (created with the catalogue's statistics columns on first use). */
    public void append(LakeTable table, Dataset<Row> rows) {
        keepsPromise(table, rows);
        rows.write().format("delta").mode("append").option("delta.dataSkippingNumIndexedCols", String.valueOf(table.statisticsColumns()))
                .save(path(table));
    }

    /**
     * Brings a table's rows to a new state row by row ({@link DeltaTables#applyChanges}: two commits, a
     * delete and an append; a run killed between them leaves a table no finished run left).
     */
    public DeltaTables.RowChanges changeRows(LakeTable table, Dataset<Row> newRows, Dataset<Row> removedKeys, List<String> keys) {
        keepsPromise(table, newRows);
        DeltaTables.useDeletionVectors(spark, path(table));
        return DeltaTables.applyChanges(spark, path(table), newRows, removedKeys, keys);
    }

    /** A write that would drop or retype a column the catalogue promises is a defect: it stops before writing. */
    private static void keepsPromise(LakeTable table, Dataset<Row> rows) {
        List<String> breaches = table.breaches(rows.schema());
        if (!breaches.isEmpty()) {
            throw new IllegalStateException("the rows for " + table + " break the columns it promises: " + String.join(", ", breaches));
        }
    }

    /** Whether {@code table} holds the rows {@code run} left it with (commits since then changed none). */
    public boolean asLeftBy(RunLedger.Run run, LakeTable table) {
        return run.tableVersion(table).map(v -> DeltaTables.rowsAsAt(spark, path(table), v)).orElse(false);
    }

    /** Refuses to go on when {@code table} is not as the last successful run of its writer left it ({@link RunLedger#requireFinished}). */
    public void requireFinished(LakeTable table) {
        ledger.requireFinished(table, job.id());
    }

    /** An input's version when the run started (what it read). */
    public long inputVersion(LakeTable table) {
        Long v = inputVersions.get(table);
        if (v == null) {
            throw new IllegalArgumentException(table + " is not an input of " + job);
        }
        return v;
    }

    /** The inputs' versions when the run started, by ledger name, in the job's order. */
    public Map<String, Long> inputVersions(LakeJob<?> of) {
        Map<String, Long> versions = new LinkedHashMap<>();
        of.inputs().forEach(t -> versions.put(t.location(), inputVersion(t)));
        return versions;
    }

    /** A table's version now (-1 when it does not exist). */
    public long version(LakeTable table) {
        return DeltaTables.version(spark, path(table)).orElse(-1L);
    }

    /** What the run record keeps: the inputs' versions as read, the outputs' as written. */
    Map<String, Long> versions(LakeJob<?> of) {
        Map<String, Long> versions = new LinkedHashMap<>();
        for (LakeTable t : of.inputs()) {
            versions.put(t.location(), inputVersion(t));
        }
        for (LakeTable t : of.outputs()) {
            versions.putIfAbsent(t.location(), version(t));
        }
        return versions;
    }
}
