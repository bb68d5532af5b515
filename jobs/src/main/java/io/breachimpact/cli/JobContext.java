package io.breachimpact.cli;

import io.breachimpact.config.AppConfig;
import io.breachimpact.spark.Lake;
import io.breachimpact.spark.SparkSessions;
import org.apache.spark.sql.SparkSession;

/**
 * What a command runs in: the loaded configuration, the lake, and a Spark session that is stopped at
 * the end only if this command started it (a test's or a notebook's session is left alone).
 */
final class JobContext implements AutoCloseable {
    final AppConfig config;
    final Lake lake;
    private final GlobalOptions options;
    private SparkSession spark;
    private boolean owned;

    JobContext(GlobalOptions options) {
        this.config = options.load();
        this.lake = Lake.of(config);
        this.options = options;
    }

    /** The policy, read when a job needs it (generate and ingest do not). */
    io.breachimpact.config.PolicyConfig policy() {
        return options.loadPolicy();
    }

    SparkSession spark() {
        if (spark == null) {
            owned = SparkSession.getDefaultSession().isEmpty();
            spark = SparkSessions.create(config);
        }
        return spark;
    }

    @Override
    public void close() {
        if (spark != null && owned) {
            spark.stop();
        }
    }
}
