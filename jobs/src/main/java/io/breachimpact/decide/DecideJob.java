package io.breachimpact.decide;

import io.breachimpact.config.PolicyConfig;
import io.breachimpact.error.BreachImpactException;
import io.breachimpact.error.ExitCode;
import io.breachimpact.ingest.normalize.PersonKeys;
import io.breachimpact.pipeline.RunContext;
import io.breachimpact.pipeline.RunLedger;
import io.breachimpact.pipeline.StageTimer;
import io.breachimpact.spark.DeltaTables;
import io.breachimpact.spark.Directories;
import io.breachimpact.spark.HadoopConf;
import io.breachimpact.spark.Lake;
import io.breachimpact.spark.SparkSessions;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;

/**
 * Persons and their severity → decisions (gold/decisions), the offers' budget (gold/offer_budget),
 * this run's new notifications with their waves, the channel manifests and the regulator's
 * notification (under reports/&lt;run&gt;/), then the notification ledger. Manifests are published before
 * the ledger records them: a crash in between reissues the same notification ids, never loses a notice.
 */
public final class DecideJob {
    public static final String JOB = "decide";

    private final Lake lake;
    private final PolicyConfig policyConfig;
    private final PersonKeys keys;
    private final RunContext run;
    private final LocalDate today;
    private final StageTimer timer = new StageTimer(JOB);

    public DecideJob(Lake lake, PolicyConfig policyConfig, PersonKeys keys, RunContext run, LocalDate today) {
        this.lake = lake;
        this.policyConfig = policyConfig;
        this.keys = keys;
        this.run = run;
        this.today = today;
    }

    /** What the rules read of a person: no name, no address; email and mobile only to test that they exist. */
    private static final Column[] RULE_INPUT = java.util.stream.Stream.of("person_id", "record_count", "data_classes", "minor", "age",
            "contact_channels", "quality_flags", "email", "mobile_phone")
            .map(org.apache.spark.sql.functions::col).toArray(Column[]::new);

    private static Dataset<Row> ordered(Dataset<Row> sends, String channel) {
        return sends.filter(col("channel").equalTo(channel)).orderBy(col("wave_date"), col("notification_id"));
    }

    public static LocalDate todayUtc() {
        return LocalDate.now(ZoneOffset.UTC);
    }

    /** What a run decided and issued. */
    public record Result(long persons, Map<String, Long> byOutcome, Map<String, Long> byReason, Map<String, Long> newByKind,
                         Map<String, Long> sendsByChannel, Map<String, Long> daysByChannel, List<Row> budget, String reportDir,
                         String policyVersion, Map<String, Long> tableVersions) {
    }

    public Result run(SparkSession spark) {
        Timestamp started = new Timestamp(System.currentTimeMillis());
        DecisionPolicy policy = DecisionPolicy.from(policyConfig);
        RunLedger ledger = new RunLedger(spark, lake);
        Dataset<Row> persons = DeltaTables.require(spark, lake.silverPersons(), "silver/persons", "breach-impact resolve");
        Dataset<Row> severity = DeltaTables.require(spark, lake.goldSeverity(), "gold/severity", "breach-impact exposure");
        String inputs = "silver/persons@" + DeltaTables.version(spark, lake.silverPersons()).orElse(-1L) + ",gold/severity@"
                + DeltaTables.version(spark, lake.goldSeverity()).orElse(-1L) + ";policy " + policy.version() + "/" + policyConfig.hash();
        return ledger.track(run, JOB, null, started, inputs, timer, () -> decide(spark, persons, severity, policy), result -> {
            Map<String, Long> counts = new LinkedHashMap<>();
            counts.put("persons", result.persons());
            result.byOutcome().forEach((k, v) -> counts.put("outcome_" + k, v));
            result.newByKind().forEach((k, v) -> counts.put("issued_" + k, v));
            result.sendsByChannel().forEach((k, v) -> counts.put("sends_" + k, v));
            result.daysByChannel().forEach((k, v) -> counts.put("days_" + k, v));
            return counts;
        }, Result::tableVersions);
    }

    private Result decide(SparkSession spark, Dataset<Row> persons, Dataset<Row> severity, DecisionPolicy policy) {
        SparkSessions.describe(spark, JOB, "decisions");
        timer.stage("decisions");
        // The rules read a narrow projection; names, addresses and contacts stay in silver/persons until a
        // send needs them (the manifests). Decisions carry whether a person can be reached, not how.
        Dataset<Row> input = persons.select(RULE_INPUT).join(severity.select("person_id", "score", "level", "factors"), "person_id");
        Dataset<Row> decided = Decisions.decide(input, policy).drop("email", "mobile_phone");
        java.util.Set<String> paidTiers = new java.util.HashSet<>();
        policy.tiers().stream().filter(t -> t.months() > 0).forEach(t -> paidTiers.add(t.code()));
        PersonKeys k = keys;
        UserDefinedFunction code = udf((UDF1<String, String>) k::enrollmentCode, DataTypes.StringType);
        Column paid = lit(false);
        for (String tier : paidTiers) {
            paid = paid.or(col("offer_code").equalTo(tier));
        }
        Dataset<Row> decisions = decided.withColumn("enrollment_code", when(paid, code.apply(col("person_id")))).localCheckpoint(true);

        timer.stage("reconcile");
        Map<String, Long> byOutcome = new TreeMap<>();
        Map<String, Long> byReason = new TreeMap<>();
        long total = 0;
        for (Row r : decisions.groupBy(col("outcome"), col("reasons").getItem(0).as("reason")).count().collectAsList()) {
            byOutcome.merge(r.getString(0), r.getLong(2), Long::sum);
            byReason.put(r.getString(1), r.getLong(2));
            total += r.getLong(2);
        }
        long personCount = persons.count();
        if (total != personCount) {
            throw new BreachImpactException(ExitCode.RECONCILIATION_FAILED, "decisions cover " + total + " persons, silver/persons has "
                    + personCount + ": nothing was issued");
        }
        Row codes = decisions.agg(count(col("enrollment_code")), countDistinct(col("enrollment_code"))).first();
        if (codes.getLong(0) != codes.getLong(1)) {
            throw new BreachImpactException(ExitCode.RECONCILIATION_FAILED, (codes.getLong(0) - codes.getLong(1))
                    + " enrollment codes collide: nothing was issued (change the secret's derivation before going on)");
        }

        SparkSessions.describe(spark, JOB, "new notifications and waves");
        timer.stage("ledger-diff");
        Dataset<Row> previous = DeltaTables.exists(spark, lake.goldNotificationLedger()) ? DeltaTables.read(spark, lake.goldNotificationLedger()) : null;
        Dataset<Row> notices = NotificationLedger.newNotices(decisions, previous, policy.followUpPrefix()).localCheckpoint(true);
        LocalDate start = policy.firstWaveDate().isAfter(today) ? policy.firstWaveDate() : today;
        Waves.Result waves = Waves.schedule(spark, notices, policy, start);
        // A send is a notice or an eldest person's extra letter: its own channel and template.
        Dataset<Row> contacts = persons.select(col("person_id"), col("email"), col("mobile_phone"), col("given_names"), col("surname"),
                col("street_address"), col("postal_code"), col("city"));
        Dataset<Row> sends = waves.sends().withColumnRenamed("channel", "send_channel").join(notices, "person_id")
                .withColumn("template_id", when(col("send").equalTo("EXTRA_LETTER"), col("letter_template_id")).otherwise(col("template_id")))
                .drop("channel").withColumnRenamed("send_channel", "channel")
                .withColumn("notification_id", NotificationLedger.notificationId())
                .join(contacts, "person_id")
                .localCheckpoint(true);
        Map<String, Long> newByKind = new TreeMap<>();
        for (Row r : notices.groupBy("kind").count().collectAsList()) {
            newByKind.put(r.getString(0), r.getLong(1));
        }

        timer.stage("decisions-table");
        Dataset<Row> thisRun = sends.filter(col("send").equalTo("NOTICE"))
                .select(col("person_id").as("issued_person"), col("kind").as("issued_kind"), col("wave_date").as("issued_wave_date"),
                        col("notification_id").as("issued_notification_id"));
        Dataset<Row> table = decisions.join(thisRun, decisions.col("person_id").equalTo(thisRun.col("issued_person")), "left")
                .drop("issued_person");
        DeltaTables.replace(table, lake.goldDecisions(), 2);

        timer.stage("budget");
        Map<String, Long> eligible = new TreeMap<>();
        for (Row r : decisions.groupBy("offer_code").count().collectAsList()) {
            eligible.put(r.getString(0), r.getLong(1));
        }
        List<Row> budget = OfferBudget.rows(policy, eligible);
        DeltaTables.replace(spark.createDataFrame(budget, OfferBudget.SCHEMA).coalesce(1), lake.goldOfferBudget(), 1);

        SparkSessions.describe(spark, JOB, "manifests and the regulator's notification");
        timer.stage("manifests");
        HadoopConf hadoop = new HadoopConf(spark.sparkContext().hadoopConfiguration());
        Path target = new Path(lake.reports(run.runId()));
        Path staging = Directories.sibling(target, ".tmp-" + run.runId());
        // Each file sorts only its own channel's sends.
        Manifests.write(ordered(sends, "EMAIL"), Manifests.EMAIL, staging + "/manifests/email.csv", hadoop);
        Manifests.write(ordered(sends, "SMS").withColumn("msisdn", regexp_replace(col("mobile_phone"), "^\\+", "")),
                Manifests.SMS, staging + "/manifests/sms.csv", hadoop);
        Manifests.write(ordered(sends, "LETTER")
                        .withColumn("name", concat_ws(" ", col("given_names"), col("surname")))
                        .withColumn("recipient", coalesce(col("recipient"), lit("SELF"))),
                Manifests.LETTER, staging + "/manifests/letter.csv", hadoop);
        AuthorityNotification.write(spark, lake, policy, decisions, waves, budget, staging + "/authority-notification.json", run.runId(), hadoop);
        try {
            FileSystem fs = target.getFileSystem(hadoop.get());
            fs.mkdirs(target.getParent());
            Directories.publish(fs, staging, target, run.runId());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot publish " + target, e);
        }

        timer.stage("ledger");
        Dataset<Row> issued = sends.select(col("notification_id"), col("person_id"), col("send"), col("kind"), col("channel"),
                col("recipient"), col("template_id"), col("offer_code"), col("level"), col("level_rank"),
                col("data_classes"), col("content_hash"), col("wave"), col("wave_date"), lit(run.runId()).as("issued_run_id"),
                lit(new Timestamp(System.currentTimeMillis())).as("issued_at"), lit(policy.version()).as("policy_version"));
        issued.write().format("delta").mode("append").save(lake.goldNotificationLedger());
        timer.end();

        Map<String, Long> versions = new LinkedHashMap<>();
        versions.put("silver/persons", DeltaTables.version(spark, lake.silverPersons()).orElse(-1L));
        versions.put("gold/severity", DeltaTables.version(spark, lake.goldSeverity()).orElse(-1L));
        versions.put("gold/decisions", DeltaTables.version(spark, lake.goldDecisions()).orElse(-1L));
        versions.put("gold/notification_ledger", DeltaTables.version(spark, lake.goldNotificationLedger()).orElse(-1L));
        versions.put("gold/offer_budget", DeltaTables.version(spark, lake.goldOfferBudget()).orElse(-1L));
        return new Result(personCount, byOutcome, byReason, newByKind, waves.sendsByChannel(), waves.daysByChannel(), budget,
                target.toString(), policy.version(), versions);
    }
}
