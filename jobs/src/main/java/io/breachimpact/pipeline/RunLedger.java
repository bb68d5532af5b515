package io.breachimpact.pipeline;

import io.breachimpact.error.BreachImpactException;
import io.breachimpact.spark.DeltaTables;
import io.breachimpact.spark.Lake;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.desc;

/**
 * ops/runs: one row per run of any job — what it read and wrote (table versions), its counts, its
 * configuration hash, how it ended. Appended once, at the end of the run, successful or not.
 */
public final class RunLedger {
    public static final StructType SCHEMA = new StructType()
            .add("run_id", DataTypes.StringType, false)
            .add("job", DataTypes.StringType, false)
            .add("batch_id", DataTypes.StringType, true)
            .add("status", DataTypes.StringType, false)
            .add("started_at", DataTypes.TimestampType, false)
            .add("finished_at", DataTypes.TimestampType, false)
            .add("duration_ms", DataTypes.LongType, false)
            .add("profile", DataTypes.StringType, false)
            .add("config_hash", DataTypes.StringType, false)
            .add("input_fingerprint", DataTypes.StringType, true)
            .add("table_versions", DataTypes.createMapType(DataTypes.StringType, DataTypes.LongType), false)
            .add("counts", DataTypes.createMapType(DataTypes.StringType, DataTypes.LongType), false)
            .add("message", DataTypes.StringType, true);

    /** The count under which a failed run records the exit code it ended with. */
    public static final String EXIT_CODE = "exit_code";

    /** How a run ended. */
    public enum Status { SUCCEEDED, SKIPPED, FAILED }

    private final SparkSession spark;
    private final Lake lake;
    private final String path;

    public RunLedger(SparkSession spark, Lake lake) {
        this.spark = spark;
        this.lake = lake;
        this.path = lake.opsRuns();
    }

    /** One row of ops/runs, typed. */
    public record Run(String runId, String job, String batchId, Status status, Timestamp startedAt, Timestamp finishedAt,
                      String profile, String configHash, String inputFingerprint, Map<String, Long> tableVersions,
                      Map<String, Long> counts, String message) {
        public static Run of(Row r) {
            return new Run(r.getAs("run_id"), r.getAs("job"), r.getAs("batch_id"), Status.valueOf(r.getAs("status")), r.getAs("started_at"),
                    r.getAs("finished_at"), r.getAs("profile"), r.getAs("config_hash"), r.getAs("input_fingerprint"),
                    javaMap(r.getMap(r.fieldIndex("table_versions"))), javaMap(r.getMap(r.fieldIndex("counts"))), r.getAs("message"));
        }

        public boolean is(JobName name) {
            return name.id().equals(job);
        }

        public Optional<Long> count(CountKey key) {
            return Optional.ofNullable(counts.get(key.key()));
        }

        /** Counts of one family ({@code issued_INITIAL} …), by member. */
        public Map<String, Long> countsOf(CountKey family) {
            Map<String, Long> members = new java.util.TreeMap<>();
            String prefix = family.key() + "_";
            counts.forEach((k, v) -> {
                if (k.startsWith(prefix)) {
                    members.put(k.substring(prefix.length()), v);
                }
            });
            return members;
        }

        /** The version of a table the run read or wrote, as it recorded it. */
        public Optional<Long> tableVersion(LakeTable table) {
            return Optional.ofNullable(tableVersions.get(table.location()));
        }

        public long durationMs() {
            return finishedAt.getTime() - startedAt.getTime();
        }
    }

    private static Map<String, Long> javaMap(scala.collection.Map<Object, Object> map) {
        Map<String, Long> m = new java.util.LinkedHashMap<>();
        if (map != null) {
            scala.collection.JavaConverters.mapAsJavaMap(map).forEach((k, v) -> m.put((String) k, ((Number) v).longValue()));
        }
        return m;
    }

    /**
     * What the ledger keeps of a failure: this project's own messages (they name files, keys and lines,
     * never values), else only the kind of error — a library's message may quote a record's data.
     */
    public static String describe(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof io.breachimpact.error.BreachImpactException) {
                return t.getMessage();
            }
        }
        return e.getClass().getName() + " (details in the job's log)";
    }

    /**
     * Runs a job's work and records how it ended: SUCCEEDED with its counts, table versions and stage
     * timings, or FAILED with the error (a failure to record a failure never hides the failure).
     */
    public <T> T track(RunContext run, JobName job, String batch, Timestamp started, String inputs, StageTimer timer,
                       java.util.function.Supplier<T> work, java.util.function.Function<T, Map<String, Long>> counts,
                       java.util.function.Function<T, Map<String, Long>> tableVersions) {
        try {
            T result = work.get();
            Map<String, Long> all = new java.util.LinkedHashMap<>(counts.apply(result));
            all.putAll(timer.millis());
            record(run.record(job, batch, Status.SUCCEEDED, started, inputs, tableVersions.apply(result), all, null));
            return result;
        } catch (RuntimeException e) {
            recordFailure(run, job, batch, started, inputs, timer, e);
            throw e;
        }
    }

    /** A failed run's record: its stage times, the exit code it ends with, what went wrong (a failure to record it never hides it). */
    public void recordFailure(RunContext run, JobName job, String batch, Timestamp started, String inputs, StageTimer timer, RuntimeException e) {
        try {
            Map<String, Long> failed = new java.util.LinkedHashMap<>(timer.millis());
            failed.put(EXIT_CODE, (long) io.breachimpact.error.ExitCode.of(e).code());
            record(run.record(job, batch, Status.FAILED, started, inputs, Map.of(), failed, describe(e)));
        } catch (RuntimeException ledgerFailure) {
            e.addSuppressed(ledgerFailure);
        }
    }

    public void record(Run run) {
        Row row = RowFactory.create(run.runId(), run.job(), run.batchId(), run.status().name(), run.startedAt(),
                run.finishedAt(), run.finishedAt().getTime() - run.startedAt().getTime(), run.profile(), run.configHash(),
                run.inputFingerprint(), scala(run.tableVersions()), scala(run.counts()), run.message());
        spark.createDataFrame(List.of(row), SCHEMA).coalesce(1).write().format("delta").mode("append").save(path);
    }

    /** The latest successful run on a batch among the given jobs (e.g. its ingest or its retraction), if any. */
    public Optional<Run> lastSucceeded(String batchId, JobName... jobs) {
        if (!DeltaTables.exists(spark, path)) {
            return Optional.empty();
        }
        List<Row> rows = runs().filter(col("job").isin(ids(jobs)).and(col("batch_id").eqNullSafe(batchId))
                        .and(col("status").equalTo(Status.SUCCEEDED.name())))
                .orderBy(desc("finished_at")).limit(1).collectAsList();
        return rows.isEmpty() ? Optional.empty() : Optional.of(Run.of(rows.get(0)));
    }

    /** The latest successful run among {@code writers} that recorded {@code table}'s version, if any did. */
    public Optional<Run> lastWrite(LakeTable table, JobName... writers) {
        if (!DeltaTables.exists(spark, path)) {
            return Optional.empty();
        }
        Column version = col("table_versions").getItem(table.location());
        List<Row> rows = runs().filter(col("job").isin(ids(writers)).and(col("status").equalTo(Status.SUCCEEDED.name())).and(version.isNotNull()))
                .orderBy(desc("finished_at")).limit(1).collectAsList();
        return rows.isEmpty() ? Optional.empty() : Optional.of(Run.of(rows.get(0)));
    }

    /**
     * Whether a batch was retracted since {@code run} read {@code table}: a successful retraction recorded
     * a later version of it, or finished after the run started. The second covers a retraction killed
     * after it changed the table, another batch ingested and {@code run} made from that state, and the
     * retraction run again: it then changes nothing more and records the version {@code run} read.
     */
    public boolean retractedSince(Run run, LakeTable table) {
        if (!DeltaTables.exists(spark, path)) {
            return false;
        }
        Column later = run.tableVersion(table).map(v -> col("table_versions").getItem(table.location()).gt(v)).orElse(lit(true));
        return !runs().filter(col("job").equalTo(JobName.RETRACT.id()).and(col("status").equalTo(Status.SUCCEEDED.name()))
                .and(later.or(col("finished_at").gt(lit(run.startedAt()))))).isEmpty();
    }

    /**
     * Refuses to go on when {@code table} does not hold the rows the last successful run of its writer
     * (or of a rekey, which rewrites it) left it with: a run killed between two of its commits (an
     * incremental resolve deletes the persons it changes, then appends them again) leaves a table no
     * finished run made, and what is computed from it would be presented as complete. A table no
     * recorded run wrote is taken as it is.
     *
     * @param reader the job that would read it, for the message
     */
    public void requireFinished(LakeTable table, String reader) {
        Optional<Run> last = unfinishedSince(table);
        if (last.isPresent()) {
            JobName writer = table.writer();
            long left = last.get().tableVersion(table).orElseThrow();
            throw BreachImpactException.badInput(table + " is not as the last successful " + last.get().job()
                    + " left it (version " + left + " then, " + DeltaTables.version(spark, table.path(lake)).orElse(-1L) + " now, its rows changed "
                    + "since: " + ("aeiou".indexOf(writer.id().charAt(0)) >= 0 ? "an " : "a ") + writer.id()
                    + " that did not finish, or a change by hand): run `" + writer.command()
                    + "` (or `breach-impact nightly`) before " + reader + "; nothing was computed from it");
        }
    }

    /**
     * The last successful run among the table's {@linkplain LakeTable#rowWriters() row writers} when the
     * table's rows changed since it left them (a run of one of them killed between its commits, or a
     * change by hand); empty when they did not, or no recorded run wrote it.
     */
    public Optional<Run> unfinishedSince(LakeTable table) {
        Optional<Run> last = lastWrite(table, table.rowWriters());
        if (last.isEmpty()) {
            return Optional.empty();
        }
        long left = last.get().tableVersion(table).orElseThrow();
        return DeltaTables.rowsAsAt(spark, table.path(lake), left) ? Optional.empty() : last;
    }

    /**
     * Batches in bronze whose latest ingest did not succeed (killed, or failed), oldest first: when
     * silver/records is not as the last successful ingest left it, a run of one of them changed it.
     */
    public List<String> unfinishedIngests() {
        if (!DeltaTables.exists(spark, lake.bronzeRecords())) {
            return List.of();
        }
        Map<String, Run> latest = latestPerBatch(JobName.INGEST, JobName.RETRACT);
        List<String> result = new java.util.ArrayList<>();
        for (Row r : DeltaTables.read(spark, lake.bronzeRecords()).groupBy("batch_id").agg(org.apache.spark.sql.functions.min("batch_seq").as("seq"))
                .orderBy("seq").collectAsList()) {
            Run run = latest.get(r.getString(0));
            if (run == null || !run.is(JobName.INGEST)) {
                result.add(r.getString(0));
            }
        }
        return result;
    }

    /** Per batch, the latest successful run among the given jobs (one query for all batches). */
    public Map<String, Run> latestPerBatch(JobName... jobs) {
        Map<String, Run> result = new java.util.TreeMap<>();
        if (!DeltaTables.exists(spark, path)) {
            return result;
        }
        Dataset<Row> runs = runs();
        for (Row r : runs.filter(col("job").isin(ids(jobs)).and(col("status").equalTo(Status.SUCCEEDED.name())).and(col("batch_id").isNotNull()))
                .groupBy("batch_id").agg(org.apache.spark.sql.functions.max_by(org.apache.spark.sql.functions.struct(
                        java.util.Arrays.stream(runs.columns()).map(org.apache.spark.sql.functions::col).toArray(org.apache.spark.sql.Column[]::new)),
                        col("finished_at")).as("run")).select("run.*").collectAsList()) {
            result.put(r.getAs("batch_id"), Run.of(r));
        }
        return result;
    }

    private static Object[] ids(JobName... jobs) {
        return java.util.Arrays.stream(jobs).map(JobName::id).toArray();
    }

    /** Per batch id, the input fingerprint of the latest successful run of a job (one query for all batches). */
    public Map<String, String> latestFingerprints(JobName job) {
        Map<String, String> result = new java.util.HashMap<>();
        latestPerBatch(job).forEach((batch, run) -> result.put(batch, run.inputFingerprint()));
        return result;
    }

    /** Batches whose latest successful ingest or retraction is an ingest: what silver may be built from. */
    public List<String> publishedBatches() {
        return publishedIngests().keySet().stream().toList();
    }

    /** Per batch silver may be built from, its latest successful ingest (whose counts the report shows). */
    public Map<String, Run> publishedIngests() {
        Map<String, Run> latest = latestPerBatch(JobName.INGEST, JobName.RETRACT);
        latest.values().removeIf(r -> !r.is(JobName.INGEST));
        return latest;
    }

    public Dataset<Row> runs() {
        return DeltaTables.read(spark, path);
    }

    private static scala.collection.Map<String, Long> scala(Map<String, Long> map) {
        return scala.collection.JavaConverters.mapAsScalaMap(map);
    }
}
