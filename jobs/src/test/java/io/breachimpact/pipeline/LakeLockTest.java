package io.breachimpact.pipeline;

import io.breachimpact.error.BreachImpactException;
import io.breachimpact.error.ExitCode;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The lake's lock on a real local file system: one holder, a clear refusal, stale leases taken over. */
class LakeLockTest {
    private static final Configuration HADOOP = new Configuration();
    private static final Duration LEASE = Duration.ofSeconds(60);

    private static LakeLock.Holder run(String id) {
        return LakeLock.Holder.ofThisProcess(id, "nightly");
    }

    @Test
    void aSecondRunIsRefusedWithTheHolderUntilTheFirstReleases(@TempDir Path dir) {
        String path = dir.resolve("ops/lock").toString();
        LakeLock first = LakeLock.acquire(path, HADOOP, run("run-1"), LEASE);
        BreachImpactException refused = assertThrows(BreachImpactException.class, () -> LakeLock.acquire(path, HADOOP, run("run-2"), LEASE));
        assertEquals(ExitCode.LOCKED, refused.exitCode());
        assertTrue(refused.getMessage().contains("run run-1 (nightly) on host " + LakeLock.hostName() + ", pid "
                + ProcessHandle.current().pid()), refused.getMessage());
        assertTrue(LakeLock.inspect(path, HADOOP, LEASE).isPresent());
        first.close();
        assertTrue(LakeLock.inspect(path, HADOOP, LEASE).isEmpty(), "released");
        LakeLock.acquire(path, HADOOP, run("run-2"), LEASE).close();
    }

    @Test
    void ofRunsStartingTogetherExactlyOneGetsTheLock(@TempDir Path dir) throws Exception {
        String path = dir.resolve("ops/lock").toString();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<LakeLock>> tries = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String id = "run-" + i;
            tries.add(pool.submit(() -> {
                go.await();
                try {
                    return LakeLock.acquire(path, HADOOP, run(id), LEASE);
                } catch (BreachImpactException e) {
                    assertEquals(ExitCode.LOCKED, e.exitCode());
                    return null;
                }
            }));
        }
        go.countDown();
        List<LakeLock> winners = new ArrayList<>();
        for (Future<LakeLock> f : tries) {
            if (f.get() != null) {
                winners.add(f.get());
            }
        }
        pool.shutdown();
        assertEquals(1, winners.size());
        winners.get(0).close();
    }

    @Test
    void theLockOfAProcessThatEndedOnThisHostIsTakenOverAtOnce(@TempDir Path dir) throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Path file = dir.resolve("ops/lock");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "run_id=killed\ncommand=nightly\nhost=" + LakeLock.hostName() + "\npid=" + gone.pid()
                + "\nprocess_start=1\nsince=" + Instant.now() + "\n");
        try (LakeLock lock = LakeLock.acquire(file.toString(), HADOOP, run("rerun"), LEASE)) {
            assertEquals("rerun", LakeLock.inspect(file.toString(), HADOOP, LEASE).orElseThrow().holder().runId());
        }
    }

    @Test
    void aLeaseFromAnotherHostHoldsUntilItExpires(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("ops/lock");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "run_id=elsewhere\ncommand=nightly\nhost=another-host\npid=1\nprocess_start=1\nsince=" + Instant.now() + "\n");
        BreachImpactException refused = assertThrows(BreachImpactException.class,
                () -> LakeLock.acquire(file.toString(), HADOOP, run("here"), LEASE));
        assertTrue(refused.getMessage().contains("run elsewhere (nightly) on host another-host"), refused.getMessage());
        assertFalse(LakeLock.inspect(file.toString(), HADOOP, LEASE).orElseThrow().stale());
        // Not renewed for longer than the lease: its holder is gone, the lock is taken over.
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(LEASE).minusSeconds(5)));
        assertTrue(LakeLock.inspect(file.toString(), HADOOP, LEASE).orElseThrow().stale());
        try (LakeLock lock = LakeLock.acquire(file.toString(), HADOOP, run("here"), LEASE)) {
            assertEquals("here", LakeLock.inspect(file.toString(), HADOOP, LEASE).orElseThrow().holder().runId());
        }
    }

    @Test
    void theHolderRenewsItsLeaseAndNoticesWhenItIsTakenFromIt(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("ops/lock");
        Duration shortLease = Duration.ofSeconds(2);
        try (LakeLock lock = LakeLock.acquire(file.toString(), HADOOP, run("holder"), shortLease)) {
            Files.setLastModifiedTime(file, FileTime.from(Instant.now().minusSeconds(60)));
            Thread.sleep(1_500);
            assertFalse(LakeLock.inspect(file.toString(), HADOOP, shortLease).orElseThrow().stale(), "renewed while it lives");
            lock.requireHeld();
            // Another run took it (the lease had expired while this one was stuck): this one must not commit.
            Files.writeString(file, "run_id=other\ncommand=nightly\nhost=another-host\npid=1\nprocess_start=1\nsince=" + Instant.now() + "\n");
            Thread.sleep(1_500);
            BreachImpactException lost = assertThrows(BreachImpactException.class, lock::requireHeld);
            assertEquals(ExitCode.LOCKED, lost.exitCode());
        }
        assertEquals("other", LakeLock.inspect(file.toString(), HADOOP, shortLease).orElseThrow().holder().runId(),
                "closing a lost lock leaves the new holder's file alone");
    }
}
