package io.breachimpact.identity;

import io.breachimpact.identity.match.BlockingStats;
import org.apache.spark.util.AccumulatorV2;

/** The blocking analysis, counted by the tasks that pair the records (Spark applies a finished task's updates once). */
public final class BlockingStatsAccumulator extends AccumulatorV2<BlockingStats, BlockingStats> {
    private BlockingStats stats = new BlockingStats();

    @Override
    public boolean isZero() {
        return stats.isEmpty();
    }

    @Override
    public AccumulatorV2<BlockingStats, BlockingStats> copy() {
        BlockingStatsAccumulator c = new BlockingStatsAccumulator();
        c.stats = stats.copy();
        return c;
    }

    @Override
    public void reset() {
        stats = new BlockingStats();
    }

    @Override
    public void add(BlockingStats v) {
        stats.add(v);
    }

    @Override
    public void merge(AccumulatorV2<BlockingStats, BlockingStats> other) {
        stats.add(other.value());
    }

    @Override
    public BlockingStats value() {
        return stats;
    }
}
