package io.breachimpact.pipeline;

import io.breachimpact.config.AppConfig;
import org.apache.spark.sql.SparkSession;

import java.sql.Timestamp;
import java.util.Map;
import java.util.UUID;

/**
 * Who is running: the run id, the profile and the configuration's hash that every ledger row carries.
 * A nightly's jobs run as its children ({@code <nightly id>-<job>}), so that their rows, commits and
 * output directories say which night made them.
 */
public record RunContext(String runId, String profile, String configHash) {
    /** Delta keeps this setting in every commit's {@code userMetadata}. */
    static final String COMMIT_METADATA = "spark.databricks.delta.commitInfo.userMetadata";

    public static RunContext of(AppConfig config) {
        return new RunContext(UUID.randomUUID().toString(), config.profile(), config.hash());
    }

    /** A job's run inside this one (a nightly's ingest, resolve, …). */
    public RunContext child(JobName job) {
        return new RunContext(runId + "-" + job.id(), profile, configHash);
    }

    /** A job's run on one batch inside this one ({@code <night>-ingest-<batch>}). */
    public RunContext child(JobName job, String batch) {
        return new RunContext(runId + "-" + job.id() + "-" + batch, profile, configHash);
    }

    /** Every Delta commit that follows carries this run's id, so a table's history says which run wrote what. */
    public void tagCommits(SparkSession spark) {
        spark.conf().set(COMMIT_METADATA, commitMetadata(runId));
    }

    /** What a run's Delta commits carry in {@code userMetadata}. */
    public static String commitMetadata(String runId) {
        return "run " + runId;
    }

    public RunLedger.Run record(JobName job, String batch, RunLedger.Status status, Timestamp started, String fingerprint,
                                Map<String, Long> tableVersions, Map<String, Long> counts, String message) {
        return new RunLedger.Run(runId, job.id(), batch, status, started, new Timestamp(System.currentTimeMillis()), profile,
                configHash, fingerprint, tableVersions, counts, message);
    }
}
