package io.breachimpact.identity;

import io.breachimpact.config.AppConfig;
import io.breachimpact.config.ConfigReader;

/** The resolve job's settings, from the {@code resolve} section. */
public record ResolveConfig(int maxBlockSize, int maxSurnameDistance) {

    public static ResolveConfig from(AppConfig config) {
        ConfigReader r = config.reader();
        return new ResolveConfig(r.intBetween("resolve.max-block-size", 2, 100_000), r.intBetween("resolve.max-surname-distance", 0, 5));
    }
}
