package io.breachimpact.testing;

import io.breachimpact.config.AppConfig;
import io.breachimpact.generate.GenerateConfig;
import io.breachimpact.generate.GenerateJob;
import io.breachimpact.generate.OutputFormat;

import java.nio.file.Path;

/** Generates small dumps for tests with the bundled default configuration. */
public final class Generated {
    private Generated() {
    }

    public static GenerateConfig config(long rows, long seed, long rowsPerFile, OutputFormat format, boolean gzip, String... sets) {
        return GenerateConfig.from(AppConfig.defaults("local", sets)).with(rows, seed, rowsPerFile, format, gzip);
    }

    public static GenerateJob.Result generate(GenerateConfig config, Path dir) {
        return new GenerateJob(config, dir.resolve("dump").toString(), dir.resolve("truth").toString(), false)
                .run(SharedSpark.spark());
    }
}
