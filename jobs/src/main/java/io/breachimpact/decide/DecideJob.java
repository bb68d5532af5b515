package io.breachimpact.decide;

import io.breachimpact.config.PolicyConfig;
import io.breachimpact.error.BreachImpactException;
import io.breachimpact.error.ExitCode;
import io.breachimpact.exposure.Severity;
import io.breachimpact.exposure.SeverityPolicy;
import io.breachimpact.ingest.normalize.PersonKeys;
import io.breachimpact.pipeline.Concurrently;
import io.breachimpact.pipeline.FailPoints;
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
import org.apache.spark.sql.Observation;
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

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.xxhash64;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.split;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;

/**
 * Persons and their severity → decisions (gold/decisions), the offers' budget (gold/offer_budget),
 * this run's new notifications with their waves, the channel manifests and the regulator's
 * notification (staged), then the notification ledger, and only then the manifests into the outbox
 * ({@code outbox/<run>/}) and the regulator's notification into {@code reports/<run>/}. Skipped when
 * persons, severity, policy and the ledger are as the last run left them.
 */
public final class DecideJob {
    public static final String JOB = "decide";
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DecideJob.class);

    private final Lake lake;
    private final PolicyConfig policyConfig;
    private final PersonKeys keys;
    private final RunContext run;
    private final LocalDate today;
    private final StageTimer timer = new StageTimer(JOB);
    private Runnable beforeLedgerCommit = () -> { };

    public DecideJob(Lake lake, PolicyConfig policyConfig, PersonKeys keys, RunContext run, LocalDate today) {
        this.lake = lake;
        this.policyConfig = policyConfig;
        this.keys = keys;
        this.run = run;
        this.today = today;
    }

    /**
     * Checked right before the ledger commit, which is what makes notices issued: a run that lost the
     * lake's lock must stop there ({@code LakeLock::requireHeld}).
     */
    public DecideJob guardedBy(Runnable check) {
        this.beforeLedgerCommit = check;
        return this;
    }

    /** What the rules read of a person (email and mobile: whether they exist; the manifests then carry them for the sends). */
    private static final List<String> RULE_INPUT = List.of("person_id", "record_count", "data_classes", "minor", "age",
            "contact_channels", "quality_flags", "email", "mobile_phone");

    /** What the manifests need besides email and mobile: carried on this run's sends only, never into a table. */
    private static final List<String> ADDRESS = List.of("given_names", "surname", "street_address", "postal_code", "city");

    /**
     * gold/decisions: one row per person, no contact data. What the person is (data classes, minor,
     * records) stays in gold/severity, under the same person id: the decisions table says what is done.
     */
    private static final List<String> DECISION_COLUMNS = List.of("person_id", "score", "level", "outcome", "channel", "recipient",
            "offer_code", "extra_letter", "template_id", "letter_template_id", "reasons", "policy_version", "enrollment_code");

    /** What a send tells: the person's data classes, comma-separated (text in the work rows, an array in the ledger). */
    private static final String TOLD_CLASSES = "told_classes";

    /** What the tables and manifests read of the rows; the rest of what the rules read is not kept. */
    private static final List<String> WORK_COLUMNS = List.of("person_id", "score", "level", "outcome", "channel", "recipient", "offer_code",
            "extra_letter", "template_id", "letter_template_id", Decisions.REASONS_TEXT, "enrollment_code", "kind", "content_hash", "send",
            "queue", "send_template_id", "notification_id", TOLD_CLASSES, "email", "mobile_phone", "given_names", "surname", "street_address",
            "postal_code", "city");

    /** A comma-separated list back to an array ("" is the empty list). */
    private static Column list(Column text) {
        return when(text.equalTo(""), array().cast("array<string>")).otherwise(split(text, ","));
    }

    private static Column[] columns(List<String> names) {
        return names.stream().map(org.apache.spark.sql.functions::col).toArray(Column[]::new);
    }

    /** One channel's sends in the order they go out (the queue's order: waves follow it). */
    private static Dataset<Row> channel(Dataset<Row> waved, Waves waves, String channel) {
        // One task writes the file and sorts it as it reads: no range sort, whose sampling pass would read the sends once more.
        // The sort key is a column of its own: an expression in the sort order is evaluated again at
        // every comparison (measured: the email manifest's sort took twice as long).
        return waved.filter(col("queue").equalTo(channel)).withColumn("order_key", waves.orderKey()).repartition(1)
                .sortWithinPartitions(col("order_key"), col("score").desc(), col("person_id"), col("send"))
                .withColumn("template_id", col("send_template_id"));
    }

    public static LocalDate todayUtc() {
        return LocalDate.now(ZoneOffset.UTC);
    }

    /** What a run decided and issued. */
    public record Result(boolean skipped, long persons, Map<String, Long> byOutcome, Map<String, Long> byReason, Map<String, Long> newByKind,
                         Map<String, Long> sendsByChannel, Map<String, Long> daysByChannel, List<Row> budget, String reportDir,
                         String outboxDir, String policyVersion, Map<String, Long> tableVersions) {
        /** Notices this run issued (initial and follow-up). */
        public long issued() {
            return newByKind.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    public Result run(SparkSession spark) {
        run.tagCommits(spark);
        Timestamp started = new Timestamp(System.currentTimeMillis());
        DecisionPolicy policy = DecisionPolicy.from(policyConfig);
        RunLedger ledger = new RunLedger(spark, lake);
        Dataset<Row> persons = DeltaTables.require(spark, lake.silverPersons(), "silver/persons", "breach-impact resolve");
        Dataset<Row> severity = DeltaTables.require(spark, lake.goldSeverity(), "gold/severity", "breach-impact exposure");
        String inputs = "silver/persons@" + DeltaTables.version(spark, lake.silverPersons()).orElse(-1L) + ",gold/severity@"
                + DeltaTables.version(spark, lake.goldSeverity()).orElse(-1L) + ";policy " + policy.version() + "/" + policyConfig.hash();
        // Manifests staged by a run that was killed: published if its ledger commit went through, else deleted.
        recoverStagedRuns(spark);
        if (unchangedSinceLastRun(spark, ledger, inputs)) {
            LOG.info("persons, severity, policy and the notification ledger are unchanged since the last decide: nothing to do");
            ledger.record(run.record(JOB, null, RunLedger.Status.SKIPPED, started, inputs, Map.of(), Map.of(), "inputs unchanged"));
            return new Result(true, 0, Map.of(), Map.of(), Map.of(), Map.of(), Map.of(), List.of(), null, null, policy.version(), Map.of());
        }
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

    /**
     * The last successful decide read these inputs, and the tables it wrote are as it left them: a new
     * run would issue nothing and write the same decisions.
     */
    private boolean unchangedSinceLastRun(SparkSession spark, RunLedger ledger, String inputs) {
        return ledger.lastSucceeded(null, JOB).filter(previous -> inputs.equals(previous.getAs("input_fingerprint"))
                && run.configHash().equals(previous.getAs("config_hash"))).map(previous -> {
                    scala.collection.Map<String, Object> written = previous.getMap(previous.fieldIndex("table_versions"));
                    for (Map.Entry<String, String> table : Map.of("gold/decisions", lake.goldDecisions(),
                            "gold/notification_ledger", lake.goldNotificationLedger()).entrySet()) {
                        long now = DeltaTables.version(spark, table.getValue()).orElse(-1L);
                        if (!written.contains(table.getKey()) || ((Number) written.apply(table.getKey())).longValue() != now) {
                            return false;
                        }
                    }
                    return true;
                }).orElse(false);
    }

    /**
     * A decide killed after its ledger commit left its manifests staged: they are published now (the
     * ledger says those notices were issued, the delivery step must get them). One killed before the
     * commit left manifests of notices never issued: deleted (the next run issues them again, with the
     * same ids). Work rows are deleted either way. Runs under the lake's lock: no live run's files are touched.
     */
    private void recoverStagedRuns(SparkSession spark) {
        HadoopConf hadoop = new HadoopConf(spark.sparkContext().hadoopConfiguration());
        Path reports = new Path(lake.reports(run.runId())).getParent();
        try {
            FileSystem fs = reports.getFileSystem(hadoop.get());
            if (!fs.exists(reports)) {
                return;
            }
            for (org.apache.hadoop.fs.FileStatus s : fs.listStatus(reports)) {
                String name = s.getPath().getName();
                if (name.startsWith(WORK_PREFIX)) {
                    LOG.warn("deleting {}, left by a decide run that did not end", s.getPath());
                    fs.delete(s.getPath(), true);
                } else if (name.startsWith(STAGING_PREFIX)) {
                    String killed = name.substring(STAGING_PREFIX.length());
                    if (ledgerCommittedBy(spark, killed)) {
                        LOG.warn("publishing the manifests of decide run {}: its notices are in the ledger, its manifests were not yet "
                                + "in the outbox", killed);
                        publish(fs, s.getPath(), killed);
                    } else {
                        LOG.warn("deleting {}, staged by decide run {} that ended before issuing anything", s.getPath(), killed);
                        fs.delete(s.getPath(), true);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot look for decide runs that did not end under " + reports, e);
        }
    }

    private boolean ledgerCommittedBy(SparkSession spark, String runId) {
        return DeltaTables.exists(spark, lake.goldNotificationLedger()) && !io.delta.tables.DeltaTable.forPath(spark, lake.goldNotificationLedger())
                .history().filter(col("userMetadata").equalTo(RunContext.commitMetadata(runId))).isEmpty();
    }

    /** A run's staged outputs into place: its manifests into the outbox, the regulator's notification into its report directory. */
    private void publish(FileSystem fs, Path staged, String runId) throws IOException {
        Path manifests = new Path(staged, "manifests");
        Path outbox = new Path(lake.outbox(), runId);
        if (fs.exists(manifests)) {
            fs.mkdirs(outbox.getParent());
            Directories.publish(fs, manifests, outbox, runId);
        }
        Directories.publish(fs, staged, new Path(lake.reports(runId)), runId);
    }

    private Result decide(SparkSession spark, Dataset<Row> persons, Dataset<Row> severity, DecisionPolicy policy) {
        SparkSessions.describe(spark, JOB, "decisions and the send queue");
        timer.stage("decisions");
        // Names and addresses are kept for persons with a notice only, and for this run's sends only after
        // the ledger is read: decisions carry whether a person can be reached, not how.
        // Each person's severity is scored again, by exposure's own function, rather than joined from
        // gold/severity: no shuffle of 13 million persons (measured at 19M: the stage went from 132 to
        // 96 s). The reconciliation checks that gold/severity holds exactly these persons and scores.
        List<String> read = new java.util.ArrayList<>(RULE_INPUT);
        read.addAll(ADDRESS);
        List<String> scoredColumns = new java.util.ArrayList<>(read);
        scoredColumns.addAll(List.of("score", "level"));
        read.add("documents_held");
        scoredColumns.add(Severity.CLASS_MASK);
        Dataset<Row> input = Severity.score(Severity.withMasks(persons.select(columns(read))), SeverityPolicy.from(policyConfig))
                .select(columns(scoredColumns));
        // What gold/severity copies of each person, hashed on the way (checked against it before issuing).
        Dataset<Row> decided = Decisions.decide(input.withColumn("person_check", personCheck()), policy);
        java.util.Set<String> paidTiers = new java.util.HashSet<>();
        policy.tiers().stream().filter(t -> t.months() > 0).forEach(t -> paidTiers.add(t.code()));
        PersonKeys k = keys;
        UserDefinedFunction code = udf((UDF1<String, String>) k::enrollmentCode, DataTypes.StringType);
        Column paid = lit(false);
        for (String tier : paidTiers) {
            paid = paid.or(col("offer_code").equalTo(tier));
        }
        decided = decided.withColumn("enrollment_code", when(paid, code.apply(col("person_id"))));
        if (DeltaTables.exists(spark, lake.goldCarriedEnrollmentCodes())) {
            // Codes already sent out under an earlier secret stay the person's (rekey carried them over).
            Dataset<Row> carried = DeltaTables.read(spark, lake.goldCarriedEnrollmentCodes())
                    .select(col("person_id").as("carried_person_id"), col("enrollment_code").as("carried_code"));
            decided = decided.join(carried, decided.col("person_id").equalTo(carried.col("carried_person_id")), "left")
                    .withColumn("enrollment_code", when(paid, coalesce(col("carried_code"), col("enrollment_code"))))
                    .drop("carried_person_id", "carried_code");
        }
        Dataset<Row> previous = DeltaTables.exists(spark, lake.goldNotificationLedger()) ? DeltaTables.read(spark, lake.goldNotificationLedger()) : null;
        List<String> contacts = new java.util.ArrayList<>(List.of("email", "mobile_phone"));
        contacts.addAll(ADDRESS);
        for (String c : contacts) {
            decided = decided.withColumn(c, when(col("outcome").equalTo(Decisions.NOTICE), col(c)));
        }
        // The data classes ride along for the ledger (what each send told), on sends only; a contact only
        // on the sends of the channel that uses it.
        Map<String, List<String>> contactsByQueue = Map.of("EMAIL", List.of("email"), "SMS", List.of("mobile_phone"), "LETTER", ADDRESS);
        Dataset<Row> classified = NotificationLedger.classify(decided, previous).withColumn(TOLD_CLASSES, concat_ws(",", col("data_classes")));
        // The checks of the decisions are summed while the rows are written (no pass of their own).
        Observation checks = new Observation("decide checks");
        List<Column> metrics = DecisionSums.metrics(policy);
        Dataset<Row> rows = SendQueue.rows(classified, List.of(TOLD_CLASSES), contactsByQueue, policy.followUpPrefix())
                .observe(checks, metrics.get(0), metrics.subList(1, metrics.size()).toArray(new Column[0]))
                .select(columns(WORK_COLUMNS));

        // The rows are computed once (scoring and the rules are most of the work) and written to a work
        // directory beside the reports, which only the owner can enter and which is deleted when the run
        // ends, whatever happens: its sends hold contacts, like the manifests made from it.
        HadoopConf hadoop = new HadoopConf(spark.sparkContext().hadoopConfiguration());
        Path target = new Path(lake.reports(run.runId()));
        Path staging = new Path(target.getParent(), STAGING_PREFIX + run.runId());
        Path work = new Path(target.getParent(), WORK_PREFIX + run.runId());
        FileSystem fs;
        try {
            fs = work.getFileSystem(hadoop.get());
            fs.mkdirs(work, Manifests.OWNER_ONLY_DIR);
            fs.setPermission(work, Manifests.OWNER_ONLY_DIR);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + work, e);
        }
        try {
            // Read back a few times within the run, then deleted: no Parquet dictionaries. Ids, hashes and
            // contacts would overflow them; for the columns of few values, even the long repeated texts
            // (rule ids, templates), hashing each value into a dictionary cost more than writing it
            // (measured at 19M: +11 s for the write, 4 s saved reading back).
            rows.write().mode("overwrite").option("parquet.enable.dictionary", "false").parquet(new Path(work, "rows").toString());
            DecisionSums sums = DecisionSums.of(checks);
            return issue(spark, persons, severity, policy, spark.read().parquet(new Path(work, "rows").toString()), sums, hadoop, target,
                    staging);
        } finally {
            // The work rows, and the manifests of a run that failed before its ledger commit: contacts either way.
            // Staged manifests whose notices the ledger holds are kept: the next run publishes them.
            List<Path> leftovers = new java.util.ArrayList<>(List.of(work));
            if (!ledgerCommittedBy(spark, run.runId())) {
                leftovers.add(staging);
            }
            for (Path leftover : leftovers) {
                try {
                    fs.delete(leftover, true);
                } catch (IOException e) {
                    LOG.warn("could not delete {}: delete it by hand (it holds this run's contacts)", leftover, e);
                }
            }
        }
    }

    /**
     * Work and staging directories of decide runs: hidden beside the reports, owner-only, deleted or
     * published when their run ends. One decide runs at a time on a lake: it holds the lake's lock.
     */
    private static final String WORK_PREFIX = ".decide-work-";
    private static final String STAGING_PREFIX = ".decide-staging-";

    /** A person's hash of what gold/severity copies of it: records, minor, data classes (sorted, as resolve writes them). */
    private static Column personCheck() {
        return DecisionSums.checksum(col("person_id"), col("record_count"), col("minor"), col("data_classes"));
    }

    /**
     * How many different enrollment codes the decisions hold. Their 64-bit hashes are counted (a
     * lighter shuffle than the codes); the codes themselves only if two hashes meet.
     */
    private static long distinctCodes(Dataset<Row> decisions) {
        Dataset<Row> codes = decisions.filter(col("enrollment_code").isNotNull());
        Row hashed = codes.agg(count(lit(1)), countDistinct(xxhash64(col("enrollment_code")))).first();
        return hashed.getLong(0) == hashed.getLong(1) ? hashed.getLong(1) : codes.agg(countDistinct(col("enrollment_code"))).first().getLong(0);
    }

    private Result issue(SparkSession spark, Dataset<Row> persons, Dataset<Row> severity, DecisionPolicy policy, Dataset<Row> rows,
                         DecisionSums sums, HadoopConf hadoop, Path target, Path staging) {
        timer.stage("reconcile");
        // Persons by outcome and first reason, by offer, and what this run issues: summed as the rows were written.
        long total = sums.decisions();
        Dataset<Row> decisions = SendQueue.decisions(rows);
        long personCount = persons.count();
        if (total != personCount) {
            throw new BreachImpactException(ExitCode.RECONCILIATION_FAILED, "decisions cover " + total + " persons, silver/persons has "
                    + personCount + ": nothing was issued");
        }
        // gold/severity holds these persons as they are now, with the scores given here.
        Row published = severity.agg(count(lit(1)), coalesce(sum(DecisionSums.checksum(col("person_id"), col("score"), col("level"))), lit(0L)),
                coalesce(sum(personCheck()), lit(0L))).first();
        if (total != published.getLong(0) || sums.scores() != published.getLong(1) || sums.persons() != published.getLong(2)) {
            throw BreachImpactException.badInput("gold/severity does not hold the current persons with the severity this policy gives them ("
                    + published.getLong(0) + " persons there, " + total + " in silver/persons; or data classes, records or "
                    + "scores that differ): run `breach-impact exposure`, then decide; nothing was issued");
        }
        long collisions = sums.codes() - distinctCodes(decisions);
        if (collisions != 0) {
            throw new BreachImpactException(ExitCode.RECONCILIATION_FAILED, collisions
                    + " enrollment codes collide: nothing was issued (change the secret's derivation before going on)");
        }
        List<Row> budget = OfferBudget.rows(policy, sums.byOffer());

        SparkSessions.describe(spark, JOB, "waves");
        timer.stage("waves");
        LocalDate start = policy.firstWaveDate().isAfter(today) ? policy.firstWaveDate() : today;
        Waves waves = Waves.of(SendQueue.sends(rows), policy, start);
        Dataset<Row> waved = waves.on(rows);

        // The decisions table and the three manifests at once: a manifest is written by one task, in order.
        SparkSessions.describe(spark, JOB, "decisions table and manifests");
        timer.stage("outputs");
        Column issued = col("send").isNotNull();
        List<Column> tableColumns = new java.util.ArrayList<>();
        DECISION_COLUMNS.forEach(c -> tableColumns.add(c.equals("policy_version") ? lit(policy.version()).as(c)
                : c.equals("reasons") ? list(col(Decisions.REASONS_TEXT)).as(c) : col(c)));
        tableColumns.add(when(issued, col("kind")).as("issued_kind"));
        tableColumns.add(col("wave_date").as("issued_wave_date"));
        tableColumns.add(when(issued, col("notification_id")).as("issued_notification_id"));
        Dataset<Row> table = SendQueue.decisions(waved).select(tableColumns.toArray(new Column[0]));
        Dataset<Row> email = channel(waved, waves, "EMAIL");
        Dataset<Row> sms = channel(waved, waves, "SMS").withColumn("msisdn", regexp_replace(col("mobile_phone"), "^\\+", ""));
        Dataset<Row> letter = channel(waved, waves, "LETTER")
                .withColumn("name", concat_ws(" ", col("given_names"), col("surname")))
                .withColumn("recipient", coalesce(col("recipient"), lit("SELF")));
        Concurrently.run(
                () -> DeltaTables.replace(table, lake.goldDecisions(), 2),
                () -> Manifests.write(email, Manifests.EMAIL, staging + "/manifests/email.csv", hadoop),
                () -> Manifests.write(sms, Manifests.SMS, staging + "/manifests/sms.csv", hadoop),
                () -> Manifests.write(letter, Manifests.LETTER, staging + "/manifests/letter.csv", hadoop));

        timer.stage("budget");
        DeltaTables.replace(spark.createDataFrame(budget, OfferBudget.SCHEMA).coalesce(1), lake.goldOfferBudget(), 1);
        // The regulator's figures come from the tables just written.
        AuthorityNotification.write(spark, lake, policy, severity, DeltaTables.read(spark, lake.goldDecisions()), waves.sendsByChannel(),
                waves.daysByChannel(), budget, staging + "/authority-notification.json", run.runId(), hadoop);
        FailPoints.reach("decide.before-ledger");

        // The ledger commit issues the notices; only then do the manifests go to the outbox. A crash
        // before the commit leaves staged manifests that the next run deletes (and issues again, with the
        // same ids); a crash after it leaves them for the next run to publish. Never both, never twice.
        SparkSessions.describe(spark, JOB, "notification ledger");
        timer.stage("ledger");
        Dataset<Row> sent = SendQueue.sends(waved).select(col("notification_id"), col("person_id"), col("send"), col("kind"),
                col("queue").as("channel"), col("recipient"), col("send_template_id").as("template_id"), col("offer_code"), col("level"),
                Decisions.levelRank(col("level")).as("level_rank"), list(col(TOLD_CLASSES)).as("data_classes"), col("content_hash"), col("wave"), col("wave_date"),
                lit(run.runId()).as("issued_run_id"),
                lit(new Timestamp(System.currentTimeMillis())).as("issued_at"), lit(policy.version()).as("policy_version"));
        // Statistics on the ids only (a new ledger's property): min/max of every column cost a fifth of the append.
        beforeLedgerCommit.run();
        sent.write().format("delta").mode("append").option("delta.dataSkippingNumIndexedCols", "2").save(lake.goldNotificationLedger());
        FailPoints.reach("decide.after-ledger");
        timer.stage("publish");
        try {
            publish(target.getFileSystem(hadoop.get()), staging, run.runId());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot publish " + target + " and the outbox", e);
        }
        timer.end();

        Map<String, Long> versions = new LinkedHashMap<>();
        versions.put("silver/persons", DeltaTables.version(spark, lake.silverPersons()).orElse(-1L));
        versions.put("gold/severity", DeltaTables.version(spark, lake.goldSeverity()).orElse(-1L));
        versions.put("gold/decisions", DeltaTables.version(spark, lake.goldDecisions()).orElse(-1L));
        versions.put("gold/notification_ledger", DeltaTables.version(spark, lake.goldNotificationLedger()).orElse(-1L));
        versions.put("gold/offer_budget", DeltaTables.version(spark, lake.goldOfferBudget()).orElse(-1L));
        return new Result(false, personCount, sums.byOutcome(), sums.byReason(), sums.newByKind(), waves.sendsByChannel(), waves.daysByChannel(),
                budget, target.toString(), new Path(lake.outbox(), run.runId()).toString(), policy.version(), versions);
    }
}
