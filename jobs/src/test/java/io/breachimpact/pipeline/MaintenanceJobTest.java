package io.breachimpact.pipeline;

import io.breachimpact.config.AppConfig;
import io.breachimpact.error.BreachImpactException;
import io.breachimpact.spark.DeltaTables;
import io.breachimpact.spark.Lake;
import io.breachimpact.testing.SharedSpark;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A lake after many nights: fragments compacted, replaced versions vacuumed, old directories gone, undelivered manifests kept. */
class MaintenanceJobTest {
    private static long parquetFiles(Path table) throws Exception {
        try (Stream<Path> files = Files.list(table)) {
            return files.filter(p -> p.toString().endsWith(".parquet")).count();
        }
    }

    private static void age(Path dir, int days) throws Exception {
        Files.setLastModifiedTime(dir, FileTime.from(Instant.now().minus(days, ChronoUnit.DAYS)));
    }

    /**
     * A corrected record's old values stay, hidden by a deletion vector, in a file the table uses; once
     * past the retention, maintenance rewrites that file without them and VACUUM removes the old one:
     * no file under the table holds them any more.
     */
    @Test
    void valuesACorrectionSupersededLeaveTheFilesOncePastTheRetention(@TempDir Path root) throws Exception {
        SparkSession spark = SharedSpark.spark();
        Lake lake = new Lake(root.toString());
        DeltaTables.createForRowChanges(spark.range(0, 1000).selectExpr("concat('R', id) as record_id",
                "concat('person', id, '@old.example') as email").coalesce(1), lake.silverRecords(), 1);
        io.delta.tables.DeltaTable.forPath(spark, lake.silverRecords()).as("s")
                .merge(spark.sql("select 'R7' as record_id, 'person7@new.example' as email").as("b"), "s.record_id = b.record_id")
                .whenMatched().updateAll().execute();
        assertTrue(DeltaTables.oldestUnpurgedDeletion(spark, lake.silverRecords()).isPresent());
        assertEquals(1, spark.read().option("pathGlobFilter", "*.parquet").parquet(root.resolve("silver/records").toString()).filter("email = 'person7@old.example'").count(),
                "the old value is still in the table's file, hidden");

        MaintenanceConfig kept = MaintenanceConfig.from(AppConfig.defaults("local", "maintenance.every-hours=0"));
        RunContext run = RunContext.of(AppConfig.defaults("local"));
        assertFalse(new MaintenanceJob(lake, kept, run).run(spark).compacted().toString().contains("silver/records"),
                "within the retention (7 days): left as it is");
        MaintenanceConfig past = MaintenanceConfig.from(AppConfig.defaults("local", "maintenance.retention-days=0",
                "maintenance.allow-short-retention=true", "maintenance.every-hours=0"));
        MaintenanceJob.Result purged = new MaintenanceJob(lake, past, run).run(spark);
        assertTrue(purged.compacted().contains("silver/records (deleted rows purged)"), purged.compacted().toString());
        assertTrue(DeltaTables.oldestUnpurgedDeletion(spark, lake.silverRecords()).isEmpty());
        assertEquals(0, spark.read().option("pathGlobFilter", "*.parquet").parquet(root.resolve("silver/records").toString()).filter("email = 'person7@old.example'").count(),
                "no file of the table holds the superseded value");
        assertEquals(1000, DeltaTables.read(spark, lake.silverRecords()).count());
        assertEquals(1, DeltaTables.read(spark, lake.silverRecords()).filter("email = 'person7@new.example'").count());
    }

    @Test
    void aYearOfNightsDoesNotFillTheDisk(@TempDir Path root) throws Exception {
        SparkSession spark = SharedSpark.spark();
        Lake lake = new Lake(root.toString());
        // Ten replacements of a decisions table, as ten decide runs leave it.
        for (int i = 0; i < 10; i++) {
            DeltaTables.replace(spark.range(0, 2000).selectExpr("cast(id as string) as person_id", i + " as night").repartition(2),
                    lake.goldDecisions(), 1);
        }
        // Forty run records, one small file each.
        RunLedger ledger = new RunLedger(spark, lake);
        RunContext run = RunContext.of(AppConfig.defaults("local"));
        for (int i = 0; i < 40; i++) {
            ledger.record(run.record(JobName.INGEST, "b" + i, RunLedger.Status.SUCCEEDED, new Timestamp(System.currentTimeMillis()), null,
                    Map.of(), Map.of(), null));
        }
        long filesBefore = parquetFiles(root.resolve("gold/decisions"));
        long runFiles = parquetFiles(root.resolve("ops/runs"));
        MaintenanceConfig config = MaintenanceConfig.from(AppConfig.defaults("local", "maintenance.retention-days=0",
                "maintenance.allow-short-retention=true", "maintenance.compact-when-files-over=10", "maintenance.every-hours=0"));

        MaintenanceJob.Result first = new MaintenanceJob(lake, config, run).run(spark);
        assertTrue(first.compacted().contains("ops/runs"), first.compacted().toString());
        assertFalse(first.compacted().contains("gold/decisions"), "two files: nothing to compact");
        assertEquals(0, first.vacuumHours(), "no report yet: the configured retention");
        assertEquals(java.util.List.of("gold/decisions", "ops/runs"), first.vacuumed(), "only tables with files no version reads");
        assertEquals(2, parquetFiles(root.resolve("gold/decisions")), filesBefore + " files before: the replaced versions' are gone");
        assertEquals(9, DeltaTables.read(spark, lake.goldDecisions()).agg(org.apache.spark.sql.functions.max("night")).first().getInt(0));
        assertTrue(parquetFiles(root.resolve("ops/runs")) < runFiles, "the run ledger compacted, its small files vacuumed");
        assertEquals(41, DeltaTables.read(spark, lake.opsRuns()).count(), "40 runs and the maintenance's own");
        assertTrue(first.bytesAfter() < first.bytesBefore(), first.bytesBefore() + " → " + first.bytesAfter());

        // Old directories: the latest report stays, acknowledged manifests go, the others wait for their acknowledgement.
        RunContext report = RunContext.of(AppConfig.defaults("local"));
        ledger.record(report.record(JobName.REPORT, null, RunLedger.Status.SUCCEEDED, new Timestamp(System.currentTimeMillis()), "x",
                Map.of(), Map.of(), null));
        Path reports = root.resolve("reports");
        for (String name : new String[] {"old-run", report.runId()}) {
            Files.createDirectories(reports.resolve(name));
            Files.writeString(reports.resolve(name).resolve("report.md"), "figures");
            age(reports.resolve(name), 40);
        }
        Path acknowledged = root.resolve("outbox/old-acknowledged");
        Path waiting = root.resolve("outbox/old-waiting");
        Path recent = root.resolve("outbox/recent");
        for (Path dir : new Path[] {acknowledged, waiting, recent}) {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("letter.csv"), "notification_id\n");
        }
        Files.writeString(acknowledged.resolve(MaintenanceJob.ACKNOWLEDGED), "");
        age(acknowledged, 40);
        age(waiting, 40);
        assertFalse(new MaintenanceJob(lake, MaintenanceConfig.from(AppConfig.defaults("local")), run).due(spark), "once a day by default");
        assertTrue(new MaintenanceJob(lake, config, run).due(spark), "every-hours = 0");
        MaintenanceJob.Result second = new MaintenanceJob(lake, config, run).run(spark);
        assertFalse(Files.exists(reports.resolve("old-run")));
        assertTrue(Files.exists(reports.resolve(report.runId())), "the latest report stays: the next compares itself with it");
        assertFalse(Files.exists(acknowledged));
        assertTrue(Files.exists(waiting), "manifests not acknowledged as delivered are kept");
        assertTrue(Files.exists(recent));
        // (retention 0: "recent" is past it too, and kept the same way)
        assertEquals(java.util.List.of("old-waiting", "recent"), second.outboxUnacknowledged().stream().sorted().toList());
        assertEquals(1, second.reportsDeleted());
        assertEquals(1, second.outboxDeleted());
        // Retention 0, stretched back to the last report's start: what that report read stays readable.
        assertEquals(1, second.vacuumHours());
        assertEquals(java.util.List.of(), second.vacuumed(), "every table holds only the files its current version reads");
    }

    @Test
    void aRetentionUnderDeltasSafetyCheckMustBeMeant() {
        BreachImpactException e = assertThrows(BreachImpactException.class,
                () -> MaintenanceConfig.from(AppConfig.defaults("local", "maintenance.retention-days=2")));
        assertTrue(e.getMessage().contains("maintenance.allow-short-retention"), e.getMessage());
    }
}
