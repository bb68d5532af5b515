package io.breachimpact.identity.match;

/**
 * What the model assumes before it has seen the data, each level's share as if it had seen this many
 * pairs ({@link #M_PAIRS}, {@link #U_PAIRS}): on a national dump the data outweighs them a thousandfold;
 * on a sample of a few records (a test, a first look at a new export) they keep the model sensible.
 * m: a human's two records agree on the surname in about four cases of five and on given names in
 * about nine of ten (Lam et al., IJPDS 2022, between two waves of a cohort); birth dates rarely differ.
 * u: chance agreement in a national population (some 30,000 birth dates in use; a surname shared by
 * one person in a thousand on average; an address, an email, a phone or a document almost never).
 */
final class Priors {
    private Priors() {
    }

    static final double M_PAIRS = 100;
    static final double U_PAIRS = 1_000;

    /** By {@link Field} ordinal, then level. */
    static final double[][] M = {
            {0.80, 0.06, 0.08, 0.06},
            {0.85, 0.05, 0.03, 0.04, 0.03},
            {0.95, 0.02, 0.01, 0.01, 0.01},
            {0.60, 0.02, 0.10, 0.08, 0.20},
            {0.70, 0.30},
            {0.70, 0.30},
            {0.50, 0.50},
            {0.30, 0.70},
    };

    static final double[][] U = {
            {0.001, 0.001, 0.0005, 0.9975},
            {0.01, 0.005, 0.005, 0.005, 0.975},
            {0.000033, 0.0005, 0.00001, 0.012, 0.987457},
            {0.000001, 0.000005, 0.0002, 0.02, 0.979794},
            {0.000001, 0.999999},
            {0.000001, 0.999999},
            {0.0000001, 0.9999999},
            {0.00000001, 0.99999999},
    };
}
