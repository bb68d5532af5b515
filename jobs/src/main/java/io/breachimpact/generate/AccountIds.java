package io.breachimpact.generate;

/**
 * Opaque agency account identifiers, unique across the whole dump without coordination: a
 * bijective mix of (seed, file, sequence) written in base 32.
 */
final class AccountIds {
    private static final String ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    private final long seed;
    private final long file;
    private long sequence;

    AccountIds(long seed, int file) {
        this.seed = seed;
        this.file = file;
    }

    String next() {
        // file < 2^17 and sequence < 2^40 keep the input unique; the seed is mixed in first.
        long input = (file << 40) ^ sequence++ ^ Seeds.mix(seed) << 57;
        long mixed = Seeds.mix(input);
        char[] id = new char[12];
        for (int i = 0; i < 12; i++) {
            id[i] = ALPHABET.charAt((int) (mixed & 31));
            mixed >>>= 5;
        }
        return new String(id);
    }
}
