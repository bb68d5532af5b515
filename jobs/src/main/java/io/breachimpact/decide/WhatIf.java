package io.breachimpact.decide;

import io.breachimpact.config.PolicyConfig;
import io.breachimpact.spark.DeltaTables;
import io.breachimpact.spark.Lake;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;


/**
 * {@code decide}'s plan under a policy, computed and written nowhere: outcomes, channel load, days to
 * complete and the offers' budget, as if nobody had been notified yet. For comparing an alternative
 * policy with the current one (the what-if notebook) without touching the ledger or the manifests.
 * Each plan scores the persons' severity under its own policy ({@code exposure}'s function): an
 * alternative may change the severity rules too.
 */
public final class WhatIf {
    private WhatIf() {
    }

    /** A policy's plan in figures. */
    public record Plan(String policyVersion, String policySource, long persons, Map<String, Long> byOutcome,
                       Map<String, Long> sendsByChannel, Map<String, Long> daysByChannel, Map<String, BigDecimal> budgetByScenario,
                       Map<String, Long> eligibleByOffer) {
    }

    /** The plan of {@code policy} on the lake's current persons, as if nobody had been notified yet. */
    public static Plan plan(SparkSession spark, Lake lake, PolicyConfig policyConfig) {
        DecisionPolicy policy = DecisionPolicy.from(policyConfig);
        Dataset<Row> persons = DeltaTables.require(spark, lake.silverPersons(), "silver/persons", "breach-impact resolve");
        // Scored under the plan's own policy: a what-if may change the severity rules too.
        Dataset<Row> decisions = Decisions.decide(io.breachimpact.exposure.Severity.score(persons,
                        io.breachimpact.exposure.SeverityPolicy.from(policyConfig)), policy)
                .persist(org.apache.spark.storage.StorageLevel.DISK_ONLY());
        try {
            Map<String, Long> byOutcome = counts(decisions.groupBy("outcome").count().collectAsList());
            Map<String, Long> eligible = counts(decisions.groupBy("offer_code").count().collectAsList());
            Map<String, Long> sends = SendQueue.sendsByChannel(decisions);
            Map<String, BigDecimal> budget = new LinkedHashMap<>();
            OfferBudget.totals(OfferBudget.rows(policy, eligible)).forEach((scenario, total) -> budget.put(scenario, total.budget()));
            return new Plan(policy.version(), policyConfig.source(), byOutcome.values().stream().mapToLong(Long::longValue).sum(), byOutcome,
                    sends, Waves.days(sends, policy), budget, eligible);
        } finally {
            decisions.unpersist();
        }
    }

    private static Map<String, Long> counts(List<Row> rows) {
        Map<String, Long> m = new TreeMap<>();
        rows.forEach(r -> m.put(r.isNullAt(0) ? "NONE" : r.getString(0), r.getLong(1)));
        return m;
    }

    /** The two plans side by side, one row per figure, with the difference. */
    public static Dataset<Row> compare(SparkSession spark, Plan current, Plan alternative) {
        List<Row> rows = new java.util.ArrayList<>();
        add(rows, "persons", "", current.persons(), alternative.persons());
        keys(current.byOutcome(), alternative.byOutcome()).forEach(k -> add(rows, "outcome", k,
                current.byOutcome().getOrDefault(k, 0L), alternative.byOutcome().getOrDefault(k, 0L)));
        keys(current.sendsByChannel(), alternative.sendsByChannel()).forEach(k -> add(rows, "sends", k,
                current.sendsByChannel().getOrDefault(k, 0L), alternative.sendsByChannel().getOrDefault(k, 0L)));
        keys(current.daysByChannel(), alternative.daysByChannel()).forEach(k -> add(rows, "days to complete", k,
                current.daysByChannel().getOrDefault(k, 0L), alternative.daysByChannel().getOrDefault(k, 0L)));
        keys(current.eligibleByOffer(), alternative.eligibleByOffer()).forEach(k -> add(rows, "eligible for offer", k,
                current.eligibleByOffer().getOrDefault(k, 0L), alternative.eligibleByOffer().getOrDefault(k, 0L)));
        keys(current.budgetByScenario(), alternative.budgetByScenario()).forEach(k -> add(rows, "budget, take-up scenario", k,
                current.budgetByScenario().getOrDefault(k, BigDecimal.ZERO).longValue(),
                alternative.budgetByScenario().getOrDefault(k, BigDecimal.ZERO).longValue()));
        org.apache.spark.sql.types.StructType schema = new org.apache.spark.sql.types.StructType()
                .add("figure", "string").add("of", "string").add("current", "long").add("alternative", "long").add("difference", "long");
        return spark.createDataFrame(rows, schema);
    }

    private static java.util.Set<String> keys(Map<String, ?> a, Map<String, ?> b) {
        java.util.Set<String> keys = new java.util.LinkedHashSet<>(a.keySet());
        keys.addAll(b.keySet());
        return keys;
    }

    private static void add(List<Row> rows, String figure, String of, long current, long alternative) {
        rows.add(org.apache.spark.sql.RowFactory.create(figure, of, current, alternative, alternative - current));
    }
}
