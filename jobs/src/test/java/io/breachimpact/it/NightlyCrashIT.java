package io.breachimpact.it;

import io.breachimpact.model.DumpColumns;
import io.breachimpact.spark.DeltaTables;
import io.breachimpact.spark.Lake;
import io.breachimpact.testing.DumpFiles;
import io.breachimpact.testing.SharedSpark;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The nightly as real processes (the launcher, as a scheduler starts it), killed with SIGKILL at named
 * points inside and between its jobs, one after the other on the same lake (and at its start, by the
 * concurrency test), then run to the end: the
 * tables, the ledger and the outbox equal those of a night that was never interrupted, and nobody is
 * notified twice; then a second, incremental night on both lakes, killed between the person tables'
 * changes, which a standalone exposure refuses and the next night completes. Also: two nightlies at once (one exits 5), the killed run's lock taken over, and no
 * name, email, phone or address of the dump in any log.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NightlyCrashIT {
    private static final Path ROOT = Path.of(System.getProperty("breachimpact.project.root"));
    private static final String KEY = "crash-test-key-0123456789abcdef0123456789";
    /** In the order a night reaches them: each killed run leaves the lake where the next one resumes. */
    private static final List<String> KILL_POINTS = List.of(
            "ingest.silver-append",       // the second batch's corrected records deleted from silver, its rows half appended
            "nightly.after-delivery",     // between jobs: the first batch in, not the second
            "resolve.persons-write",      // the persons being written
            "exposure.after-severity",    // severity written, the cube not
            "decide.before-ledger",       // decisions and manifests staged, no notice issued
            "decide.after-ledger",        // notices issued, manifests not yet in the outbox
            "report.before-publish");     // the report written beside its place

    private Path work;
    private Path deliveries;

    @BeforeAll
    void deliveries() throws Exception {
        // Under target/: the runs' logs stay there to read when a kill point misbehaves; `mvn clean` removes them.
        Path target = ROOT.resolve("jobs/target");
        Files.createDirectories(target);
        work = Files.createTempDirectory(target, "nightly-crash-it-");
        deliveries = work.resolve("deliveries");
        // A first batch, then corrections of its first 400 record ids, delivered before the first night; and the
        // follow-up of the first batch the second night gets (generated beside the corrections: CI's time).
        generate("2025-11-03-b1", 3000, 5).waitFor();
        Generation corrections = generate("2025-11-10-b2", 400, 6);
        Generation followUp = new Generation(start(work.resolve("gen-follow-up.log"), null, "generate", "--follow-up-of",
                work.resolve("truth-2025-11-03-b1").toString(), "--rows", "200", "--batch", "2025-11-17-b3", "--out",
                work.resolve("follow-up/2025-11-17-b3").toString(), "--truth-out", work.resolve("truth-2025-11-17-b3").toString(), "--deliver",
                "--set", "lake.root=" + work.resolve("scratch-follow-up")));
        corrections.waitFor();
        followUp.waitFor();
    }

    private record Generation(Proc process) {
        void waitFor() throws Exception {
            assertEquals(0, process.waitFor(Duration.ofMinutes(3)), process.log());
        }
    }

    private Generation generate(String batch, int rows, int seed) throws IOException {
        return new Generation(start(work.resolve("gen-" + batch + ".log"), null, "generate", "--rows", String.valueOf(rows), "--seed",
                String.valueOf(seed), "--out", deliveries.resolve(batch).toString(), "--truth-out", work.resolve("truth-" + batch).toString(),
                "--deliver", "--set", "lake.root=" + work.resolve("scratch-" + batch)));
    }

    private Path lakeWithDeliveries(String name) throws IOException {
        Path lake = work.resolve(name);
        try (Stream<Path> files = Files.walk(deliveries)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Path to = lake.resolve("landing").resolve(deliveries.relativize(f));
                Files.createDirectories(to.getParent());
                Files.copy(f, to, StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
        return lake;
    }

    /** A launcher process; its log is its standard output and error. */
    private record Proc(Process process, Path logFile) {
        int waitFor(Duration limit) throws Exception {
            if (!process.waitFor(limit.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                fail("still running after " + limit + ": " + log());
            }
            return process.exitValue();
        }

        String log() throws IOException {
            return Files.readString(logFile);
        }

        /** Waits until the run says it paused at the point, then kills it with SIGKILL. */
        void killAt(String point, Duration limit) throws Exception {
            Instant until = Instant.now().plus(limit);
            while (!log().contains("paused at " + point)) {
                if (!process.isAlive()) {
                    fail("the run ended (exit " + process.exitValue() + ") before reaching " + point + ": " + log());
                }
                if (Instant.now().isAfter(until)) {
                    process.destroyForcibly();
                    fail("did not reach " + point + " within " + limit + ": " + log());
                }
                Thread.sleep(200);
            }
            process.destroyForcibly(); // SIGKILL: no shutdown hook, no finally, no lock released
            process.waitFor();
            assertEquals(137, process.exitValue(), "killed by SIGKILL");
        }
    }

    private Proc start(Path log, String pauseAt, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(ROOT.resolve("bin/breach-impact").toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        env.put("BREACH_IMPACT_NO_BUILD", "1");
        env.put("BREACH_IMPACT_DRIVER_MEMORY", "1500m");
        // Spark's expressions interpreted: these runs are about crashes, and on a few thousand records they
        // spend a quarter of their time compiling code (a nightly 107 s → 81 s, measured). The cluster and
        // spark-submit tests run with code generation.
        env.put("BREACH_IMPACT_JAVA_OPTS", StandaloneCluster.QUICK_JIT + " -Dspark.sql.codegen.wholeStage=false -Dspark.sql.codegen.factoryMode=NO_CODEGEN");
        env.put("BREACH_IMPACT_KEY", KEY);
        env.remove("BREACH_IMPACT_PAUSE_AT");
        if (pauseAt != null) {
            env.put("BREACH_IMPACT_PAUSE_AT", pauseAt);
        }
        return new Proc(pb.start(), log);
    }

    private Proc nightly(Path lake, String logName, String pauseAt) throws IOException {
        // Small batches: a shuffle needs a few partitions, not the 200 the local profile starts at for 19M records.
        // Incremental resolve: the second night's is killed between its commits.
        // Persons compared with the table's on a run over every record, however small the lake (the rerun after the
        // incremental night's kill is one).
        List<String> args = new ArrayList<>(List.of("nightly", "--set", "lake.root=" + lake, "--set", "resolve.incremental=true",
                "--set", "resolve.compare-persons-from=0",
                "--set", "spark.settings.\"spark.sql.adaptive.coalescePartitions.initialPartitionNum\"=8"));
        return start(work.resolve(logName + ".log"), pauseAt, args.toArray(new String[0]));
    }

    @Test
    void killedAtEveryPointTheNightsEndAsIfNeverInterrupted() throws Exception {
        Path calm = lakeWithDeliveries("calm");
        // The calm night runs beside the crashed lake's runs (two lakes, two locks): CI's time.
        Proc uninterrupted = nightly(calm, "calm", null);

        Path crashed = lakeWithDeliveries("crashed");
        List<String> logs = new ArrayList<>();
        for (String point : KILL_POINTS) {
            Proc run = nightly(crashed, "killed-at-" + point, point);
            run.killAt(point, Duration.ofMinutes(4));
            logs.add(run.log());
        }
        assertEquals(0, uninterrupted.waitFor(Duration.ofMinutes(5)), uninterrupted.log());
        Proc rerun = nightly(crashed, "rerun", null);
        assertEquals(0, rerun.waitFor(Duration.ofMinutes(5)), rerun.log());
        logs.add(rerun.log());
        assertTrue(rerun.log().contains("outcome=done"), rerun.log());

        SparkSession spark = SharedSpark.spark();
        Lake b = new Lake(crashed.toString());
        // gold/decisions too: each person's latest notice, whichever run issued it (the rerun issued nothing new).
        LakeComparison.assertSameTables(calm, crashed, Set.of());

        // Nobody notified twice: every notification id once in the ledger and once in the whole outbox.
        Dataset<Row> ledger = DeltaTables.read(spark, b.goldNotificationLedger());
        assertEquals(ledger.count(), ledger.select("notification_id").distinct().count());
        Set<String> outboxA = LakeComparison.outboxLines(calm);
        Set<String> outboxB = LakeComparison.outboxLines(crashed);
        assertFalse(outboxA.isEmpty());
        assertEquals(outboxA, outboxB, "the manifests the delivery step gets, over every run");
        try (Stream<Path> reports = Files.list(crashed.resolve("reports"))) {
            assertEquals(List.of(), reports.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".")).toList(),
                    "no staged, work or half-published directory left");
        }
        assertFalse(Files.exists(crashed.resolve("ops/lock")), "the lock is released");

        logs.addAll(incrementalNight(calm, crashed));

        // No direct identifier of the dump in any log of the nights' runs.
        List<String> identifiers = new ArrayList<>();
        for (DumpFiles.Parsed r : DumpFiles.readDump(deliveries.resolve("2025-11-03-b1"))) {
            if (r.values().size() > DumpColumns.STREET_ADDRESS) {
                for (int i : new int[] {DumpColumns.EMAIL, DumpColumns.PHONE, DumpColumns.STREET_ADDRESS}) {
                    if (r.get(i).strip().length() >= 8) {
                        identifiers.add(r.get(i).strip());
                    }
                }
                identifiers.add(r.get(DumpColumns.GIVEN_NAMES).strip() + " " + r.get(DumpColumns.SURNAME).strip());
            }
        }
        String all = String.join("\n", logs) + uninterrupted.log();
        List<String> leaked = identifiers.stream().filter(id -> id.length() > 6 && all.contains(id)).limit(5).toList();
        assertEquals(List.of(), leaked, "identifiers found in the logs");
    }

    /**
     * A second night on both lakes, resolved incrementally: the same follow-up delivery lands in both; the crashed lake's
     * night is killed with silver/persons changed and person_records and person_links not yet, a standalone exposure
     * then refuses those persons (exit 3), and the next night ends with the calm night's tables, ledger and outbox.
     */
    private List<String> incrementalNight(Path calm, Path crashed) throws Exception {
        Path followUp = work.resolve("follow-up");
        copyTree(followUp, calm.resolve("landing"));
        copyTree(followUp, crashed.resolve("landing"));

        Proc uninterrupted = nightly(calm, "second-calm", null);

        Proc killed = nightly(crashed, "second-killed", "resolve.between-person-tables");
        killed.killAt("resolve.between-person-tables", Duration.ofMinutes(4));
        assertFalse(killed.log().contains("All records are linked"), "killed in an incremental resolve: " + killed.log());
        Proc exposure = start(work.resolve("second-exposure.log"), null, "exposure", "--set", "lake.root=" + crashed);
        assertEquals(3, exposure.waitFor(Duration.ofMinutes(2)), exposure.log());
        assertTrue(exposure.log().contains("silver/persons is not as the last successful resolve left it"), exposure.log());
        assertEquals(0, uninterrupted.waitFor(Duration.ofMinutes(5)), uninterrupted.log());
        assertTrue(uninterrupted.log().contains("only what changed was linked again"), "the night resolved incrementally: " + uninterrupted.log());

        Proc rerun = nightly(crashed, "second-rerun", null);
        assertEquals(0, rerun.waitFor(Duration.ofMinutes(5)), rerun.log());
        // Over every record (the persons are not as the last resolve left them), compared with the table as the kill left it.
        assertTrue(rerun.log().contains("All records are linked") && rerun.log().contains("persons inserted 0, updated 0, deleted 0"),
                rerun.log());
        LakeComparison.assertSameTables(calm, crashed, Set.of());
        assertEquals(LakeComparison.outboxLines(calm), LakeComparison.outboxLines(crashed), "the manifests the delivery step gets");
        Dataset<Row> ledger = DeltaTables.read(SharedSpark.spark(), new Lake(crashed.toString()).goldNotificationLedger());
        assertEquals(ledger.count(), ledger.select("notification_id").distinct().count(), "nobody notified twice");
        return List.of(uninterrupted.log(), killed.log(), exposure.log(), rerun.log());
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                Files.createDirectories(target.getParent());
                Files.copy(f, target, StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
    }

    @Test
    void twoNightsAtOnceOneRunsOneExitsFiveAndAKilledHolderIsTakenOver() throws Exception {
        Path lake = lakeWithDeliveries("concurrent");
        Proc first = nightly(lake, "first", "nightly.started");
        Instant until = Instant.now().plus(Duration.ofMinutes(3));
        while (!first.log().contains("paused at nightly.started") && Instant.now().isBefore(until)) {
            Thread.sleep(200);
        }
        Proc second = nightly(lake, "second", null);
        assertEquals(5, second.waitFor(Duration.ofMinutes(2)), second.log());
        assertTrue(second.log().contains("the lake is locked by run") && second.log().contains("(nightly)")
                && second.log().contains("pid " + first.process().pid()), second.log());
        assertTrue(second.log().contains("outcome=locked") && second.log().contains("exit=5"), second.log());
        Proc decide = start(work.resolve("decide-while-locked.log"), null, "decide", "--set", "lake.root=" + lake);
        assertEquals(5, decide.waitFor(Duration.ofMinutes(2)), decide.log());

        first.killAt("nightly.started", Duration.ofMinutes(1));
        // The killed holder's lock is taken over at once (the crash test's reruns then go on to the end).
        Proc after = nightly(lake, "after-kill", "nightly.started");
        after.killAt("nightly.started", Duration.ofMinutes(2));
        assertTrue(after.log().contains("took over the lake's lock") && after.log().contains("that process has ended"), after.log());
    }
}
