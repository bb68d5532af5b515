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

    /**
     * The person-key secret, for the jobs that key ids and codes with it: from the environment, or the
     * local development key when the profile allows it; a profile that requires it fails before any work.
     */
    io.breachimpact.ingest.normalize.PersonKeys personKeys() {
        boolean required = io.breachimpact.ingest.IngestConfig.from(config).requirePersonKey();
        io.breachimpact.ingest.PersonKeySecret.requireIfNeeded(System.getenv(), required);
        return io.breachimpact.ingest.PersonKeySecret.load(System.getenv(), required, lake.local("dev-person-key"),
                spark().sparkContext().hadoopConfiguration());
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
