package io.breachimpact.generate;

/** Derives independent, reproducible random streams from the user's seed. */
final class Seeds {
    private Seeds() {
    }

    /** The SplitMix64 finalizer: a bijection on 64-bit values that scatters nearby inputs. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** The seed of one file's task: a function of the user's seed and the file index only. */
    static long forFile(long seed, int file) {
        return mix(mix(seed) + 0x9E3779B97F4A7C15L * (file + 1));
    }
}
