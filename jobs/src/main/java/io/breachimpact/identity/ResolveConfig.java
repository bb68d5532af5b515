package io.breachimpact.identity;

import io.breachimpact.config.AppConfig;
import io.breachimpact.config.ConfigReader;

/** The resolve job's settings, from the {@code resolve} section. */
public record ResolveConfig(int maxBlockSize, double matchProbability) {

    public static ResolveConfig from(AppConfig config) {
        ConfigReader r = config.reader();
        return new ResolveConfig(r.intBetween("resolve.max-block-size", 2, 100_000),
                r.numberBetween("resolve.match-probability", 0.5, 0.999_999_999));
    }
}
