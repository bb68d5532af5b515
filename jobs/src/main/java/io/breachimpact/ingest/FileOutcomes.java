package io.breachimpact.ingest;

import org.apache.spark.util.AccumulatorV2;

import java.util.HashMap;
import java.util.Map;

/**
 * Per file: how many bronze records ended in each {@link RecordOutcome}, counted by the pass that
 * writes the quarantine (it sees every record of the batch) instead of by a pass of its own. Spark
 * applies a result task's updates once, from its successful attempt, so the counting must happen in
 * the write's own tasks (no shuffle after it). Registered without a name: a named accumulator is read
 * by the UI's listener while the scheduler merges into it.
 */
public final class FileOutcomes extends AccumulatorV2<FileOutcomes.Outcome, Map<String, long[]>> {
    /** One record's outcome. */
    public record Outcome(String file, RecordOutcome outcome) {
    }

    /** file → a count per {@link RecordOutcome}, by ordinal */
    private final Map<String, long[]> counts = new HashMap<>();

    @Override
    public boolean isZero() {
        return counts.isEmpty();
    }

    @Override
    public FileOutcomes copy() {
        FileOutcomes copy = new FileOutcomes();
        copy.merge(this);
        return copy;
    }

    @Override
    public void reset() {
        counts.clear();
    }

    @Override
    public void add(Outcome outcome) {
        count(outcome.file(), outcome.outcome());
    }

    /** The same as {@link #add} without an object per record. */
    public void count(String file, RecordOutcome outcome) {
        counts.computeIfAbsent(file, f -> new long[OUTCOMES])[outcome.ordinal()]++;
    }

    private static final int OUTCOMES = RecordOutcome.values().length;

    /** Accepted (every outcome but the quarantine) and quarantined. */
    static long[] acceptedAndQuarantined(long[] counts) {
        long quarantined = counts[RecordOutcome.QUARANTINED.ordinal()];
        return new long[] {java.util.Arrays.stream(counts).sum() - quarantined, quarantined};
    }

    @Override
    public void merge(AccumulatorV2<Outcome, Map<String, long[]>> other) {
        other.value().forEach((file, c) -> {
            long[] mine = counts.computeIfAbsent(file, f -> new long[OUTCOMES]);
            for (int i = 0; i < OUTCOMES; i++) {
                mine[i] += c[i];
            }
        });
    }

    @Override
    public Map<String, long[]> value() {
        return counts;
    }
}
