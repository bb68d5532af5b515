package io.breachimpact.decide;

import io.breachimpact.config.PolicyConfig;
import io.breachimpact.error.BreachImpactException;
import io.breachimpact.error.ExitCode;
import io.breachimpact.exposure.SeverityPolicy;
import io.breachimpact.ingest.normalize.PersonKeys;
import io.breachimpact.pipeline.Concurrently;
import io.breachimpact.pipeline.CountKey;
import io.breachimpact.pipeline.Counts;
import io.breachimpact.pipeline.FailPoints;
import io.breachimpact.pipeline.JobName;
import io.breachimpact.pipeline.JobScope;
import io.breachimpact.pipeline.LakeJob;
import io.breachimpact.pipeline.LakeTable;
import io.breachimpact.pipeline.RunContext;
import io.breachimpact.pipeline.RunLedger;
import io.breachimpact.spark.DeltaTables;
import io.breachimpact.spark.HadoopConf;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.xxhash64;

/**
 * Persons and their severity → decisions (gold/decisions), the offers' budget (gold/offer_budget),
 * this run's new notifications with their waves, the channel manifests and the regulator's
 * notification (staged), then the notification ledger, and only then the manifests into the outbox
 * ({@code outbox/<run>/}) and the regulator's notification into {@code reports/<run>/}. Skipped when
 * persons, severity, policy and the ledger are as the last run left them. The transformations are
 * {@link DecisionRows}'; the staging and publishing, {@link StagedRuns}'.
 */
public final class DecideJob implements LakeJob<DecideJob.Result> {
    public static final JobName JOB = JobName.DECIDE;
    private static final Logger LOG = LoggerFactory.getLogger(DecideJob.class);
    /**
     * The version of the rules and of gold/decisions' shape in this code: raised with any change to what
     * a person's decision is, so that the next run decides every person again (an incremental run keeps
     * the decisions of unchanged persons, which an earlier version's rules made).
     */
    static final int DECISIONS_VERSION = 1;

    /** What a run counts, in ops/runs. */
    public enum Count implements CountKey {
        PERSONS,
        /** Persons this run decided: all, or those that changed since the last decide. */
        DECIDED,
        /** Persons per outcome: {@code outcome_INDIVIDUAL_NOTICE} … */
        OUTCOME,
        /** Notices this run issued, per kind: {@code issued_INITIAL}, {@code issued_FOLLOW_UP}. */
        ISSUED,
        /** This run's sends and the days they take, per channel. */
        SENDS, DAYS
    }

    private final PolicyConfig policyConfig;
    private final DecisionPolicy policy;
    private final PersonKeys keys;
    private final LocalDate today;
    private Runnable beforeLedgerCommit = () -> { };
    private boolean incremental = true;

    public DecideJob(PolicyConfig policyConfig, PersonKeys keys, LocalDate today) {
        this.policyConfig = policyConfig;
        this.policy = DecisionPolicy.from(policyConfig);
        this.keys = keys;
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

    /**
     * Whether a run may decide again only the persons that changed since the last decide ({@link DecideBasis}
     * says when it can; {@code decide.incremental}, on by default). The tables are the same either way.
     */
    public DecideJob incremental(boolean on) {
        this.incremental = on;
        return this;
    }

    public static LocalDate todayUtc() {
        return LocalDate.now(ZoneOffset.UTC);
    }

    /** What a run decided and issued. */
    public record Result(boolean skipped, long persons, long decided, Map<String, Long> byOutcome, Map<String, Long> byReason, Map<String, Long> newByKind,
                         Map<String, Long> sendsByChannel, Map<String, Long> daysByChannel, List<Row> budget, String reportDir,
                         String outboxDir, String policyVersion) {
        /** Notices this run issued (initial and follow-up). */
        public long issued() {
            return newByKind.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    @Override
    public JobName name() {
        return JOB;
    }

    @Override
    public List<LakeTable> inputs() {
        return List.of(LakeTable.SILVER_PERSONS, LakeTable.GOLD_SEVERITY);
    }

    @Override
    public List<LakeTable> outputs() {
        return List.of(LakeTable.GOLD_DECISIONS, LakeTable.GOLD_NOTIFICATION_LEDGER, LakeTable.GOLD_OFFER_BUDGET);
    }

    /** Persons and their severity as finished runs left them: not a resolve or an exposure killed between their commits. */
    @Override
    public List<LakeTable> finishedInputs() {
        return List.of(LakeTable.SILVER_PERSONS, LakeTable.GOLD_SEVERITY);
    }

    @Override
    public String dependsOn() {
        return "decisions " + DECISIONS_VERSION + "; policy " + policy.version() + "/" + policyConfig.hash();
    }

    /** Manifests staged by a run that was killed: published if its ledger commit went through, else deleted. */
    @Override
    public void recover(JobScope scope) {
        staged(scope).recover(runId -> ledgerCommittedBy(scope, runId));
    }

    @Override
    public String skipReason() {
        return "persons, severity, policy and the notification ledger unchanged";
    }

    @Override
    public Result skipped(JobScope scope, RunLedger.Run previous) {
        return new Result(true, 0, 0, Map.of(), Map.of(), Map.of(), Map.of(), Map.of(), List.of(), null, null, policy.version());
    }

    @Override
    public Counts counts(Result result) {
        return new Counts().put(Count.PERSONS, result.persons()).put(Count.DECIDED, result.decided()).putEach(Count.OUTCOME, result.byOutcome())
                .putEach(Count.ISSUED, result.newByKind()).putEach(Count.SENDS, result.sendsByChannel())
                .putEach(Count.DAYS, result.daysByChannel());
    }

    /** gold/decisions replaced, or changed for the persons decided again and those gone. */
    private static void writeDecisions(JobScope scope, Dataset<Row> decisions, Optional<Dataset<Row>> changes) {
        if (changes.isEmpty()) {
            scope.replace(LakeTable.GOLD_DECISIONS, decisions);
        } else {
            DeltaTables.RowChanges changed = scope.changeRows(LakeTable.GOLD_DECISIONS, decisions, DecisionChanges.removed(changes.get()),
                    List.of("person_id"));
            LOG.info("gold/decisions: {} decisions new, {} changed, {} deleted", changed.inserted(), changed.updated(), changed.deleted());
        }
    }

    private static StagedRuns staged(JobScope scope) {
        return new StagedRuns(scope.lake(), scope.spark().sparkContext().hadoopConfiguration());
    }

    private static boolean ledgerCommittedBy(JobScope scope, String runId) {
        return scope.exists(LakeTable.GOLD_NOTIFICATION_LEDGER) && !io.delta.tables.DeltaTable.forPath(scope.spark(),
                scope.path(LakeTable.GOLD_NOTIFICATION_LEDGER)).history().filter(col("userMetadata").equalTo(RunContext.commitMetadata(runId))).isEmpty();
    }

    private static Optional<Dataset<Row>> optional(JobScope scope, LakeTable table) {
        return scope.exists(table) ? Optional.of(scope.read(table)) : Optional.empty();
    }

    @Override
    public Result work(JobScope scope) {
        String runId = scope.run().runId();
        // The rows are computed once (scoring and the rules are most of the work) and written to the run's
        // work directory, deleted when the run ends, whatever happens: its sends hold contacts.
        StagedRuns staged = staged(scope);
        Path work = staged.createWork(runId);
        try {
            Optional<Dataset<Row>> changes = DecideBasis.personsDecidedLast(scope, this, incremental)
                    .flatMap(then -> changes(scope, then, new Path(work, "changes")));
            scope.stage("decisions", "decisions and the send queue");
            Dataset<Row> persons = scope.read(LakeTable.SILVER_PERSONS);
            Optional<Dataset<Row>> carried = optional(scope, LakeTable.GOLD_CARRIED_ENROLLMENT_CODES);
            Optional<Dataset<Row>> ledger = optional(scope, LakeTable.GOLD_NOTIFICATION_LEDGER);
            if (changes.isPresent()) {
                Dataset<Row> changed = DecisionChanges.changed(changes.get());
                persons = persons.join(changed, "person_id", "left_semi");
                carried = carried.map(c -> c.join(changed, "person_id", "left_semi"));
                ledger = ledger.map(l -> l.join(changed, "person_id", "left_semi"));
            }
            // The checks of the decisions are summed while the rows are written (no pass of their own).
            Observation checks = new Observation("decide checks");
            List<Column> metrics = DecisionSums.metrics(policy);
            Dataset<Row> rows = DecisionRows.workColumns(DecisionRows.rows(persons, SeverityPolicy.from(policyConfig), policy, keys, carried, ledger)
                    .observe(checks, metrics.get(0), metrics.subList(1, metrics.size()).toArray(new Column[0])));
            // Read back a few times within the run, then deleted: no Parquet dictionaries. Ids, hashes and
            // contacts would overflow them; for the columns of few values, even the long repeated texts
            // (rule ids, templates), hashing each value into a dictionary cost more than writing it
            // (measured at 19M: +11 s for the write, 4 s saved reading back).
            rows.write().mode("overwrite").option("parquet.enable.dictionary", "false").parquet(new Path(work, "rows").toString());
            return issue(scope, scope.spark().read().parquet(new Path(work, "rows").toString()), DecisionSums.of(checks), staged, changes);
        } finally {
            staged.cleanUp(runId, ledgerCommittedBy(scope, runId));
        }
    }

    /**
     * The persons to decide again or whose decision goes, written to the run's work directory (ids
     * only); empty when the version the last decide read cannot be read whole (its files vacuumed, e.g.
     * after more than a week without a decide): then every person is decided, nothing is lost.
     */
    private static Optional<Dataset<Row>> changes(JobScope scope, DecideBasis.Last last, Path at) {
        scope.stage("changes", "the persons that changed since the last decide");
        try {
            Dataset<Row> now = scope.read(LakeTable.SILVER_PERSONS);
            String path = scope.path(LakeTable.SILVER_PERSONS);
            Optional<Dataset<Row>> fed = DeltaTables.changedKeys(scope.spark(), path, last.version(),
                    DeltaTables.version(scope.spark(), path).orElseThrow(), List.of("person_id"));
            LOG.info(fed.isPresent() ? "The persons that changed since silver/persons version {} are read from its change data feed"
                    : "The persons that changed since silver/persons version {} are found by comparing every person's row", last.version());
            fed.map(ids -> DecisionChanges.ofChangedIds(now, ids)).orElseGet(() -> DecisionChanges.of(now, last.persons()))
                    .write().mode("overwrite").parquet(at.toString());
        } catch (RuntimeException e) {
            LOG.warn("Every person is decided: silver/persons as the last decide read it could not be read ({})", e.getClass().getSimpleName());
            return Optional.empty();
        }
        Dataset<Row> changes = scope.spark().read().parquet(at.toString());
        Map<String, Long> byChange = new java.util.TreeMap<>();
        changes.groupBy("change").count().collectAsList().forEach(r -> byChange.put(r.getString(0), r.getLong(1)));
        LOG.info("Persons to decide again or to delete since the last decide: {}", byChange);
        return Optional.of(changes);
    }

    /**
     * Every person's decision after this run, in the columns the sums and checks read: the last run's
     * for the persons that did not change, this run's for those decided again.
     */
    private static Dataset<Row> everyDecision(JobScope scope, Dataset<Row> rows, Dataset<Row> changes) {
        Column[] read = Stream.of("person_id", "score", "level", "outcome", Decisions.REASONS_TEXT, "offer_code", "enrollment_code")
                .map(functions::col).toArray(Column[]::new);
        Dataset<Row> kept = scope.read(LakeTable.GOLD_DECISIONS).join(changes.select("person_id"), "person_id", "left_anti")
                .withColumn(Decisions.REASONS_TEXT, concat_ws(",", col("reasons")));
        return kept.select(read).unionByName(SendQueue.decisions(rows).select(read));
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

    /** Every decision accounted for and gold/severity as this run scored it, or nothing is issued. */
    private void reconcile(JobScope scope, DecisionSums sums, Dataset<Row> decisions) {
        long total = sums.decisions();
        long personCount = scope.read(LakeTable.SILVER_PERSONS).count();
        if (total != personCount) {
            throw new BreachImpactException(ExitCode.RECONCILIATION_FAILED, "decisions cover " + total + " persons, silver/persons has "
                    + personCount + ": nothing was issued");
        }
        Row published = scope.read(LakeTable.GOLD_SEVERITY).agg(count(lit(1)),
                coalesce(sum(DecisionSums.checksum(col("person_id"), col("score"), col("level"))), lit(0L)),
                coalesce(sum(DecisionRows.personCheck()), lit(0L))).first();
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
    }

    private Result issue(JobScope scope, Dataset<Row> rows, DecisionSums ofRows, StagedRuns staged, Optional<Dataset<Row>> changes) {
        SparkSession spark = scope.spark();
        String runId = scope.run().runId();
        scope.stage("reconcile", "reconcile the decisions");
        Dataset<Row> decisions = changes.map(c -> everyDecision(scope, rows, c)).orElse(SendQueue.decisions(rows));
        // The rows are every person's decisions, or only those decided again: then the sums are taken over all.
        DecisionSums sums = changes.isEmpty() ? ofRows : DecisionSums.over(decisions, policy,
                scope.read(LakeTable.SILVER_PERSONS).agg(coalesce(sum(DecisionRows.personCheck()), lit(0L))).first().getLong(0),
                ofRows.newByKind());
        reconcile(scope, sums, decisions);
        List<Row> budget = OfferBudget.rows(policy, sums.byOffer());

        scope.stage("waves", "waves");
        LocalDate start = policy.firstWaveDate().isAfter(today) ? policy.firstWaveDate() : today;
        Waves waves = Waves.of(SendQueue.sends(rows), policy, start);
        Dataset<Row> waved = waves.on(rows);

        // The decisions table and the three manifests at once: a manifest is written by one task, in order.
        scope.stage("outputs", "decisions table and manifests");
        HadoopConf hadoop = new HadoopConf(spark.sparkContext().hadoopConfiguration());
        String staging = staged.staging(runId).toString();
        Concurrently.run(
                () -> writeDecisions(scope, DecisionRows.decisionsTable(waved, policy.version()), changes),
                () -> Manifests.write(DecisionRows.manifest(waved, waves, "EMAIL"), Manifests.EMAIL, staging + "/manifests/email.csv", hadoop),
                () -> Manifests.write(DecisionRows.manifest(waved, waves, "SMS"), Manifests.SMS, staging + "/manifests/sms.csv", hadoop),
                () -> Manifests.write(DecisionRows.manifest(waved, waves, "LETTER"), Manifests.LETTER, staging + "/manifests/letter.csv", hadoop));

        scope.stage("budget", "offer budget and the regulator's notification");
        scope.replace(LakeTable.GOLD_OFFER_BUDGET, spark.createDataFrame(budget, OfferBudget.SCHEMA).coalesce(1));
        // The regulator's figures come from the tables just written.
        AuthorityNotification.write(spark, scope.lake(), policy, scope.read(LakeTable.GOLD_SEVERITY), scope.read(LakeTable.GOLD_DECISIONS),
                waves.sendsByChannel(), waves.daysByChannel(), budget, staging + "/authority-notification.json", runId, hadoop);
        FailPoints.reach("decide.before-ledger");

        // The ledger commit issues the notices; only then do the manifests go to the outbox. A crash
        // before the commit leaves staged manifests that the next run deletes (and issues again, with the
        // same ids); a crash after it leaves them for the next run to publish. Never both, never twice.
        scope.stage("ledger", "notification ledger");
        beforeLedgerCommit.run();
        scope.append(LakeTable.GOLD_NOTIFICATION_LEDGER,
                DecisionRows.ledgerRows(waved, runId, new Timestamp(System.currentTimeMillis()), policy.version()));
        FailPoints.reach("decide.after-ledger");
        scope.stage("publish", "manifests into the outbox");
        staged.publish(runId);
        return new Result(false, sums.decisions(), ofRows.decisions(), sums.byOutcome(), sums.byReason(), sums.newByKind(), waves.sendsByChannel(),
                waves.daysByChannel(), budget, scope.lake().reports(runId), new Path(scope.lake().outbox(), runId).toString(), policy.version());
    }
}
