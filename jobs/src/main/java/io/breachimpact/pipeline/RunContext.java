package io.breachimpact.pipeline;

import io.breachimpact.config.AppConfig;

import java.sql.Timestamp;
import java.util.Map;
import java.util.UUID;

/** Who is running: the run id, the profile and the configuration's hash that every ledger row carries. */
public record RunContext(String runId, String profile, String configHash) {

    public static RunContext of(AppConfig config) {
        return new RunContext(UUID.randomUUID().toString(), config.profile(), config.hash());
    }

    public RunLedger.Run record(String job, String batch, RunLedger.Status status, Timestamp started, String fingerprint,
                                Map<String, Long> tableVersions, Map<String, Long> counts, String message) {
        return new RunLedger.Run(runId, job, batch, status, started, new Timestamp(System.currentTimeMillis()), profile,
                configHash, fingerprint, tableVersions, counts, message);
    }
}
