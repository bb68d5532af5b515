package io.breachimpact.ingest;

import org.apache.spark.util.AccumulatorV2;

import java.util.HashMap;
import java.util.Map;

/**
 * Per file: how many bronze records were accepted and how many quarantined, counted by the pass that
 * writes the quarantine (it sees every record of the batch) instead of by a pass of its own. Spark
 * applies a result task's updates once, from its successful attempt, so the counting must happen in
 * the write's own tasks (no shuffle after it). Registered without a name: a named accumulator is read
 * by the UI's listener while the scheduler merges into it.
 */
public final class FileOutcomes extends AccumulatorV2<FileOutcomes.Outcome, Map<String, long[]>> {
    /** One record's outcome. */
    public record Outcome(String file, boolean quarantined) {
    }

    /** file → {accepted, quarantined} */
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
        count(outcome.file(), outcome.quarantined());
    }

    /** The same as {@link #add} without an object per record. */
    public void count(String file, boolean quarantined) {
        counts.computeIfAbsent(file, f -> new long[2])[quarantined ? 1 : 0]++;
    }

    @Override
    public void merge(AccumulatorV2<Outcome, Map<String, long[]>> other) {
        other.value().forEach((file, c) -> {
            long[] mine = counts.computeIfAbsent(file, f -> new long[2]);
            mine[0] += c[0];
            mine[1] += c[1];
        });
    }

    @Override
    public Map<String, long[]> value() {
        return counts;
    }
}
