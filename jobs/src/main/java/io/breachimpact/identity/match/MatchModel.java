package io.breachimpact.identity.match;

import java.io.Serializable;
import java.util.Locale;
import java.util.Map;

/**
 * A Fellegi–Sunter model: for each field and level, m (how often one human's two records compare so)
 * and u (how often two strangers' do). A pair's match weight is the prior's log-odds plus, for each
 * compared field, log2(m/u); missing fields add nothing. Agreeing on a surname weighs by that surname's
 * frequency (term frequency): two "Martin" agree by chance far more often than two "Kerjean".
 */
public final class MatchModel implements Serializable {
    private static final Field[] FIELDS = Field.values();

    private final double[][] m;
    private final double[][] u;
    private final double priorBits;
    private final Map<String, Double> surnameFrequency;
    private final double rarestSurname;

    /**
     * @param priorBits        log2 of the odds that two records picked at random are one human's
     * @param surnameFrequency share of records per surname ({@link FrenchNames#form}), the common ones;
     *                         empty: no term-frequency adjustment (too few records to know)
     * @param rarestSurname    the share a surname not in the map is taken to have
     */
    public MatchModel(double[][] m, double[][] u, double priorBits, Map<String, Double> surnameFrequency, double rarestSurname) {
        this.m = m;
        this.u = u;
        this.priorBits = priorBits;
        this.surnameFrequency = surnameFrequency;
        this.rarestSurname = rarestSurname;
    }

    public double m(Field f, int level) {
        return m[f.ordinal()][level];
    }

    public double u(Field f, int level) {
        return u[f.ordinal()][level];
    }

    public double priorBits() {
        return priorBits;
    }

    /** Every field's m, by level (a copy). */
    public double[][] m() {
        return deepCopy(m);
    }

    /** Every field's u, by level (a copy). */
    public double[][] u() {
        return deepCopy(u);
    }

    public Map<String, Double> surnameFrequency() {
        return java.util.Collections.unmodifiableMap(surnameFrequency);
    }

    public double rarestSurname() {
        return rarestSurname;
    }

    private static double[][] deepCopy(double[][] a) {
        double[][] c = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            c[i] = a[i].clone();
        }
        return c;
    }

    /** The evidence of one field, in bits (0 when missing). */
    public double bits(Field f, int level, String surnameForm) {
        if (level == Field.MISSING) {
            return 0;
        }
        double chance = u[f.ordinal()][level];
        if (f == Field.SURNAME && level == 0 && surnameForm != null && !surnameFrequency.isEmpty()) {
            chance = surnameFrequency.getOrDefault(surnameForm, rarestSurname);
        }
        return log2(m[f.ordinal()][level] / chance);
    }

    /** The pair's match weight: prior plus every field's evidence, in bits. */
    public double weight(int comparison, String surnameForm) {
        double w = priorBits;
        for (Field f : FIELDS) {
            w += bits(f, Comparison.level(comparison, f), surnameForm);
        }
        return w;
    }

    /** The probability of a match at a match weight. */
    public static double probability(double weight) {
        return 1 / (1 + Math.pow(2, -weight));
    }

    /** The match weight at a probability. */
    public static double weightAt(double probability) {
        return log2(probability / (1 - probability));
    }

    /** One line per field and level: m, u and the weight, for the log and the closing report. */
    public String render() {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "prior %.2f bits%n", priorBits));
        for (Field f : FIELDS) {
            for (int l = 0; l < f.levelCount(); l++) {
                sb.append(String.format(Locale.ROOT, "  %-12s %-22s m %.5f  u %.7f  %+6.2f bits%n", f.name().toLowerCase(Locale.ROOT),
                        f.describe(l), m[f.ordinal()][l], u[f.ordinal()][l], log2(m[f.ordinal()][l] / u[f.ordinal()][l])));
            }
        }
        return sb.toString();
    }

    /**
     * A digest of every parameter, exact to the bit: persons linked under one model are only brought up
     * to date under the same one (resolve's incremental nights).
     */
    public long digest() {
        long h = Double.doubleToLongBits(priorBits) * 31 + Double.doubleToLongBits(rarestSurname);
        for (double[][] table : new double[][][] {m, u}) {
            for (double[] levels : table) {
                for (double v : levels) {
                    h = h * 31 + Double.doubleToLongBits(v);
                }
            }
        }
        for (Map.Entry<String, Double> e : new java.util.TreeMap<>(surnameFrequency).entrySet()) {
            h = h * 31 + e.getKey().hashCode();
            h = h * 31 + Double.doubleToLongBits(e.getValue());
        }
        return h;
    }

    static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}
