package io.breachimpact.identity;

import java.io.Serializable;
import java.util.Collection;

/**
 * A set of strings looked up millions of times from a broadcast (a scan asks, for every record,
 * whether its email, phone or address is one of the few sought), held as 64-bit fingerprints in an
 * open-addressing table: one array of longs to probe, where a {@code HashSet<String>} hashes the
 * string, then follows a node and its key to compare them, each elsewhere in memory (its lookups were
 * about a quarter of that scan's samples at 19M records, these about a fifth). Two different strings
 * share a fingerprint with a chance of about one in 2<sup>64</sup> per pair: a caller uses the set
 * to pick candidates that a later step checks by value, never as proof that two values are equal.
 * A scan that has Spark hash its values ({@code xxhash64}) looks those up instead, built from the same
 * hashes of the sought values: then no Java string of the scanned value is made at all.
 */
final class KeySet implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final long EMPTY = 0L;

    private final long[] slots;
    private final int mask;
    private final boolean holdsEmpty;
    private final int size;

    /** Keys sought from a broadcast: a few hundred thousand in a national dump; this many take a gigabyte of slots. */
    static final int MAX_KEYS = 1 << 26;

    KeySet(Collection<String> keys) {
        this(keys.stream().mapToLong(KeySet::fingerprint).toArray());
    }

    /** From fingerprints already made: {@link #fingerprint}'s, or Spark's {@code xxhash64} of the values (then looked up by those). */
    KeySet(long[] fingerprints) {
        if (fingerprints.length > MAX_KEYS) {
            throw new IllegalArgumentException(fingerprints.length + " keys to seek: more than " + MAX_KEYS);
        }
        int capacity = Integer.highestOneBit(Math.max(4, fingerprints.length * 2 - 1)) << 1;
        slots = new long[capacity];
        mask = capacity - 1;
        boolean empty = false;
        int n = 0;
        for (long f : fingerprints) {
            if (f == EMPTY) {
                n += empty ? 0 : 1;
                empty = true;
                continue;
            }
            int i = (int) f & mask;
            while (slots[i] != EMPTY && slots[i] != f) {
                i = (i + 1) & mask;
            }
            if (slots[i] == EMPTY) {
                slots[i] = f;
                n++;
            }
        }
        holdsEmpty = empty;
        size = n;
    }

    boolean contains(String key) {
        return key != null && containsFingerprint(fingerprint(key));
    }

    boolean containsFingerprint(long f) {
        if (f == EMPTY) {
            return holdsEmpty;
        }
        int i = (int) f & mask;
        while (slots[i] != EMPTY) {
            if (slots[i] == f) {
                return true;
            }
            i = (i + 1) & mask;
        }
        return false;
    }

    /** Distinct fingerprints held. */
    int size() {
        return size;
    }

    /** FNV-1a over the UTF-16 units, then MurmurHash3's finalizer: every bit of the key reaches the low bits. */
    static long fingerprint(String key) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < key.length(); i++) {
            h ^= key.charAt(i);
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
