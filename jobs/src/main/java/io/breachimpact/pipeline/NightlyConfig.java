package io.breachimpact.pipeline;

import io.breachimpact.config.AppConfig;
import io.breachimpact.config.ConfigReader;
import io.breachimpact.error.BreachImpactException;
import io.breachimpact.spark.Lake;

import java.time.Duration;
import java.util.List;

/** The nightly's and the lock's settings, validated, from the {@code nightly} and {@code lock} sections. */
public record NightlyConfig(String landing, String marker, boolean skipRefusedDeliveries, List<String> languages, Duration lease) {

    public static NightlyConfig from(AppConfig config, Lake lake) {
        ConfigReader r = config.reader();
        String landing = r.string("nightly.landing").strip();
        String marker = r.string("nightly.marker").strip();
        if (marker.isEmpty() || marker.contains("/")) {
            throw BreachImpactException.config("nightly.marker must be a file name (no '/'), got '" + marker + "'");
        }
        List<String> languages = r.strings("nightly.languages");
        if (languages.isEmpty()) {
            throw BreachImpactException.config("nightly.languages must name at least one language (fr, en)");
        }
        return new NightlyConfig(landing.isEmpty() ? lake.landing() : landing, marker, r.bool("nightly.skip-refused-deliveries"),
                List.copyOf(languages), Duration.ofSeconds(r.intBetween("lock.lease-seconds", 5, 86_400)));
    }
}
