package io.breachimpact.report;

import io.breachimpact.decide.DecisionPolicy;
import io.breachimpact.pipeline.JobName;
import io.breachimpact.pipeline.LakeTable;
import io.breachimpact.pipeline.RunLedger;
import io.breachimpact.spark.DeltaTables;
import io.breachimpact.spark.Lake;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.desc;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;

/**
 * Reads what the report shows from the gold tables and the run ledger — published tables as published,
 * the decisions and the notification ledger aggregated to a few hundred rows, the previous report's
 * tables by time travel — and hands it to {@link ReportFigures}, which makes the figures.
 */
public final class ReportReader {
    private static final Logger LOG = LoggerFactory.getLogger(ReportReader.class);

    private final SparkSession spark;
    private final Lake lake;
    private final RunLedger ledger;
    private final DecisionPolicy policy;
    private final int k;
    private final ReportFigures figures;

    public ReportReader(SparkSession spark, Lake lake, DecisionPolicy policy, int k) {
        this.spark = spark;
        this.lake = lake;
        this.ledger = new RunLedger(spark, lake);
        this.policy = policy;
        this.k = k;
        this.figures = new ReportFigures(policy, k);
    }

    /** The tables a report reads. */
    static final List<LakeTable> INPUTS = List.of(LakeTable.SILVER_RECORDS, LakeTable.SILVER_QUARANTINE, LakeTable.SILVER_PERSONS,
            LakeTable.GOLD_SEVERITY, LakeTable.GOLD_EXPOSURE_ROLLUPS, LakeTable.GOLD_EXPOSURE_COMBINATIONS, LakeTable.GOLD_DECISIONS,
            LakeTable.GOLD_NOTIFICATION_LEDGER, LakeTable.GOLD_OFFER_BUDGET);

    public ReportData read(String runId, String policyHash, Map<String, Long> versions) {
        List<Row> rollups = DeltaTables.read(spark, lake.goldExposureRollups()).collectAsList();
        // One pass over the 13M decisions: persons by outcome, channel, first reason and policy version.
        List<Row> decided = DeltaTables.read(spark, lake.goldDecisions())
                .groupBy(col("outcome"), col("channel"), col("reasons").getItem(0).as("reason"), col("policy_version")).count()
                .collectAsList();
        Dataset<Row> notifications = DeltaTables.read(spark, lake.goldNotificationLedger());
        Map<String, Long> byReason = new LinkedHashMap<>();
        DeltaTables.read(spark, lake.silverQuarantine()).select(explode(col("reasons")).as("reason")).groupBy("reason").count()
                .orderBy(desc("count"), col("reason")).collectAsList().forEach(r -> byReason.put(r.getString(0), r.getLong(1)));
        ReportFigures.Read read = new ReportFigures.Read(rollups, decided, DeltaTables.read(spark, lake.silverRecords()).count(),
                DeltaTables.read(spark, lake.goldExposureCombinations()).collectAsList(),
                notifications.groupBy("channel").agg(count(lit(1)), min("wave_date"), max("wave_date")).collectAsList(),
                notifications.groupBy("channel", "wave_date").count().collectAsList(),
                DeltaTables.read(spark, lake.goldOfferBudget()).orderBy("offer_code", "scenario").collectAsList(),
                ledger.publishedIngests().values(), byReason, ledger.lastSucceeded(null, JobName.RESOLVE));
        Optional<RunLedger.Run> decide = ledger.lastSucceeded(null, JobName.DECIDE);
        ReportData.Run run = new ReportData.Run(runId, Instant.now().toString(), policy.version(), policyHash, k,
                policy.individualFrom().name(), versions, decide.map(RunLedger.Run::runId).orElse(null),
                decide.map(r -> lake.reports(r.runId())).orElse(null));
        return figures.report(run, read, changes(versions));
    }

    /**
     * Against the previous successful report: persons that are new, whose level rose or fell, and the
     * notifications issued since, read from the tables at the versions that report read (time travel).
     */
    private ReportData.Changes changes(Map<String, Long> versions) {
        Optional<RunLedger.Run> previous = ledger.lastSucceeded(null, JobName.REPORT);
        if (previous.isEmpty()) {
            return null;
        }
        Optional<Long> severityThen = previous.get().tableVersion(LakeTable.GOLD_SEVERITY);
        Optional<Long> ledgerThen = previous.get().tableVersion(LakeTable.GOLD_NOTIFICATION_LEDGER);
        String previousId = previous.get().runId();
        String previousAt = previous.get().finishedAt().toString();
        if (severityThen.isEmpty() || ledgerThen.isEmpty()) {
            return new ReportData.Changes(previousId, previousAt, null, null, null, null);
        }
        try {
            return compare(previousId, previousAt, severityThen.get(), versions.get(LakeTable.GOLD_SEVERITY.location()), ledgerThen.get());
        } catch (RuntimeException e) {
            // The versions it read were vacuumed, or the tables replaced by hand: say so rather than fail.
            LOG.warn("cannot read the tables as the previous report read them ({}): no comparison", RunLedger.describe(e));
            return new ReportData.Changes(previousId, previousAt, null, null, null, null);
        }
    }

    private ReportData.Changes compare(String previousId, String previousAt, long severityThen, Long severityNow, long ledgerThen) {
        // gold/severity changed row by row since (an incremental exposure): only its change data feed is read.
        Optional<Dataset<Row>> fed = severityNow == null ? Optional.empty()
                : DeltaTables.changedRows(spark, lake.goldSeverity(), severityThen, severityNow, List.of("person_id", "level"));
        LOG.info(fed.isPresent() ? "Changes since the previous report: read from gold/severity's change data feed"
                : "Changes since the previous report: gold/severity compared with the version it read");
        Row changed = fed.map(ReportReader::levelChanges).orElseGet(() -> levelChanges(
                DeltaTables.read(spark, lake.goldSeverity()).select(col("person_id"), col("level")),
                spark.read().format("delta").option("versionAsOf", severityThen).load(lake.goldSeverity()).select(col("person_id"), col("level"))));
        long issuedNow = DeltaTables.read(spark, lake.goldNotificationLedger()).count();
        long issuedThen = spark.read().format("delta").option("versionAsOf", ledgerThen).load(lake.goldNotificationLedger()).count();
        return new ReportData.Changes(previousId, previousAt, Count.alone(changed.getLong(0), k), Count.alone(changed.getLong(1), k),
                Count.alone(changed.getLong(2), k), Count.alone(issuedNow - issuedThen, k));
    }

    /**
     * Persons by severity now and at the previous report ({@code person_id}, {@code level}) → one row:
     * the persons new since, those whose level rose, those whose level fell.
     */
    static Row levelChanges(Dataset<Row> now, Dataset<Row> then) {
        return counted(now.join(then.withColumnRenamed("level", "level_then"), new String[] {"person_id"}, "left"));
    }

    /**
     * The same from the rows of gold/severity's change data feed between the two ({@link DeltaTables#changedRows}):
     * a person's level then is its first row when that row was taken out (it had one), its level now its
     * last row when that row was added (it still has one); the persons not in the feed did not change.
     */
    static Row levelChanges(Dataset<Row> feed) {
        return counted(DeltaTables.beforeAndAfter(feed, "person_id", col("level"))
                .select(col("person_id"), col("before").as("level_then"), col("after").as("level")).filter(col("level").isNotNull()));
    }

    private static Row counted(Dataset<Row> persons) {
        return persons.agg(count(org.apache.spark.sql.functions.when(col("level_then").isNull(), 1)),
                        count(org.apache.spark.sql.functions.when(rank(col("level")).gt(rank(col("level_then"))), 1)),
                        count(org.apache.spark.sql.functions.when(rank(col("level")).lt(rank(col("level_then"))), 1)))
                .first();
    }

    private static org.apache.spark.sql.Column rank(org.apache.spark.sql.Column level) {
        org.apache.spark.sql.Column c = lit(null).cast("int");
        for (int i = ReportFigures.LEVELS.size() - 1; i >= 0; i--) {
            c = org.apache.spark.sql.functions.when(level.equalTo(ReportFigures.LEVELS.get(i)), i).otherwise(c);
        }
        return c;
    }
}
