package io.breachimpact.spark;

import io.breachimpact.config.AppConfig;
import io.breachimpact.error.BreachImpactException;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

import java.util.Map;

/**
 * The one place that builds Spark sessions. Local or cluster is decided by the configuration's
 * {@code spark.master}: set (the local profile says {@code local[*]}) it is used; empty, the master
 * comes from spark-submit. The jobs never know which.
 */
public final class SparkSessions {
    private SparkSessions() {
    }

    /** Settings every session needs, whatever the profile: Delta as the table format. */
    public static final Map<String, String> REQUIRED = Map.of(
            "spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension",
            "spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog",
            // A value the date parser cannot read is null, never an exception that stops a batch.
            "spark.sql.legacy.timeParserPolicy", "CORRECTED",
            // Dates as they are, even before 1582: dirty dumps hold 0001-01-01 placeholders.
            "spark.sql.parquet.datetimeRebaseModeInWrite", "CORRECTED",
            "spark.sql.parquet.datetimeRebaseModeInRead", "CORRECTED");

    /**
     * Columns that are (nearly) unique per row wherever they appear, or hold more distinct values than a
     * dictionary page (1 MB) takes: names as written, with their typos, and their keys; the records'
     * digests. Parquet tries a dictionary for every column and falls back to plain encoding once the
     * dictionary is full; for these that is pure cost (measured: a tenth of writing silver for the unique
     * ones; with the names in dictionaries, Parquet's dictionary look-ups were 7.6 % of resolve's block
     * pass after the shuffle, 2.1 % without), so they are written plain from the start.
     */
    static final java.util.List<String> UNIQUE_COLUMNS = java.util.List.of(
            "surname", "given_names", "surname_key", "given_names_key",
            "record_id", "account_id", "person_key", "email", "email_key", "phone", "phone_e164", "street_address",
            "document_number", "line_number", "content_hash", "raw_text", "person_id", "mobile_phone", "enrollment_code",
            "notification_id", "issued_notification_id", "anchor_record_id", "record_ids.list.element", "record_a", "record_b",
            "links.list.element.record_a", "links.list.element.record_b", "record_digests.list.element");

    /**
     * HotSpot never compiles a method above 8,000 bytes of bytecode; Spark's generated (de)serializer of
     * a wide row (silver has 36 columns) passes it and would run interpreted. Executors get the flag
     * here, with room in the code cache for those methods; a local run's JVM gets both from the launcher
     * (the root pom's {@code jvm.compile.flags}).
     */
    static final String COMPILE_HUGE_METHODS = "-XX:-DontCompileHugeMethods -XX:ReservedCodeCacheSize=512m";

    public static SparkSession create(AppConfig config) {
        // A session that already runs in this JVM (a notebook's, a test's) is the one to use.
        scala.Option<SparkSession> running = SparkSession.getDefaultSession();
        if (running.isDefined()) {
            return running.get();
        }
        SparkConf conf = sparkConf(config);
        if (!conf.contains("spark.master")) {
            throw BreachImpactException.config("no Spark master: run through spark-submit --master …, or use the local "
                    + "profile (--profile local), or set spark.master in " + config.source());
        }
        return SparkSession.builder().config(conf).getOrCreate();
    }

    /** The configuration a session for this config gets; spark-submit's own settings win for the master. */
    public static SparkConf sparkConf(AppConfig config) {
        SparkConf conf = new SparkConf(); // picks up spark.* system properties set by spark-submit
        conf.setIfMissing("spark.app.name", config.appName());
        String master = config.sparkMaster();
        if (!master.isBlank()) {
            conf.setIfMissing("spark.master", master);
        }
        config.sparkSettings().forEach(conf::setIfMissing);
        for (String column : UNIQUE_COLUMNS) {
            conf.setIfMissing("spark.hadoop.parquet.enable.dictionary#" + column, "false");
        }
        REQUIRED.forEach(conf::set);
        String executorOptions = conf.get("spark.executor.extraJavaOptions", "");
        if (!executorOptions.contains("DontCompileHugeMethods")) {
            conf.set("spark.executor.extraJavaOptions", (executorOptions + " " + COMPILE_HUGE_METHODS).trim());
        }
        return conf;
    }

    /** Labels the Spark jobs that follow, so the UI and logs read like the pipeline. */
    public static void describe(SparkSession spark, String job, String stage) {
        spark.sparkContext().setJobGroup(job, job + ": " + stage, false);
        spark.sparkContext().setJobDescription(job + ": " + stage);
    }
}
