package io.breachimpact.cli;

import io.breachimpact.pipeline.LakeLock;
import io.breachimpact.spark.DeltaTables;
import io.breachimpact.spark.Lake;
import io.breachimpact.testing.SharedSpark;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static io.breachimpact.cli.MainTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The scheduler's command on a lake of its own, night after night: deliveries through the landing
 * area (incomplete, new, corrections, a bad checksum, a retraction), nights with nothing new, a held
 * lock, another secret, and what {@code status} says after each.
 */
class NightlyCommandTest {
    @BeforeAll
    static void session() {
        SharedSpark.spark();
    }

    private static String[] with(Path lake, String... args) {
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--set";
        all[args.length + 1] = "lake.root=" + lake;
        return all;
    }

    private static MainTest.Outcome deliver(Path lake, String batch, int rows, int seed, boolean marked) {
        MainTest.Outcome generated = run(with(lake, "generate", "--rows", String.valueOf(rows), "--seed", String.valueOf(seed),
                "--out", lake.resolve("landing/" + batch).toString(), "--truth-out", lake.resolve("truth/" + batch).toString()));
        assertEquals(0, generated.code(), generated.err());
        if (marked) {
            mark(lake, batch);
        }
        return generated;
    }

    private static void mark(Path lake, String batch) {
        try {
            io.breachimpact.pipeline.Delivery.mark(org.apache.hadoop.fs.FileSystem.getLocal(new Configuration()),
                    new org.apache.hadoop.fs.Path(lake.resolve("landing/" + batch).toString()), "delivery.sha256",
                    io.breachimpact.pipeline.Delivery.Kind.BATCH, java.util.Optional.empty());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Map<String, Long> versions(Path root) {
        Lake lake = new Lake(root.toString());
        Map<String, String> tables = new java.util.LinkedHashMap<>(lake.tables());
        tables.put("ops/runs", lake.opsRuns());
        return DeltaTables.versions(SharedSpark.spark(), tables);
    }

    /** Every file under the lake but the landing area, with its size and modification time. */
    private static Map<String, String> files(Path lake) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(lake)) {
            for (Path p : walk.filter(Files::isRegularFile).filter(p -> !p.startsWith(lake.resolve("landing"))).toList()) {
                files.put(lake.relativize(p).toString(), Files.size(p) + "@" + Files.getLastModifiedTime(p).toMillis());
            }
        }
        return files;
    }

    @Test
    void nightAfterNightThroughTheLandingArea(@TempDir Path lake) throws Exception {
        // A batch still being copied (no marker) is not read; the night has nothing to do.
        deliver(lake, "2025-11-03-b1", 2000, 5, false);
        MainTest.Outcome empty = run(with(lake, "nightly"));
        assertEquals(0, empty.code(), empty.err());
        assertTrue(empty.out().contains("batches=0"), empty.out());
        assertFalse(Files.exists(lake.resolve("silver/records")));

        // Its marker arrives: the next night takes it through the whole chain.
        mark(lake, "2025-11-03-b1");
        MainTest.Outcome first = run(with(lake, "nightly"));
        assertEquals(0, first.code(), first.err());
        assertTrue(first.out().contains("outcome=done batches=1") && first.out().contains("exit=0"), first.out());
        assertFalse(first.out().contains("notices=0 "), first.out());
        try (Stream<Path> outbox = Files.list(lake.resolve("outbox"))) {
            assertEquals(1, outbox.count(), "one run's manifests in the outbox");
        }

        // Nothing new: one line says so, and no table moves (not even the run ledger).
        Map<String, Long> before = versions(lake);
        MainTest.Outcome quiet = run(with(lake, "nightly", "--json"));
        assertEquals(0, quiet.code(), quiet.err());
        assertTrue(quiet.out().strip().startsWith("{") && quiet.out().contains("\"outcome\":\"nothing-new\"")
                && quiet.out().contains("\"notices_issued\":0") && quiet.out().contains("\"exit_code\":0"), quiet.out());
        assertEquals(1, quiet.out().strip().lines().count(), "--json prints one line");
        assertEquals(before, versions(lake));

        // A correction batch (the first 300 record ids with other values): silver updated, no one notified twice.
        deliver(lake, "2025-11-10-b2", 300, 6, true);
        MainTest.Outcome correction = run(with(lake, "nightly"));
        assertEquals(0, correction.code(), correction.err());
        assertTrue(correction.out().contains("outcome=done batches=1"), correction.out());
        long notified = DeltaTables.read(SharedSpark.spark(), new Lake(lake.toString()).goldNotificationLedger())
                .filter("kind = 'INITIAL'").groupBy("person_id", "send").count().filter("count > 1").count();
        assertEquals(0, notified, "nobody gets a second initial notice");

        // A delivery whose file changed after its marker: refused by name, exit 3, no table written.
        deliver(lake, "2025-11-11-b3", 200, 7, true);
        Path part = Files.list(lake.resolve("landing/2025-11-11-b3")).filter(p -> p.toString().endsWith(".csv")).findFirst().orElseThrow();
        Files.writeString(part, Files.readString(part).substring(0, 1000));
        Map<String, Long> beforeRefusal = versions(lake);
        MainTest.Outcome refused = run(with(lake, "nightly"));
        assertEquals(3, refused.code(), refused.out() + refused.err());
        assertTrue(refused.err().contains("2025-11-11-b3") && refused.err().contains("SHA-256"), refused.err());
        assertTrue(refused.out().contains("outcome=failed") && refused.out().contains("exit=3"), refused.out());
        beforeRefusal.remove("ops/runs");
        Map<String, Long> afterRefusal = versions(lake);
        afterRefusal.remove("ops/runs");
        assertEquals(beforeRefusal, afterRefusal);
        MainTest.Outcome afterFailure = run(with(lake, "status"));
        assertEquals(0, afterFailure.code(), afterFailure.err());
        assertTrue(afterFailure.out().contains("Last failure: nightly") && afterFailure.out().contains("exit 3: fix or replace the input"),
                afterFailure.out());

        // Told to go on without it, the night takes the next delivery — a retraction of b2, delivered as a
        // marker alone — and still ends with exit 3.
        Path retraction = lake.resolve("landing/2025-11-13-retract-b2");
        Files.createDirectories(retraction);
        Files.writeString(retraction.resolve("delivery.sha256"), "kind: retraction\nretracts: 2025-11-10-b2\n");
        MainTest.Outcome skipping = run(with(lake, "nightly", "--set", "nightly.skip-refused-deliveries=true"));
        assertEquals(3, skipping.code(), skipping.out() + skipping.err());
        assertTrue(skipping.out().contains("batches=1 refused=1") && skipping.err().contains("the night ran without 1 refused delivery"),
                skipping.out() + skipping.err());
        assertEquals(0, DeltaTables.read(SharedSpark.spark(), new Lake(lake.toString()).bronzeRecords())
                .filter("batch_id = '2025-11-10-b2'").count(), "b2 retracted");
        // b3 is being delivered again: its marker goes first.
        Files.delete(lake.resolve("landing/2025-11-11-b3/delivery.sha256"));

        MainTest.Outcome status = run(with(lake, "status"));
        assertTrue(status.out().contains("Lock: free") && status.out().contains("nightly   FAILED")
                && status.out().contains("landing   SUCCEEDED") && status.out().contains("retract   SUCCEEDED")
                && status.out().contains("2025-11-11-b3  (no marker yet"), status.out());
        MainTest.Outcome json = run(with(lake, "status", "--json"));
        assertTrue(json.out().contains("\"lastRuns\"") && json.out().contains("\"diskBytes\""), json.out());

        // Another run holds the lock: nightly exits 5 at once, saying who; status shows the holder.
        try (LakeLock held = LakeLock.acquire(lake.resolve("ops/lock").toString(), new Configuration(),
                new LakeLock.Holder("run-by-hand", "decide", "another-host", 42, 1, java.time.Instant.now()), Duration.ofMinutes(2))) {
            MainTest.Outcome locked = run(with(lake, "nightly"));
            assertEquals(5, locked.code(), locked.err());
            assertTrue(locked.err().contains("run run-by-hand (decide) on host another-host, pid 42"), locked.err());
            assertTrue(locked.out().contains("outcome=locked") && locked.out().contains("exit=5"), locked.out());
            assertEquals(5, run(with(lake, "decide")).code(), "any job that writes the lake waits for the lock");
            assertTrue(run(with(lake, "status")).out().contains("Lock: held by run run-by-hand"));
        }

        // Another secret than the lake's: refused before anything is written.
        Path fingerprint = lake.resolve("ops/key-fingerprint");
        String recorded = Files.readString(fingerprint);
        Files.writeString(fingerprint, "00000000000000000000000000000000\n");
        deliver(lake, "2025-11-14-b5", 100, 9, true);
        Map<String, String> untouched = files(lake);
        for (String[] job : new String[][] {{"nightly"}, {"resolve"}, {"decide"}}) {
            MainTest.Outcome wrongKey = run(with(lake, job));
            assertEquals(2, wrongKey.code(), wrongKey.err());
            assertTrue(wrongKey.err().contains("differs from the one the lake") && wrongKey.err().contains("Nothing was written"), wrongKey.err());
        }
        assertEquals(untouched, files(lake));
        Files.writeString(fingerprint, recorded);
        assertNotEquals(untouched, files(lake));
    }
}
