package io.breachimpact.testing;

import java.util.Random;

/**
 * The seed of a property test's random nights: a fixed one by default, so that CI is repeatable;
 * {@code -Dbreachimpact.nights.seed=N} repeats a sequence, {@code =random} explores others.
 */
public record Nights(long seed, Random random, String because) {
    public static Nights seeded(long byDefault) {
        String asked = System.getProperty("breachimpact.nights.seed", String.valueOf(byDefault));
        long seed = asked.equals("random") ? new Random().nextLong() : Long.parseLong(asked);
        String because = "nights of seed " + seed + " (-Dbreachimpact.nights.seed=" + seed + " repeats them)";
        System.out.println(because);
        return new Nights(seed, new Random(seed), because);
    }
}
