package io.breachimpact.pipeline;

import io.breachimpact.error.BreachImpactException;
import io.breachimpact.error.ExitCode;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Delivery markers: what they say, and what a delivery that does not match them gets. */
class DeliveryTest {
    private static final String MARKER = "delivery.sha256";

    private static FileSystem fs() throws Exception {
        return FileSystem.getLocal(new Configuration());
    }

    private static org.apache.hadoop.fs.Path hadoop(Path p) {
        return new org.apache.hadoop.fs.Path(p.toString());
    }

    @Test
    void aMarkedBatchNamesItsFilesAndVerifies(@TempDir Path dir) throws Exception {
        Path batch = dir.resolve("2025-11-03-b1");
        Files.createDirectories(batch);
        Files.writeString(batch.resolve("part-1.csv"), "a,b\n1,2\n");
        Files.writeString(batch.resolve("part-2.csv"), "a,b\n3,4\n");
        Delivery.mark(fs(), hadoop(batch), MARKER, Delivery.Kind.BATCH, Optional.empty());
        // sha256sum's own format: the agency can check it with `sha256sum -c`.
        assertTrue(Files.readString(batch.resolve(MARKER)).contains("  part-1.csv\n"));

        Delivery delivery = Delivery.read(fs(), hadoop(batch), MARKER);
        assertEquals("2025-11-03-b1", delivery.name());
        assertEquals(Delivery.Kind.BATCH, delivery.kind());
        assertEquals(java.util.List.of("part-1.csv", "part-2.csv"), java.util.List.copyOf(delivery.files().keySet()));
        delivery.verify(fs());

        // A file replaced after its marker was written (or a copy cut short) is refused, by name.
        Files.writeString(batch.resolve("part-2.csv"), "a,b\n3,");
        BreachImpactException e = assertThrows(BreachImpactException.class, () -> delivery.verify(fs()));
        assertEquals(ExitCode.BAD_INPUT, e.exitCode());
        assertTrue(e.getMessage().contains("part-2.csv") && e.getMessage().contains("its marker says"), e.getMessage());
        Files.delete(batch.resolve("part-1.csv"));
        assertTrue(assertThrows(BreachImpactException.class, () -> delivery.verify(fs())).getMessage().contains("missing"));
    }

    @Test
    void aRetractionNamesTheBatchItTakesBack(@TempDir Path dir) throws Exception {
        Path retraction = dir.resolve("2025-11-12-retract-b2");
        Files.createDirectories(retraction);
        Files.writeString(retraction.resolve(MARKER), "# breach-impact delivery\nkind: retraction\nretracts: b2\n");
        Delivery delivery = Delivery.read(fs(), hadoop(retraction), MARKER);
        assertEquals(Delivery.Kind.RETRACTION, delivery.kind());
        assertEquals(Optional.of("b2"), delivery.retracts());
        delivery.verify(fs());
    }

    @Test
    void aMalformedMarkerIsRefusedWithItsLine(@TempDir Path dir) throws Exception {
        Path batch = dir.resolve("b3");
        Files.createDirectories(batch);
        Files.writeString(batch.resolve(MARKER), "kind: batch\n" + "0".repeat(64) + "  ok.csv\nthis is not a checksum\n");
        BreachImpactException e = assertThrows(BreachImpactException.class, () -> Delivery.read(fs(), hadoop(batch), MARKER));
        assertTrue(e.getMessage().contains(MARKER + ", line 3"), e.getMessage());
        Files.writeString(batch.resolve(MARKER), "0".repeat(64) + "  ../outside.csv\n");
        assertTrue(assertThrows(BreachImpactException.class, () -> Delivery.read(fs(), hadoop(batch), MARKER)).getMessage()
                .contains("plain names"));
        Files.writeString(batch.resolve(MARKER), "kind: retraction\n");
        assertTrue(assertThrows(BreachImpactException.class, () -> Delivery.read(fs(), hadoop(batch), MARKER)).getMessage()
                .contains("retracts"));
        Files.writeString(batch.resolve(MARKER), "kind: batch\n");
        assertTrue(assertThrows(BreachImpactException.class, () -> Delivery.read(fs(), hadoop(batch), MARKER)).getMessage()
                .contains("names no file"));
    }
}
