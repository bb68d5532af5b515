package io.breachimpact.ingest;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The per-file counts the quarantine's pass keeps for the reconciliation, as Spark merges them from tasks. */
class FileOutcomesTest {
    @Test
    void countsPerFileAndMergesTasks() {
        FileOutcomes task1 = new FileOutcomes();
        task1.count("a.csv", RecordOutcome.CLEAN);
        task1.count("a.csv", RecordOutcome.REPAIRED);
        task1.count("a.csv", RecordOutcome.QUARANTINED);
        FileOutcomes task2 = new FileOutcomes();
        task2.add(new FileOutcomes.Outcome("a.csv", RecordOutcome.WEAK_IDENTITY));
        task2.count("b.csv", RecordOutcome.QUARANTINED);

        FileOutcomes driver = new FileOutcomes();
        assertTrue(driver.isZero());
        driver.merge(task1);
        driver.merge(task2);
        assertArrayEquals(new long[] {1, 1, 1, 1}, driver.value().get("a.csv"));
        assertArrayEquals(new long[] {3, 1}, FileOutcomes.acceptedAndQuarantined(driver.value().get("a.csv")));
        assertArrayEquals(new long[] {0, 0, 0, 1}, driver.value().get("b.csv"));
        assertEquals(2, driver.value().size());
    }

    @Test
    void aCopyIsIndependentAndResetEmpties() {
        FileOutcomes original = new FileOutcomes();
        original.count("a.csv", RecordOutcome.QUARANTINED);
        FileOutcomes copy = original.copy();
        copy.count("a.csv", RecordOutcome.QUARANTINED);
        assertArrayEquals(new long[] {0, 0, 0, 1}, original.value().get("a.csv"));
        assertArrayEquals(new long[] {0, 0, 0, 2}, copy.value().get("a.csv"));
        copy.reset();
        assertTrue(copy.isZero());
    }
}
