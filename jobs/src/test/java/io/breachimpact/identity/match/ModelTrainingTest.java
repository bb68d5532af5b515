package io.breachimpact.identity.match;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelTrainingTest {
    private static final Field[] FIELDS = Field.values();

    /** m: agreement likely; u: disagreement likely; each field's levels summing to 1. */
    static double[][] distribution(boolean match) {
        double[][] d = new double[FIELDS.length][];
        for (Field f : FIELDS) {
            int n = f.levelCount();
            d[f.ordinal()] = new double[n];
            double first = match ? 0.85 : 0.02;
            double last = match ? 0.02 : 0.9;
            d[f.ordinal()][0] = first;
            d[f.ordinal()][n - 1] += last;
            for (int l = 1; l < n - 1; l++) {
                d[f.ordinal()][l] = (1 - first - last) / (n - 2);
            }
            if (n == 2) {
                d[f.ordinal()][0] = match ? 0.9 : 0.05;
                d[f.ordinal()][1] = 1 - d[f.ordinal()][0];
            }
        }
        return d;
    }

    private static int draw(double[] p, Random random) {
        double x = random.nextDouble();
        for (int l = 0; l < p.length; l++) {
            x -= p[l];
            if (x < 0) {
                return l;
            }
        }
        return p.length - 1;
    }

    @Test
    void expectationMaximisationRecoversTheMixtureItWasGivenWithoutLabels() {
        double[][] m = distribution(true);
        double[][] u = distribution(false);
        Random random = new Random(7);
        Map<Integer, Double> counts = new HashMap<>();
        int pairs = 200_000;
        for (int p = 0; p < pairs; p++) {
            boolean match = random.nextDouble() < 0.3;
            int c = 0;
            for (Field f : FIELDS) {
                int level = random.nextDouble() < 0.05 ? Field.MISSING : draw((match ? m : u)[f.ordinal()], random);
                c = Comparison.with(c, f, level);
            }
            counts.merge(c, 1.0, Double::sum);
        }
        double[][] chance = distribution(false);
        ModelTraining.Estimate e = ModelTraining.expectationMaximisation(counts, chance, 200, 1e-7);
        assertEquals(0.3, e.matchShare(), 0.01);
        for (Field f : FIELDS) {
            for (int l = 0; l < f.levelCount(); l++) {
                assertEquals(m[f.ordinal()][l], e.m()[f.ordinal()][l], 0.02, f + " level " + l);
            }
        }
        assertTrue(e.iterations() < 200, "converged");
    }

    @Test
    void chanceAgreementComesFromRandomPairsAndIsNeverZero() {
        java.util.List<MatchRecord> sample = new java.util.ArrayList<>();
        for (int i = 0; i < 200; i++) {
            sample.add(RecordComparerTest.record("n" + i, i % 2 == 0 ? "martin" : "durand" + i, "anne", "1980-01-" + (10 + i % 10),
                    "690" + (10 + i % 50), null));
        }
        double[][] u = ModelTraining.chanceAgreement(sample, 1_000_000, 1);
        // Half the records are Martin: a random pair agrees on the surname about a quarter of the time.
        // 200 records make 19,900 pairs, beside the prior's 1,000.
        assertEquals(0.25 * 19_900 / 20_900, u[Field.SURNAME.ordinal()][0], 0.02);
        assertEquals(19_900.0 / 20_900, u[Field.GIVEN_NAMES.ordinal()][0], 0.02);
        for (double share : u[Field.BIRTH_DATE.ordinal()]) {
            assertTrue(share > 0);
        }
    }

    @Test
    void thePriorIsTheMatchesPerRecordOverAllPairs() {
        double[][] m = distribution(true);
        ModelTraining.Estimate e = new ModelTraining.Estimate(m, m, 0.5, 1);
        // 400 candidate pairs among 1,000 sampled records, half of them matches: 0.2 matches a record;
        // over 10,000 records that is 2,000 matches among 49,995,000 pairs.
        MatchModel model = ModelTraining.model(e, distribution(false), 400, 1_000, 10_000, Map.of(), 1e-3);
        assertEquals(MatchModel.log2(2_000.0 / 49_995_000), model.priorBits(), 0.01);
    }
}
