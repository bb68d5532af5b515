package io.breachimpact.it;

import io.breachimpact.pipeline.Delivery;
import io.breachimpact.spark.DeltaTables;
import io.breachimpact.spark.Lake;
import io.breachimpact.testing.SharedSpark;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The nightly as an operator runs it on a cluster: `bin/breach-impact submit --master spark://…` (its
 * spark-submit line, run by Spark's own SparkSubmit) against a real standalone master and two workers
 * on 127.0.0.1, with the cluster profile, on the bundled sample delivered to a landing area. Every table,
 * the ledger and the outbox equal those of a local nightly on the same delivery; a second submit while
 * the first holds the lake exits 5; the killed first run's lock is taken over by the next.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterNightlyIT {
    private static final Path ROOT = Path.of(System.getProperty("breachimpact.project.root"));
    private static final String KEY = "cluster-test-key-0123456789abcdef0123456789";
    private Path work;
    private Path bin;
    private StandaloneCluster cluster;

    @BeforeAll
    void startCluster() throws Exception {
        Files.createDirectories(ROOT.resolve("jobs/target"));
        work = Files.createTempDirectory(ROOT.resolve("jobs/target"), "cluster-nightly-it-");
        Path sparkHome = Path.of(System.getProperty("breachimpact.spark.home"));
        cluster = new StandaloneCluster(sparkHome, work, 2);
        // spark-submit as a Spark installation has it, from Spark's own jars: what the launcher's submit runs.
        bin = Files.createDirectories(work.resolve("bin"));
        Path submit = bin.resolve("spark-submit");
        Files.writeString(submit, "#!/bin/sh\nexec \"" + Path.of(System.getProperty("java.home"), "bin", "java") + "\" -Xmx1500m " + StandaloneCluster.QUICK_JIT + " "
                + System.getProperty(StandaloneCluster.JAVA17_OPENS_PROPERTY).trim() + " -cp '" + sparkHome.resolve("jars") + "/*' "
                + "org.apache.spark.deploy.SparkSubmit \"$@\"\n");
        Files.setPosixFilePermissions(submit, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @AfterAll
    void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** A lake whose landing area holds the bundled sample as one delivery, with its marker. */
    private Path lakeWithSample(String name) throws IOException {
        Path lake = work.resolve(name);
        Path delivery = Files.createDirectories(lake.resolve("landing/2025-11-03-sample"));
        try (Stream<Path> files = Files.list(ROOT.resolve("data-samples/dump"))) {
            for (Path f : files.toList()) {
                Files.copy(f, delivery.resolve(f.getFileName()));
            }
        }
        Delivery.mark(FileSystem.getLocal(new Configuration()), new org.apache.hadoop.fs.Path(delivery.toString()), "delivery.sha256",
                Delivery.Kind.BATCH, Optional.empty());
        return lake;
    }

    private record Proc(Process process, Path logFile) {
        int waitFor(Duration limit) throws Exception {
            if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                kill();
                fail("still running after " + limit + ": " + log());
            }
            return process.exitValue();
        }

        String log() throws IOException {
            return Files.readString(logFile);
        }

        void kill() throws InterruptedException {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor();
        }
    }

    private Proc launcher(String logName, String pauseAt, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(ROOT.resolve("bin/breach-impact").toString()));
        command.addAll(List.of(args));
        Path log = work.resolve(logName + ".log");
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        env.put("BREACH_IMPACT_NO_BUILD", "1");
        env.put("BREACH_IMPACT_DRIVER_MEMORY", "1500m");
        env.put("BREACH_IMPACT_JAVA_OPTS", StandaloneCluster.QUICK_JIT);
        env.put("BREACH_IMPACT_KEY", KEY);
        env.put("PATH", bin + ":" + env.get("PATH"));
        env.put("SPARK_LOCAL_IP", "127.0.0.1");
        env.remove("BREACH_IMPACT_PAUSE_AT");
        if (pauseAt != null) {
            env.put("BREACH_IMPACT_PAUSE_AT", pauseAt);
        }
        return new Proc(pb.start(), log);
    }

    /** The nightly submitted to the cluster, the way the README tells an operator to. */
    private Proc submitted(Path lake, String logName, String pauseAt) throws IOException {
        return launcher(logName, pauseAt, "submit", "--master", cluster.masterUrl(), "nightly",
                "--set", "lake.root=file://" + lake,
                // The sample's shuffles need a few partitions, not the 200 a 19M dump does; and no task
                // waits for a better-placed executor (all are on this host: locality buys nothing here).
                "--set", "spark.settings.\"spark.sql.shuffle.partitions\"=4",
                "--set", "spark.settings.\"spark.locality.wait\"=0",
                "--set", "spark.settings.\"spark.executor.memory\"=1g",
                "--set", "spark.settings.\"spark.driver.host\"=127.0.0.1");
    }

    @Test
    void theNightlyOnTwoWorkersWritesWhatALocalNightWrites() throws Exception {
        Path local = lakeWithSample("local");
        // The local night is the oracle: Spark's expressions interpreted (as the crash test runs them), which on the
        // sample takes less CPU than compiling each query's code; the submitted night runs the jar as shipped.
        Proc localNight = launcher("local", null, "nightly", "--set", "lake.root=" + local,
                "--set", "spark.settings.\"spark.sql.adaptive.coalescePartitions.initialPartitionNum\"=8",
                "--set", "spark.settings.\"spark.sql.codegen.wholeStage\"=false",
                "--set", "spark.settings.\"spark.sql.codegen.factoryMode\"=NO_CODEGEN");
        assertEquals(0, localNight.waitFor(Duration.ofMinutes(5)), localNight.log());

        Path onCluster = lakeWithSample("cluster");
        Proc first = submitted(onCluster, "cluster-first", "nightly.started");
        Instant until = Instant.now().plus(Duration.ofMinutes(3));
        while (!first.log().contains("paused at nightly.started")) {
            if (!first.process().isAlive() || Instant.now().isAfter(until)) {
                first.kill();
                fail("the first submit did not reach nightly.started: " + first.log());
            }
            Thread.sleep(250);
        }
        assertTrue(first.log().contains("spark-submit --master " + cluster.masterUrl()), "the launcher prints its spark-submit line");
        Proc second = submitted(onCluster, "cluster-second", null);
        assertEquals(5, second.waitFor(Duration.ofMinutes(3)), second.log());
        assertTrue(second.log().contains("the lake is locked by run") && second.log().contains("pid "), second.log());
        first.kill();

        Proc night = submitted(onCluster, "cluster-night", null);
        assertEquals(0, night.waitFor(Duration.ofMinutes(8)), night.log());
        assertTrue(night.log().contains("took over the lake's lock") && night.log().contains("outcome=done batches=1"), night.log());
        assertTrue(night.log().contains("app-"), "the night ran as an application of the standalone master");
        for (int w = 1; w <= 2; w++) {
            try (Stream<Path> apps = Files.list(work.resolve("worker-" + w))) {
                assertTrue(apps.anyMatch(p -> p.getFileName().toString().startsWith("app-")), "worker " + w + " ran executors");
            }
        }

        // Same persons (ids), severity, cube, decisions, ledger, and the same manifest lines.
        LakeComparison.assertSameTables(local, onCluster, Set.of());
        assertEquals(DeltaTables.read(SharedSpark.spark(), new Lake(local.toString()).goldNotificationLedger()).count(),
                DeltaTables.read(SharedSpark.spark(), new Lake(onCluster.toString()).goldNotificationLedger()).count());
        Set<String> manifests = LakeComparison.outboxLines(local);
        assertFalse(manifests.isEmpty());
        assertEquals(manifests, LakeComparison.outboxLines(onCluster));
    }
}
