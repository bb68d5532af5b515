package io.breachimpact.error;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Failures of the machine or the cluster get exit 6 (a retry may help); defects stay 1, users' errors keep theirs. */
class EnvironmentFailureTest {
    @Test
    void theMachinesFailuresAreToldApartFromDefects() {
        RuntimeException diskFull = new RuntimeException("Job aborted", new IOException("No space left on device"));
        assertEquals("disk full", EnvironmentFailure.of(diskFull).orElseThrow().what());
        assertEquals(ExitCode.ENVIRONMENT, ExitCode.of(diskFull));
        assertEquals("permission denied", EnvironmentFailure.of(new java.nio.file.AccessDeniedException("/lake/silver")).orElseThrow().what());
        assertEquals("executors lost", EnvironmentFailure.of(new RuntimeException(
                "Job aborted due to stage failure: ExecutorLostFailure (executor 1 exited caused by one of the running tasks)")).orElseThrow().what());
        assertEquals("cluster or file system unreachable",
                EnvironmentFailure.of(new IllegalStateException("x", new java.net.ConnectException("Connection refused"))).orElseThrow().what());

        assertEquals(Optional.empty(), EnvironmentFailure.of(new NullPointerException()));
        assertEquals(ExitCode.INTERNAL, ExitCode.of(new IllegalStateException("a defect")));
        assertEquals(ExitCode.LOCKED, ExitCode.of(new RuntimeException(new BreachImpactException(ExitCode.LOCKED, "held"))));
        for (ExitCode code : ExitCode.values()) {
            assertEquals(code, ExitCode.of(code.code()));
            assertTrue(!code.whatToDo().isBlank());
        }
    }
}
