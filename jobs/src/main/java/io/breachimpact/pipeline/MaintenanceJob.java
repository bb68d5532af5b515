package io.breachimpact.pipeline;

import io.breachimpact.spark.DeltaTables;
import io.breachimpact.spark.Lake;
import io.delta.tables.DeltaTable;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Keeps a lake that runs every night from filling its disk: compacts the tables that nightly appends
 * fragment, VACUUMs the files no recent version needs (never those of the versions the last report
 * read: the next report compares itself with them), and deletes old report directories and the
 * outbox directories the delivery step acknowledged. Manifests not acknowledged are kept, whatever their age.
 */
public final class MaintenanceJob {
    private static final Logger LOG = LoggerFactory.getLogger(MaintenanceJob.class);
    public static final JobName JOB = JobName.MAINTENANCE;

    /** What a run counts, in ops/runs: disk use before and after, and what it did. */
    public enum Count implements CountKey {
        BYTES_BEFORE, BYTES_AFTER, TABLES_COMPACTED, TABLES_VACUUMED, VACUUM_HOURS, REPORTS_DELETED, OUTBOX_DELETED, OUTBOX_UNACKNOWLEDGED
    }
    /** What the delivery step writes into {@code outbox/<run>/} once it has taken the manifests. */
    public static final String ACKNOWLEDGED = "ACKNOWLEDGED";
    private static final String RETENTION_CHECK = "spark.databricks.delta.retentionDurationCheck.enabled";
    /** VACUUM would otherwise commit to each table: a new version that jobs would take for a change of their inputs. */
    private static final String VACUUM_LOGGING = "spark.databricks.delta.vacuum.logging.enabled";
    /** VACUUM lists files in this many tasks: Spark's default of 10,000 makes it minutes of empty tasks on a small lake. */
    private static final String LISTING_TASKS = "spark.sql.sources.parallelPartitionDiscovery.parallelism";
    /**
     * VACUUM joins a table's files with those its versions need: a few thousand rows, for which the local
     * profile's 200 initial shuffle partitions cost more than the work (measured: 85 s for the sample's 14 tables).
     */
    private static final List<String> SHUFFLE_PARTITIONS = List.of("spark.sql.shuffle.partitions",
            "spark.sql.adaptive.coalescePartitions.initialPartitionNum");

    /**
     * Tables whose files average under this are fragmented (small appends, night after night). A table of
     * many files of a fair size gains nothing from OPTIMIZE: silver/persons at 19M, one full write of 103
     * files averaging 11 MB, was rewritten for nothing (measured: 105 s, and 1.2 GB more disk until VACUUM).
     */
    static final long SMALL_FILE_BYTES = 4L << 20;

    private final Lake lake;
    private final MaintenanceConfig config;
    private final RunContext run;

    public MaintenanceJob(Lake lake, MaintenanceConfig config, RunContext run) {
        this.lake = lake;
        this.config = config;
        this.run = run;
    }

    /** Disk use before and after, and what was done. */
    public record Result(long bytesBefore, long bytesAfter, List<String> compacted, List<String> vacuumed, long vacuumHours, int reportsDeleted,
                         int outboxDeleted, List<String> outboxUnacknowledged) {
    }

    public Result run(SparkSession spark) {
        run.tagCommits(spark);
        Timestamp started = new Timestamp(System.currentTimeMillis());
        RunLedger ledger = new RunLedger(spark, lake);
        StageTimer timer = new StageTimer(JOB.id());
        return ledger.track(run, JOB, null, started, "retention " + config.retentionDays() + " d", timer, () -> maintain(spark, ledger, timer),
                r -> {
                    return new Counts().put(Count.BYTES_BEFORE, r.bytesBefore()).put(Count.BYTES_AFTER, r.bytesAfter())
                            .put(Count.TABLES_COMPACTED, r.compacted().size()).put(Count.TABLES_VACUUMED, r.vacuumed().size())
                            .put(Count.VACUUM_HOURS, r.vacuumHours()).put(Count.REPORTS_DELETED, r.reportsDeleted())
                            .put(Count.OUTBOX_DELETED, r.outboxDeleted()).put(Count.OUTBOX_UNACKNOWLEDGED, r.outboxUnacknowledged().size())
                            .asMap();
                }, r -> Map.of());
    }

    private Result maintain(SparkSession spark, RunLedger ledger, StageTimer timer) {
        try {
            FileSystem fs = new Path(lake.root()).getFileSystem(spark.sparkContext().hadoopConfiguration());
            long before = LakeStatus.diskUse(fs, new Path(lake.root())).get("total");
            Map<String, String> tables = new LinkedHashMap<>(lake.tables());
            tables.put("ops/runs", lake.opsRuns());

            timer.stage("compact");
            List<String> compacted = new ArrayList<>();
            Map<String, String> toVacuum = new LinkedHashMap<>();
            for (Map.Entry<String, String> t : tables.entrySet()) {
                if (!DeltaTables.exists(spark, t.getValue())) {
                    continue;
                }
                Row detail = DeltaTable.forPath(spark, t.getValue()).detail().select("numFiles", "sizeInBytes").first();
                long files = detail.getLong(0);
                if (files > config.compactWhenFilesOver() && detail.getLong(1) / files < SMALL_FILE_BYTES) {
                    DeltaTable.forPath(spark, t.getValue()).optimize().executeCompaction();
                    compacted.add(t.getKey());
                    toVacuum.put(t.getKey(), t.getValue());
                } else if (!onlyCurrentFiles(fs, new Path(t.getValue()), files)) {
                    toVacuum.put(t.getKey(), t.getValue());
                }
            }

            // Values an update superseded stay, hidden, in the files a deletion vector marks (silver/records' merges,
            // an incremental resolve's persons); once the oldest of them is past the retention, those files are
            // rewritten without them (and VACUUM takes the old ones later).
            timer.stage("purge");
            for (LakeTable t : List.of(LakeTable.SILVER_RECORDS, LakeTable.SILVER_PERSONS)) {
                String path = t.path(lake);
                if (DeltaTables.exists(spark, path)) {
                    Optional<java.sql.Timestamp> oldest = DeltaTables.oldestUnpurgedDeletion(spark, path);
                    if (oldest.isPresent() && oldest.get().getTime() < System.currentTimeMillis() - config.retentionDays() * 86_400_000L) {
                        DeltaTables.purgeDeletedRows(spark, path);
                        compacted.add(t.location() + " (deleted rows purged)");
                        toVacuum.put(t.location(), path);
                    }
                }
            }

            timer.stage("vacuum");
            long hours = vacuumHours(ledger);
            String check = spark.conf().get(RETENTION_CHECK, "true");
            String logging = spark.conf().get(VACUUM_LOGGING, "false");
            String listing = spark.conf().get(LISTING_TASKS, "10000");
            Map<String, String> shuffles = new LinkedHashMap<>();
            SHUFFLE_PARTITIONS.forEach(key -> shuffles.put(key, spark.conf().getOption(key).getOrElse(() -> null)));
            String tasks = String.valueOf(Math.max(8, 2 * spark.sparkContext().defaultParallelism()));
            try {
                spark.conf().set(VACUUM_LOGGING, "false");
                spark.conf().set(LISTING_TASKS, tasks);
                SHUFFLE_PARTITIONS.forEach(key -> spark.conf().set(key, tasks));
                if (hours < MaintenanceConfig.DELTA_SAFE_DAYS * 24L) {
                    spark.conf().set(RETENTION_CHECK, "false"); // maintenance.allow-short-retention said so
                }
                for (String path : toVacuum.values()) {
                    DeltaTable.forPath(spark, path).vacuum(hours);
                }
            } finally {
                spark.conf().set(RETENTION_CHECK, check);
                spark.conf().set(VACUUM_LOGGING, logging);
                spark.conf().set(LISTING_TASKS, listing);
                shuffles.forEach((key, value) -> {
                    if (value == null) {
                        spark.conf().unset(key);
                    } else {
                        spark.conf().set(key, value);
                    }
                });
            }

            timer.stage("directories");
            long cutoff = System.currentTimeMillis() - config.retentionDays() * 86_400_000L;
            Optional<String> latestReport = ledger.lastSucceeded(null, JobName.REPORT).map(RunLedger.Run::runId);
            int reports = 0;
            Path reportsDir = new Path(lake.reports("x")).getParent();
            for (FileStatus s : list(fs, reportsDir)) {
                String name = s.getPath().getName();
                if (s.isDirectory() && !name.startsWith(".") && s.getModificationTime() < cutoff && !latestReport.map(name::equals).orElse(false)) {
                    fs.delete(s.getPath(), true);
                    reports++;
                }
            }
            int outbox = 0;
            List<String> waiting = new ArrayList<>();
            for (FileStatus s : list(fs, new Path(lake.outbox()))) {
                if (!s.isDirectory() || s.getModificationTime() >= cutoff) {
                    continue;
                }
                if (fs.exists(new Path(s.getPath(), ACKNOWLEDGED))) {
                    fs.delete(s.getPath(), true);
                    outbox++;
                } else {
                    waiting.add(s.getPath().getName());
                }
            }
            if (!waiting.isEmpty()) {
                LOG.warn("{} outbox director{} older than {} days not acknowledged as delivered (no {} file): kept — {}", waiting.size(),
                        waiting.size() == 1 ? "y" : "ies", config.retentionDays(), ACKNOWLEDGED, waiting);
            }
            timer.end();
            long after = LakeStatus.diskUse(fs, new Path(lake.root())).get("total");
            return new Result(before, after, compacted, List.copyOf(toVacuum.keySet()), hours, reports, outbox, waiting);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot maintain the lake " + lake.root(), e);
        }
    }

    /**
     * The configured retention, stretched to reach back to the last report, decide and resolve: the
     * next report compares itself with the versions that report read, the next decide compares
     * silver/persons with the version the last one read, and the next resolve reads silver/records as
     * the last one read it (the records its kept slip search was made from); VACUUM must not take them away.
     */
    private long vacuumHours(RunLedger ledger) {
        long hours = config.retentionDays() * 24L;
        for (JobName reader : List.of(JobName.REPORT, JobName.DECIDE, JobName.RESOLVE)) {
            Optional<RunLedger.Run> last = ledger.lastSucceeded(null, reader);
            if (last.isPresent()) {
                long since = (System.currentTimeMillis() - last.get().startedAt().getTime()) / 3_600_000L + 1;
                hours = Math.max(hours, since);
            }
        }
        return hours;
    }

    /**
     * Whether every data file under a table is one its current version reads: then VACUUM has nothing to
     * delete, and its listing and join (seconds per table, even on an empty one) are not needed. Files on
     * disk include those read, so equal counts mean equal sets. Deletion vectors and change-data files
     * are not in the count: a table with any is VACUUMed.
     */
    static boolean onlyCurrentFiles(FileSystem fs, Path table, long currentFiles) throws IOException {
        long onDisk = 0;
        java.util.ArrayDeque<Path> dirs = new java.util.ArrayDeque<>(List.of(table));
        while (!dirs.isEmpty()) {
            for (FileStatus s : fs.listStatus(dirs.pop())) {
                String name = s.getPath().getName();
                if (name.equals("_change_data") || name.startsWith("deletion_vector_")) {
                    return false;
                }
                if (name.startsWith("_") || name.startsWith(".")) {
                    continue; // the log, checksums, hidden work files: not VACUUM's
                }
                if (s.isDirectory()) {
                    dirs.push(s.getPath());
                } else if (++onDisk > currentFiles) {
                    return false;
                }
            }
        }
        return onDisk == currentFiles;
    }

    private static FileStatus[] list(FileSystem fs, Path dir) throws IOException {
        return fs.exists(dir) ? fs.listStatus(dir) : new FileStatus[0];
    }

    /** Whether the last successful maintenance is older than {@code maintenance.every-hours}. */
    public boolean due(SparkSession spark) {
        return new RunLedger(spark, lake).lastSucceeded(null, JOB).map(r -> System.currentTimeMillis()
                - r.finishedAt().getTime() >= config.everyHours() * 3_600_000L).orElse(true);
    }

    /** What the nightly prints of it. */
    public static String render(Result r) {
        return String.format(java.util.Locale.ROOT, "Maintenance: lake %,d bytes before, %,d after; compacted %s; VACUUM of %d table(s) with files no version reads, retention %d h; "
                        + "%d report and %d acknowledged outbox director%s deleted%s%n", r.bytesBefore(), r.bytesAfter(),
                r.compacted().isEmpty() ? "nothing" : String.join(", ", r.compacted()), r.vacuumed().size(), r.vacuumHours(), r.reportsDeleted(), r.outboxDeleted(),
                r.outboxDeleted() == 1 ? "y" : "ies", r.outboxUnacknowledged().isEmpty() ? ""
                        : "; " + r.outboxUnacknowledged().size() + " old outbox director(ies) kept: not acknowledged as delivered");
    }
}
