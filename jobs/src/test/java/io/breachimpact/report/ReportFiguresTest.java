package io.breachimpact.report;

import io.breachimpact.config.PolicyConfig;
import io.breachimpact.decide.DecisionPolicy;
import io.breachimpact.exposure.Publication;
import io.breachimpact.pipeline.RunLedger;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

import java.sql.Date;
import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The report's figures from hand-written rows, without Spark: suppression, order, reconciliation. */
class ReportFiguresTest {
    private static final ReportFigures FIGURES = new ReportFigures(DecisionPolicy.from(PolicyConfig.defaults()), 10);

    private static Row combination(String name, Long persons, boolean suppressed) {
        StructType schema = Publication.schema(List.of("combination"));
        Object[] values = new Object[schema.size()];
        values[schema.fieldIndex("combination")] = name;
        values[schema.fieldIndex("persons")] = persons;
        values[schema.fieldIndex("suppressed")] = suppressed;
        values[schema.fieldIndex("suppression")] = suppressed ? Count.PRIMARY : null;
        values[schema.fieldIndex("policy_version")] = "p";
        return new GenericRowWithSchema(values, schema);
    }

    @Test
    void combinationsLargestFirstWithOtherLastAndWithheldCellsKeptWithheld() {
        List<ReportData.Share> shares = ReportFigures.combinations(List.of(combination("OTHER", 900L, false),
                combination("EMAIL", 40L, false), combination("EMAIL,NAME", 300L, false), combination("PHONE", null, true)));
        assertEquals(List.of("EMAIL,NAME", "EMAIL", "PHONE", "OTHER"), shares.stream().map(ReportData.Share::key).toList());
        assertTrue(shares.get(2).persons().suppressed());
        assertNull(shares.get(2).persons().value());
    }

    private static Row sendsPerChannel(String channel, long sends, String first, String last) {
        StructType schema = new StructType().add("channel", DataTypes.StringType).add("count", DataTypes.LongType)
                .add("first", DataTypes.DateType).add("last", DataTypes.DateType);
        return new GenericRowWithSchema(new Object[] {channel, sends, Date.valueOf(first), Date.valueOf(last)}, schema);
    }

    private static Row sendsPerDay(String channel, String day, long sends) {
        StructType schema = new StructType().add("channel", DataTypes.StringType).add("wave_date", DataTypes.DateType)
                .add("count", DataTypes.LongType);
        return new GenericRowWithSchema(new Object[] {channel, Date.valueOf(day), sends}, schema);
    }

    private static Row decided(String outcome, String channel, String reason, long persons) {
        StructType schema = new StructType().add("outcome", DataTypes.StringType).add("channel", DataTypes.StringType)
                .add("reason", DataTypes.StringType).add("policy_version", DataTypes.StringType).add("count", DataTypes.LongType);
        return new GenericRowWithSchema(new Object[] {outcome, channel, reason, "p", persons}, schema);
    }

    @Test
    void aChannelSmallEnoughToSingleSomeoneOutWithholdsEveryLinkedFigure() {
        List<Row> decisions = List.of(decided("INDIVIDUAL_NOTICE", "EMAIL", "r1", 500), decided("INDIVIDUAL_NOTICE", "SMS", "r1", 3),
                decided("PUBLIC_COMMUNICATION", null, "r2", 200));
        ReportData.Plan plan = FIGURES.plan(decisions, List.of(sendsPerChannel("EMAIL", 500, "2025-12-01", "2025-12-02"),
                        sendsPerChannel("SMS", 3, "2025-12-01", "2025-12-01")),
                List.of(sendsPerDay("EMAIL", "2025-12-01", 300), sendsPerDay("EMAIL", "2025-12-02", 200), sendsPerDay("SMS", "2025-12-01", 3)),
                false);
        // Three SMS would single people out; the email count would give them away by difference: both withheld.
        assertTrue(plan.noticesByChannel().get("SMS").suppressed());
        assertTrue(plan.noticesByChannel().get("EMAIL").suppressed());
        assertTrue(plan.channels().stream().allMatch(c -> c.sends().suppressed()));
        assertTrue(plan.waves().stream().allMatch(w -> w.sends().suppressed()));
        ReportData.ChannelPlan email = plan.channels().stream().filter(c -> c.channel().equals("EMAIL")).findFirst().orElseThrow();
        assertEquals(2, email.days(), "dates are not counts: kept");

        ReportData.Plan large = FIGURES.plan(List.of(decided("INDIVIDUAL_NOTICE", "EMAIL", "r1", 500), decided("INDIVIDUAL_NOTICE", "SMS", "r1", 40)),
                List.of(sendsPerChannel("EMAIL", 500, "2025-12-01", "2025-12-01"), sendsPerChannel("SMS", 40, "2025-12-01", "2025-12-01")),
                List.of(sendsPerDay("EMAIL", "2025-12-01", 500), sendsPerDay("SMS", "2025-12-01", 40)), false);
        assertEquals(500L, large.noticesByChannel().get("EMAIL").value());
        assertEquals(40L, large.noticesByChannel().get("SMS").value());
    }

    private static RunLedger.Run ingest(String batch, long read, long bronze, long accepted, long quarantined) {
        Timestamp t = new Timestamp(0);
        return new RunLedger.Run("run-" + batch, "ingest", batch, RunLedger.Status.SUCCEEDED, t, t, "local", "h", "f", Map.of(),
                Map.of("records_read", read, "bronze_rows", bronze, "silver_accepted", accepted, "quarantined", quarantined), null);
    }

    @Test
    void eachBatchReconcilesFromItsIngestsRecordedCounts() {
        RunLedger.Run resolve = new RunLedger.Run("r", "resolve", null, RunLedger.Status.SUCCEEDED, new Timestamp(0), new Timestamp(0),
                "local", "h", "f", Map.of(), Map.of("records", 90L, "persons", 60L, "f1_ppm", 998_000L), null);
        ReportData.Quality q = ReportFigures.quality(List.of(ingest("b1", 100, 100, 90, 10), ingest("b2", 50, 49, 49, 0)),
                Map.of("MISSING_NAME", 10L), Optional.of(resolve));
        assertTrue(q.batches().get(0).reconciled());
        assertFalse(q.batches().get(1).reconciled(), "a line read but not in bronze");
        assertEquals(60, q.resolution().persons());
        assertEquals(0.998, q.resolution().f1(), 1e-9);
        assertNull(q.resolution().precision(), "not measured");
    }
}
