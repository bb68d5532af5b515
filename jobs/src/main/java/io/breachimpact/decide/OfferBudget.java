package io.breachimpact.decide;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the offers cost: for each tier and take-up scenario, the persons eligible, the expected
 * enrolments (eligible × take-up, rounded to whole persons) and the budget (enrolments × months ×
 * unit cost per month). Eligibility counts every person the tier is for, notified individually or
 * through the public communication: both tell people how to enrol.
 */
public final class OfferBudget {
    private OfferBudget() {
    }

    public static final StructType SCHEMA = new StructType()
            .add("offer_code", DataTypes.StringType, false)
            .add("offer_name", DataTypes.StringType, false)
            .add("months", DataTypes.IntegerType, false)
            .add("unit_cost_per_month", DataTypes.createDecimalType(12, 2), false)
            .add("currency", DataTypes.StringType, false)
            .add("scenario", DataTypes.StringType, false)
            .add("take_up", DataTypes.DoubleType, false)
            .add("eligible_persons", DataTypes.LongType, false)
            .add("expected_enrolments", DataTypes.LongType, false)
            .add("budget", DataTypes.createDecimalType(18, 2), false)
            .add("policy_version", DataTypes.StringType, false);

    /** Every tier together for one take-up scenario. */
    public record Total(long enrolments, BigDecimal budget) {
    }

    /** The budget range: expected enrolments and budget of all tiers, per take-up scenario, in the rows' order. */
    public static Map<String, Total> totals(List<Row> rows) {
        int scenario = SCHEMA.fieldIndex("scenario");
        int enrolments = SCHEMA.fieldIndex("expected_enrolments");
        int budget = SCHEMA.fieldIndex("budget");
        Map<String, Total> totals = new java.util.LinkedHashMap<>();
        for (Row r : rows) {
            totals.merge(r.getString(scenario), new Total(r.getLong(enrolments), r.getDecimal(budget)),
                    (a, b) -> new Total(a.enrolments() + b.enrolments(), a.budget().add(b.budget())));
        }
        return totals;
    }

    /** @param eligible persons by offer code (from the decisions) */
    public static List<Row> rows(DecisionPolicy policy, Map<String, Long> eligible) {
        List<Row> rows = new ArrayList<>();
        for (DecisionPolicy.Tier tier : policy.tiers()) {
            long persons = eligible.getOrDefault(tier.code(), 0L);
            for (Map.Entry<String, Double> scenario : policy.takeUp().entrySet()) {
                long enrolments = BigDecimal.valueOf(persons).multiply(BigDecimal.valueOf(scenario.getValue()))
                        .setScale(0, RoundingMode.HALF_UP).longValueExact();
                BigDecimal budget = tier.unitCostPerMonth().multiply(BigDecimal.valueOf(tier.months()))
                        .multiply(BigDecimal.valueOf(enrolments)).setScale(2, RoundingMode.HALF_UP);
                rows.add(RowFactory.create(tier.code(), tier.name(), tier.months(), tier.unitCostPerMonth().setScale(2, RoundingMode.HALF_UP),
                        policy.currency(), scenario.getKey(), scenario.getValue(), persons, enrolments, budget, policy.version()));
            }
        }
        return rows;
    }
}
