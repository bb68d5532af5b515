package io.breachimpact.decide;

import io.breachimpact.error.BreachImpactException;
import io.breachimpact.error.ExitCode;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The sums observed on the decisions must account for every decision, by outcome, first reason and offer. */
class DecisionSumsTest {
    private static DecisionSums sums(long decisions, Map<String, Long> byOutcome, Map<String, Long> byReason, Map<String, Long> byOffer) {
        return new DecisionSums(decisions, 0, 0, 0, byOutcome, byReason, byOffer, Map.of());
    }

    @Test
    void completeSumsPass() {
        sums(5, Map.of(Decisions.NOTICE, 3L, Decisions.PUBLIC, 2L), Map.of("NOTICE-HIGH-RISK", 3L, "PUBLIC-BELOW-THRESHOLD", 2L),
                Map.of("ALERTS-12", 5L)).requireEveryDecisionCounted();
    }

    @Test
    void aDecisionWithAnOfferNoTierGivesStopsTheRun() {
        // Five decisions, four of them with an offer of the policy: the fifth had one the rules do not give.
        BreachImpactException e = assertThrows(BreachImpactException.class, () -> sums(5,
                Map.of(Decisions.NOTICE, 3L, Decisions.PUBLIC, 2L), Map.of("NOTICE-HIGH-RISK", 3L, "PUBLIC-BELOW-THRESHOLD", 2L),
                Map.of("ALERTS-12", 4L)).requireEveryDecisionCounted());
        assertEquals(ExitCode.RECONCILIATION_FAILED, e.exitCode());
        assertTrue(e.getMessage().contains("1 of 5 decisions have an offer"), e.getMessage());
    }

    @Test
    void aMissingOutcomeStopsTheRun() {
        assertThrows(BreachImpactException.class, () -> sums(5, Map.of(Decisions.NOTICE, 3L),
                Map.of("NOTICE-HIGH-RISK", 3L, "PUBLIC-BELOW-THRESHOLD", 2L), Map.of("ALERTS-12", 5L)).requireEveryDecisionCounted());
    }
}
