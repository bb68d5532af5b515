package io.breachimpact.identity.match;

import java.io.Serializable;
import java.util.Locale;

/**
 * The blocking analysis: per rule, the candidate pairs it found first, those no other rule finds, the
 * keys too common to pair (over the cap) and the most records one key held; and the largest block.
 */
public final class BlockingStats implements Serializable {
    private static final BlockingRule[] RULES = BlockingRule.values();

    private final long[] pairs = new long[RULES.length];
    private final long[] only = new long[RULES.length];
    private final long[] capped = new long[RULES.length];
    private final long[] largestKey = new long[RULES.length];
    private long blocks;
    private long largestBlock;

    void pair(BlockingRule rule, boolean onlyThisRule) {
        pairs[rule.ordinal()]++;
        if (onlyThisRule) {
            only[rule.ordinal()]++;
        }
    }

    void capped(BlockingRule rule) {
        capped[rule.ordinal()]++;
    }

    void keyRecords(BlockingRule rule, int records) {
        largestKey[rule.ordinal()] = Math.max(largestKey[rule.ordinal()], records);
    }

    public void block(int records) {
        blocks++;
        largestBlock = Math.max(largestBlock, records);
    }

    public void add(BlockingStats other) {
        for (int r = 0; r < RULES.length; r++) {
            pairs[r] += other.pairs[r];
            only[r] += other.only[r];
            capped[r] += other.capped[r];
            largestKey[r] = Math.max(largestKey[r], other.largestKey[r]);
        }
        blocks += other.blocks;
        largestBlock = Math.max(largestBlock, other.largestBlock);
    }

    public BlockingStats copy() {
        BlockingStats c = new BlockingStats();
        c.add(this);
        return c;
    }

    public boolean isEmpty() {
        return blocks == 0 && totalPairs() == 0;
    }

    public long pairs(BlockingRule rule) {
        return pairs[rule.ordinal()];
    }

    public long onlyThisRule(BlockingRule rule) {
        return only[rule.ordinal()];
    }

    public long cappedKeys(BlockingRule rule) {
        return capped[rule.ordinal()];
    }

    public long cappedKeys() {
        long total = 0;
        for (long c : capped) {
            total += c;
        }
        return total;
    }

    public long totalPairs() {
        long total = 0;
        for (long p : pairs) {
            total += p;
        }
        return total;
    }

    public long largestBlock() {
        return largestBlock;
    }

    public String render() {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%,d blocks (largest %,d records), %,d candidate pairs%n",
                blocks, largestBlock, totalPairs()));
        sb.append(String.format(Locale.ROOT, "  %-24s %14s %14s %12s %12s%n", "rule", "pairs", "only this rule", "keys capped", "largest key"));
        for (BlockingRule rule : RULES) {
            int r = rule.ordinal();
            sb.append(String.format(Locale.ROOT, "  %-24s %,14d %,14d %,12d %,12d%n", rule.name().toLowerCase(Locale.ROOT), pairs[r], only[r],
                    capped[r], largestKey[r]));
        }
        return sb.toString();
    }
}
