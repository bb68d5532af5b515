package io.breachimpact.identity.match;

import java.util.BitSet;

/**
 * The pairs of a block's members already seen, {@code a < b < n}: one bit per pair. A block of a
 * national birth date holds some hundreds of records; a {@code HashSet<Long>} of {@code a << 32 | b}
 * hashed every pair of small indexes into a few buckets (the long's halves xor'ed), a tenth of the
 * block pass (measured). Beyond {@link #DENSE} members (a placeholder date), a hash set of spread keys.
 */
final class PairSet {
    /** Up to this many members, n² bits: 2 MiB at most. */
    static final int DENSE = 4096;

    private final int n;
    private final BitSet dense;
    private final java.util.Set<Long> sparse;

    PairSet(int n) {
        this.n = n;
        this.dense = n <= DENSE ? new BitSet(n * n) : null;
        this.sparse = n <= DENSE ? null : new java.util.HashSet<>();
    }

    /** Adds the pair; whether it was new. */
    boolean add(int a, int b) {
        if (dense != null) {
            int bit = a * n + b;
            if (dense.get(bit)) {
                return false;
            }
            dense.set(bit);
            return true;
        }
        // An odd multiplier is a bijection of longs that mixes both indexes into both halves.
        return sparse.add((((long) a << 32) | b) * 0x9E3779B97F4A7C15L);
    }
}
