package io.breachimpact.decide;

import io.breachimpact.error.BreachImpactException;
import io.breachimpact.error.ExitCode;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.substring_index;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

/**
 * What a run's decisions add up to, summed by Spark while the decision rows are written (an
 * {@link Observation}: no pass of their own over 13 million rows): how many, with enrollment codes,
 * by outcome, first reason, offer and issued kind, and the checksums compared with gold/severity.
 * Outcomes, reasons and kinds are the rules' own constants and offers the policy's tiers; a decision
 * outside them makes the sums fall short of the count, and the run stops.
 */
record DecisionSums(long decisions, long codes, long scores, long persons, Map<String, Long> byOutcome, Map<String, Long> byReason,
                    Map<String, Long> byOffer, Map<String, Long> newByKind) {

    private static final long CHECKSUM_MODULUS = 1_000_000_007L;
    private static final List<String> KINDS = List.of(NotificationLedger.INITIAL, NotificationLedger.FOLLOW_UP);

    /** An order-free checksum's term: summed over rows, equal sums for the same rows (with the counts). */
    static Column checksum(Column... columns) {
        return pmod(xxhash64(columns), lit(CHECKSUM_MODULUS));
    }

    /**
     * The sums, over the rows that are decisions ({@link SendQueue#isDecision}), to observe on rows with
     * {@code send}, {@code outcome}, {@code reasons_text}, {@code offer_code}, {@code kind},
     * {@code enrollment_code}, {@code person_id}, {@code score}, {@code level} and {@code person_check}.
     */
    static List<Column> metrics(DecisionPolicy policy) {
        Column decision = SendQueue.isDecision();
        List<Column> m = new ArrayList<>();
        m.add(count(decision, "decisions"));
        m.add(count(decision.and(col("enrollment_code").isNotNull()), "codes"));
        m.add(coalesce(sum(when(decision, checksum(col("person_id"), col("score"), col("level")))), lit(0L)).as("scores"));
        m.add(coalesce(sum(when(decision, col("person_check"))), lit(0L)).as("persons"));
        Column firstReason = substring_index(col(Decisions.REASONS_TEXT), ",", 1);
        Decisions.OUTCOMES.forEach(o -> m.add(count(decision.and(col("outcome").equalTo(o)), "outcome|" + o)));
        Decisions.OUTCOME_RULES.forEach(r -> m.add(count(decision.and(firstReason.equalTo(r)), "reason|" + r)));
        policy.tiers().forEach(t -> m.add(count(decision.and(col("offer_code").equalTo(t.code())), "offer|" + t.code())));
        KINDS.forEach(k -> m.add(count(decision.and(col("send").isNotNull()).and(col("kind").equalTo(k)), "kind|" + k)));
        return m;
    }

    private static Column count(Column condition, String name) {
        return coalesce(sum(when(condition, 1L)), lit(0L)).as(name);
    }

    /** The sums, once the write that carried the observation has ended (at most two minutes after). */
    static DecisionSums of(Observation observation) {
        Row r;
        try {
            r = scala.concurrent.Await.result(observation.future(), scala.concurrent.duration.Duration.create(2, TimeUnit.MINUTES));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the sums of the decisions", e);
        } catch (Exception e) {
            throw new BreachImpactException(ExitCode.RECONCILIATION_FAILED, "Spark did not report the sums of the decisions written ("
                    + e.getClass().getSimpleName() + "): nothing was issued");
        }
        DecisionSums sums = from(r);
        sums.requireEveryDecisionCounted();
        return sums;
    }

    /**
     * The sums over every person's decision when a run decided only some of them again: {@code decisions}
     * holds each person's ({@code person_id}, {@code score}, {@code level}, {@code outcome},
     * {@code reasons_text}, {@code offer_code}, {@code enrollment_code}), kept or new; the persons'
     * checksum is summed over silver/persons, and what was issued is this run's.
     */
    static DecisionSums over(Dataset<Row> decisions, DecisionPolicy policy, long personsChecksum, Map<String, Long> newByKind) {
        List<Column> m = metrics(policy);
        Row r = decisions.withColumn("send", lit(null).cast("string")).withColumn("kind", lit(null).cast("string"))
                .withColumn("person_check", lit(0L)).agg(m.get(0), m.subList(1, m.size()).toArray(new Column[0])).first();
        DecisionSums all = from(r);
        DecisionSums sums = new DecisionSums(all.decisions, all.codes, all.scores, personsChecksum, all.byOutcome, all.byReason,
                all.byOffer, newByKind);
        sums.requireEveryDecisionCounted();
        return sums;
    }

    private static DecisionSums from(Row r) {
        Map<String, Long> byOutcome = new TreeMap<>();
        Map<String, Long> byReason = new TreeMap<>();
        Map<String, Long> byOffer = new TreeMap<>();
        Map<String, Long> byKind = new TreeMap<>();
        for (String field : r.schema().fieldNames()) {
            int bar = field.indexOf('|');
            long n = ((Number) r.getAs(field)).longValue();
            if (bar < 0 || n == 0) {
                continue;
            }
            String key = field.substring(bar + 1);
            switch (field.substring(0, bar)) {
                case "outcome" -> byOutcome.put(key, n);
                case "reason" -> byReason.put(key, n);
                case "offer" -> byOffer.put(key, n);
                default -> byKind.put(key, n);
            }
        }
        return new DecisionSums(((Number) r.getAs("decisions")).longValue(), ((Number) r.getAs("codes")).longValue(),
                ((Number) r.getAs("scores")).longValue(), ((Number) r.getAs("persons")).longValue(), byOutcome, byReason, byOffer, byKind);
    }

    /** Every decision has one of the outcomes, first reasons and offers counted. */
    void requireEveryDecisionCounted() {
        for (Map.Entry<String, Map<String, Long>> by : Map.of("outcome", byOutcome, "first reason", byReason, "offer", byOffer).entrySet()) {
            long counted = by.getValue().values().stream().mapToLong(Long::longValue).sum();
            if (counted != decisions) {
                throw new BreachImpactException(ExitCode.RECONCILIATION_FAILED, (decisions - counted) + " of " + decisions
                        + " decisions have an " + by.getKey() + " the rules do not give: nothing was issued");
            }
        }
    }
}
