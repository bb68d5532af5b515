package io.breachimpact.pipeline;

import io.breachimpact.error.BreachImpactException;
import io.breachimpact.spark.DeltaTables;
import io.breachimpact.spark.Lake;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Timestamp;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The template every job of the chain runs in (as Apache Iceberg's Spark actions run in one scoped job
 * group): its inputs required and their versions read, its fingerprint compared with the last
 * successful run's to skip what would change nothing, its work run and recorded in ops/runs (counts,
 * stage times, table versions; a failure with its exit code), its Delta commits tagged with the run id,
 * and the session's labels and commit metadata given back as they were when it ends.
 */
public final class JobRunner {
    private static final Logger LOG = LoggerFactory.getLogger(JobRunner.class);

    private final SparkSession spark;
    private final Lake lake;
    private final RunContext run;

    public JobRunner(SparkSession spark, Lake lake, RunContext run) {
        this.spark = spark;
        this.lake = lake;
        this.run = run;
    }

    /** What a run returned, and the record ops/runs keeps of it (its counts, stage times and table versions). */
    public record Ran<R>(R result, RunLedger.Run record) {
    }

    public <R> Ran<R> run(LakeJob<R> job) {
        String metadata = spark.conf().getOption(RunContext.COMMIT_METADATA).getOrElse(() -> null);
        run.tagCommits(spark);
        try {
            return runTagged(job);
        } finally {
            spark.sparkContext().clearJobGroup();
            spark.sparkContext().setJobDescription(null);
            if (metadata == null) {
                spark.conf().unset(RunContext.COMMIT_METADATA);
            } else {
                spark.conf().set(RunContext.COMMIT_METADATA, metadata);
            }
        }
    }

    private <R> Ran<R> runTagged(LakeJob<R> job) {
        Timestamp started = new Timestamp(System.currentTimeMillis());
        RunLedger ledger = new RunLedger(spark, lake);
        Map<LakeTable, Long> versions = new LinkedHashMap<>();
        for (LakeTable input : job.inputs()) {
            String path = input.path(lake);
            Optional<Long> version = DeltaTables.version(spark, path);
            if (version.isEmpty()) {
                throw BreachImpactException.badInput(input + " does not exist at " + path + ": run `" + input.writer().command()
                        + "` first (or check lake.root)");
            }
            versions.put(input, version.get());
        }
        JobScope scope = new JobScope(spark, lake, run, job.name(), ledger, versions, started);
        job.recover(scope);
        job.finishedInputs().forEach(scope::requireFinished);
        job.check(scope);
        String batch = job.batch().orElse(null);
        String fingerprint = job.fingerprint(scope);
        Optional<RunLedger.Run> previous = job.previous(ledger);
        if (previous.isPresent() && job.unchanged(scope, previous.get(), fingerprint)) {
            LOG.info("{}{}: {} since run {}: nothing to do", job.name(), batch == null ? "" : " of batch " + batch, job.skipReason(),
                    previous.get().runId());
            RunLedger.Run skipped = run.record(job.name(), batch, RunLedger.Status.SKIPPED, started, fingerprint, Map.of(), Map.of(),
                    job.skipReason());
            ledger.record(skipped);
            return new Ran<>(job.skipped(scope, previous.get()), skipped);
        }
        try {
            R result = job.work(scope);
            Map<String, Long> counts = new LinkedHashMap<>(job.counts(result).asMap());
            counts.putAll(scope.timer().millis());
            RunLedger.Run done = run.record(job.name(), batch, RunLedger.Status.SUCCEEDED, started, fingerprint, scope.versions(job), counts,
                    null);
            ledger.record(done);
            return new Ran<>(result, done);
        } catch (RuntimeException e) {
            ledger.recordFailure(run, job.name(), batch, started, fingerprint, scope.timer(), e);
            throw e;
        }
    }
}
