package io.breachimpact.pipeline;

import io.breachimpact.spark.Lake;
import io.breachimpact.testing.SharedSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the run ledger says of retractions since a run read silver/records. */
class RunLedgerTest {
    private static final long T0 = Timestamp.valueOf("2026-12-07 02:00:00").getTime();

    private static RunLedger.Run run(JobName job, RunLedger.Status status, long startMinutes, long endMinutes, long silverVersion) {
        return new RunLedger.Run(job.id() + "-" + startMinutes, job.id(), job == JobName.RETRACT ? "b2" : null, status,
                new Timestamp(T0 + startMinutes * 60_000), new Timestamp(T0 + endMinutes * 60_000), "test", "config", "inputs",
                Map.of(LakeTable.SILVER_RECORDS.location(), silverVersion), Map.of(), null);
    }

    @Test
    void aRetractionCountsWhenItWroteALaterVersionOrFinishedAfterTheRunStarted(@TempDir Path dir) {
        RunLedger ledger = new RunLedger(SharedSpark.spark(), new Lake(dir.resolve("lake").toString()));
        // A resolve that read silver/records at version 5, from minute 10 to 20.
        RunLedger.Run resolve = run(JobName.RESOLVE, RunLedger.Status.SUCCEEDED, 10, 20, 5);
        assertFalse(ledger.retractedSince(resolve, LakeTable.SILVER_RECORDS), "no ledger yet");
        ledger.record(resolve);
        ledger.record(run(JobName.RETRACT, RunLedger.Status.SUCCEEDED, 0, 5, 4));
        assertFalse(ledger.retractedSince(resolve, LakeTable.SILVER_RECORDS), "retracted before the resolve read version 5");
        ledger.record(run(JobName.RETRACT, RunLedger.Status.FAILED, 30, 31, 7));
        assertFalse(ledger.retractedSince(resolve, LakeTable.SILVER_RECORDS), "a retraction that failed is no retraction");
        // A retraction killed before the resolve, run again after it: nothing left to change, version 5 recorded.
        ledger.record(run(JobName.RETRACT, RunLedger.Status.SUCCEEDED, 40, 41, 5));
        assertTrue(ledger.retractedSince(resolve, LakeTable.SILVER_RECORDS));

        RunLedger other = new RunLedger(SharedSpark.spark(), new Lake(dir.resolve("other").toString()));
        other.record(run(JobName.RETRACT, RunLedger.Status.SUCCEEDED, 0, 5, 6));
        assertTrue(other.retractedSince(resolve, LakeTable.SILVER_RECORDS), "a later version of silver/records than the resolve read");
    }
}
