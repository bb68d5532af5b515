package io.breachimpact.pipeline;

import io.breachimpact.config.AppConfig;
import io.breachimpact.error.BreachImpactException;
import io.breachimpact.error.ExitCode;
import io.breachimpact.spark.DeltaTables;
import io.breachimpact.spark.Lake;
import io.breachimpact.testing.SharedSpark;
import io.delta.tables.DeltaTable;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The template on a job of a few lines: inputs, skip, run records, labels and commit metadata given back. */
class JobRunnerTest {
    /** Counts the records of silver/records into silver/person_records (a stand-in for resolve). */
    private static final class CountingJob implements LakeJob<Long> {
        enum Count implements CountKey { RECORDS }

        final AtomicInteger works = new AtomicInteger();
        RuntimeException failure;

        @Override
        public JobName name() {
            return JobName.RESOLVE;
        }

        @Override
        public List<LakeTable> inputs() {
            return List.of(LakeTable.SILVER_RECORDS);
        }

        @Override
        public List<LakeTable> outputs() {
            return List.of(LakeTable.SILVER_PERSON_RECORDS);
        }

        @Override
        public String dependsOn() {
            return "shape 1";
        }

        @Override
        public Long work(JobScope scope) {
            works.incrementAndGet();
            scope.stage("copy", "copy the records");
            if (failure != null) {
                throw failure;
            }
            scope.replace(LakeTable.SILVER_PERSON_RECORDS, scope.read(LakeTable.SILVER_RECORDS).selectExpr("record_id", "record_id as person_id"));
            return scope.read(LakeTable.SILVER_PERSON_RECORDS).count();
        }

        @Override
        public Long skipped(JobScope scope, RunLedger.Run previous) {
            return previous.count(Count.RECORDS).orElseThrow();
        }

        @Override
        public Counts counts(Long records) {
            return new Counts().put(Count.RECORDS, records);
        }
    }

    @Test
    void aJobRunsOnceRecordsWhatItReadAndWroteAndLeavesTheSessionAsItWas(@TempDir Path root) {
        SparkSession spark = SharedSpark.spark();
        Lake lake = new Lake(root.toString());
        RunContext run = RunContext.of(AppConfig.defaults("local", "lake.root=" + root));
        CountingJob job = new CountingJob();

        BreachImpactException missing = assertThrows(BreachImpactException.class, () -> new JobRunner(spark, lake, run).run(job));
        assertEquals(ExitCode.BAD_INPUT, missing.exitCode());
        assertTrue(missing.getMessage().contains("silver/records does not exist") && missing.getMessage().contains("breach-impact ingest"),
                missing.getMessage());

        DeltaTables.create(spark.range(5).selectExpr("cast(id as string) as record_id"), lake.silverRecords(), 1);
        spark.conf().set(RunContext.COMMIT_METADATA, "someone else's");
        JobRunner.Ran<Long> first = new JobRunner(spark, lake, run).run(job);
        assertEquals(5L, first.result());
        assertEquals(RunLedger.Status.SUCCEEDED, first.record().status());
        assertEquals(java.util.Map.of("silver/records", 0L, "silver/person_records", 0L), first.record().tableVersions());
        assertEquals("silver/records@0;shape 1", first.record().inputFingerprint());
        assertTrue(first.record().counts().containsKey("stage_ms_copy"));
        assertEquals(RunContext.commitMetadata(run.runId()), DeltaTable.forPath(spark, lake.silverPersonRecords()).history(1)
                .select("userMetadata").first().getString(0), "its commits carry its run id");
        assertEquals("someone else's", spark.conf().get(RunContext.COMMIT_METADATA), "the session's metadata given back");
        assertNull(spark.sparkContext().getLocalProperty("spark.jobGroup.id"), "its stage labels end with it");

        // Same inputs, same configuration: nothing to do, and the ledger says so.
        JobRunner.Ran<Long> again = new JobRunner(spark, lake, RunContext.of(AppConfig.defaults("local", "lake.root=" + root))).run(job);
        assertEquals(RunLedger.Status.SKIPPED, again.record().status());
        assertEquals(5L, again.result(), "what the run that did the work counted");
        assertEquals(1, job.works.get());

        // New records: it runs again; a failure is recorded with its exit code, and thrown.
        DeltaTables.replace(spark.range(7).selectExpr("cast(id as string) as record_id"), lake.silverRecords(), 1);
        job.failure = new BreachImpactException(ExitCode.RECONCILIATION_FAILED, "the counts differ");
        assertThrows(BreachImpactException.class, () -> new JobRunner(spark, lake, run).run(job));
        RunLedger.Run failed = RunLedger.Run.of(new RunLedger(spark, lake).runs().orderBy(org.apache.spark.sql.functions.desc("finished_at"))
                .first());
        assertEquals(RunLedger.Status.FAILED, failed.status());
        assertEquals("the counts differ", failed.message());
        assertEquals(ExitCode.RECONCILIATION_FAILED.code(), failed.count(() -> "EXIT_CODE").orElseThrow().intValue());
        assertFalse(spark.conf().get(RunContext.COMMIT_METADATA).contains(run.runId()));
        job.failure = null;
        assertEquals(7L, new JobRunner(spark, lake, run).run(job).result());
    }
}
