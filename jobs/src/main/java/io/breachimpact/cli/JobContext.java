package io.breachimpact.cli;

import io.breachimpact.config.AppConfig;
import io.breachimpact.ingest.IngestConfig;
import io.breachimpact.ingest.PersonKeySecret;
import io.breachimpact.ingest.normalize.PersonKeys;
import io.breachimpact.pipeline.KeyFingerprint;
import io.breachimpact.pipeline.LakeLock;
import io.breachimpact.pipeline.NightlyConfig;
import io.breachimpact.pipeline.RunContext;
import io.breachimpact.spark.Lake;
import io.breachimpact.spark.SparkSessions;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;

/**
 * What a command runs in: the loaded configuration, the lake, its run id, the lake's lock once taken,
 * the person-key secret (loaded once, checked against the lake's fingerprint) and a Spark session that
 * is stopped at the end only if this command started it (a test's or a notebook's is left alone).
 */
final class JobContext implements AutoCloseable {
    final AppConfig config;
    final Lake lake;
    private final GlobalOptions options;
    private final RunContext run;
    private SparkSession spark;
    private boolean owned;
    private LakeLock lock;
    private PersonKeys keys;
    private io.breachimpact.spark.StageProgress progress;

    JobContext(GlobalOptions options) {
        this.config = options.load();
        this.lake = Lake.of(config);
        this.options = options;
        this.run = RunContext.of(config);
    }

    /** This command's run: its id is the lock holder's and every ledger row's and Delta commit's of the command. */
    RunContext run() {
        return run;
    }

    /**
     * Takes the lake's lock before anything is read or written: exits 5 at once, naming the holder,
     * while another run writes the lake. Released when the command ends; a killed command's lock is
     * taken over by the next run (at once on the same host, else when its lease expires).
     */
    /** One job of the chain, run in the template under this context's run. */
    <R> io.breachimpact.pipeline.JobRunner.Ran<R> runJob(io.breachimpact.pipeline.LakeJob<R> job) {
        return new io.breachimpact.pipeline.JobRunner(spark(), lake, run()).run(job);
    }

    JobContext lockLake(String command) {
        NightlyConfig nightly = NightlyConfig.from(config, lake);
        lock = LakeLock.acquire(lake.lock(), hadoopWithoutSpark(), LakeLock.Holder.ofThisProcess(run.runId(), command), nightly.lease());
        return this;
    }

    LakeLock lock() {
        if (lock == null) {
            throw new IllegalStateException("the lake's lock is not held");
        }
        return lock;
    }

    /**
     * The person-key secret, for the jobs that key ids and codes with it: from the environment, or the
     * local development key when the profile allows it; a profile that requires it fails before any work,
     * and a key other than the lake's is refused before anything is written (exit 2).
     */
    PersonKeys personKeys() {
        if (keys == null) {
            boolean required = IngestConfig.from(config).requirePersonKey();
            PersonKeySecret.requireIfNeeded(System.getenv(), required);
            PersonKeys loaded = PersonKeySecret.load(System.getenv(), required, lake.local("dev-person-key"),
                    spark().sparkContext().hadoopConfiguration());
            KeyFingerprint.check(spark(), lake, loaded);
            keys = loaded;
        }
        return keys;
    }

    /** The policy, read when a job needs it (generate and ingest do not). */
    io.breachimpact.config.PolicyConfig policy() {
        return options.loadPolicy();
    }

    SparkSession spark() {
        if (spark == null) {
            owned = SparkSession.getDefaultSession().isEmpty();
            spark = SparkSessions.create(config);
            if (owned) {
                // Long stages say how far they are (a test's or a notebook's session is left as it is).
                progress = io.breachimpact.spark.StageProgress.forThisProcess();
                spark.sparkContext().addSparkListener(progress);
            }
        }
        return spark;
    }

    /**
     * The lake's file system settings without starting Spark (the lock is taken first, so that a
     * second run exits at once): the session's own when one runs, else spark.hadoop.* of the configuration.
     */
    private Configuration hadoopWithoutSpark() {
        if (spark != null) {
            return spark.sparkContext().hadoopConfiguration();
        }
        scala.Option<SparkSession> running = SparkSession.getDefaultSession();
        if (running.isDefined()) {
            return running.get().sparkContext().hadoopConfiguration();
        }
        Configuration hadoop = new Configuration();
        for (scala.Tuple2<String, String> setting : SparkSessions.sparkConf(config).getAll()) {
            if (setting._1().startsWith("spark.hadoop.")) {
                hadoop.set(setting._1().substring("spark.hadoop.".length()), setting._2());
            }
        }
        return hadoop;
    }

    @Override
    public void close() {
        try {
            if (progress != null) {
                progress.close();
            }
            if (spark != null && owned) {
                spark.stop();
            }
        } finally {
            if (lock != null) {
                lock.close();
            }
        }
    }
}
