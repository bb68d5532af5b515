package io.breachimpact.identity.match;

import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Estimates a {@link MatchModel} from the data alone, without labels, the way Splink does: u from pairs
 * of records drawn at random (almost all strangers), m by expectation–maximisation over the counted
 * comparisons of the candidate pairs (a mixture of one human's pairs and strangers'), and the prior
 * from the share of candidate pairs the mixture calls matches.
 */
public final class ModelTraining {
    private ModelTraining() {
    }

    private static final Field[] FIELDS = Field.values();

    /** What EM found: m per field and level, the share of candidate pairs that are matches, and the iterations it took. */
    public record Estimate(double[][] m, double[][] uCandidates, double matchShare, int iterations) {
    }

    /** Random pairs drawn per sampled record: enough for u; on small data, more would only take time. */
    static final long PAIRS_PER_RECORD = 100;
    /** Draws are split into this many independent streams, counted in parallel and summed: the same result on any machine. */
    private static final int STREAMS = 16;

    /**
     * u: each level's share among random pairs of the sample where both records have the field, beside
     * the {@link Priors} (never 0: a level no random pair showed is rare, not impossible). At most
     * n(n-1)/2 pairs are drawn from n records, and {@link #PAIRS_PER_RECORD} per record: a small sample
     * has no more to tell.
     */
    public static double[][] chanceAgreement(List<MatchRecord> sample, int pairs, long seed) {
        int n = sample.size();
        long draws = n < 2 ? 0 : Math.min(Math.min(pairs, (long) n * (n - 1) / 2), PAIRS_PER_RECORD * n);
        sample.forEach(MatchRecord::computeForms);
        long[][] counts = java.util.stream.IntStream.range(0, STREAMS).parallel()
                .mapToObj(s -> randomPairs(sample, draws * (s + 1) / STREAMS - draws * s / STREAMS, seed + s))
                .reduce(ModelTraining::add).orElseThrow();
        double[][] d = new double[counts.length][];
        for (int f = 0; f < counts.length; f++) {
            d[f] = new double[counts[f].length];
            for (int l = 0; l < counts[f].length; l++) {
                d[f][l] = counts[f][l];
            }
        }
        return withPrior(d, Priors.U, Priors.U_PAIRS);
    }

    /** Per field and level, how many of {@code draws} random pairs of distinct records compared so. */
    private static long[][] randomPairs(List<MatchRecord> sample, long draws, long seed) {
        long[][] counts = new long[FIELDS.length][];
        for (Field f : FIELDS) {
            counts[f.ordinal()] = new long[f.levelCount()];
        }
        Random random = new Random(seed);
        int n = sample.size();
        for (long p = 0; p < draws; p++) {
            int i = random.nextInt(n);
            int j = random.nextInt(n - 1);
            if (j >= i) {
                j++;
            }
            int c = RecordComparer.compare(sample.get(i), sample.get(j));
            for (Field f : FIELDS) {
                int level = Comparison.level(c, f);
                if (level != Field.MISSING) {
                    counts[f.ordinal()][level]++;
                }
            }
        }
        return counts;
    }

    private static long[][] add(long[][] a, long[][] b) {
        long[][] sum = new long[a.length][];
        for (int f = 0; f < a.length; f++) {
            sum[f] = new long[a[f].length];
            for (int l = 0; l < a[f].length; l++) {
                sum[f][l] = a[f][l] + b[f][l];
            }
        }
        return sum;
    }

    /**
     * Expectation–maximisation of the two-class mixture over the candidate pairs' comparisons, fields
     * independent within each class, each estimate beside its prior ({@link Priors}; for the strangers
     * among the candidates, chance). Starts from the priors.
     *
     * @param comparisons packed comparison → how many candidate pairs compared so (a sample's share may
     *                    count a pair in part)
     */
    public static Estimate expectationMaximisation(Map<Integer, Double> comparisons, double[][] chance, int maxIterations, double tolerance) {
        double[][] m = new double[FIELDS.length][];
        double[][] u = new double[FIELDS.length][];
        for (Field f : FIELDS) {
            m[f.ordinal()] = Priors.M[f.ordinal()].clone();
            u[f.ordinal()] = chance[f.ordinal()].clone();
        }
        double share = 0.5;
        int[] keys = comparisons.keySet().stream().mapToInt(Integer::intValue).sorted().toArray(); // a fixed order: the same sums
        double[] weights = new double[keys.length];
        for (int k = 0; k < keys.length; k++) {
            weights[k] = comparisons.get(keys[k]);
        }
        int iteration = 0;
        while (iteration < maxIterations && keys.length > 0) {
            iteration++;
            double[][] mCount = zeros();
            double[][] uCount = zeros();
            double matches = 0;
            double total = 0;
            for (int k = 0; k < keys.length; k++) {
                double pm = share;
                double pu = 1 - share;
                for (Field f : FIELDS) {
                    int level = Comparison.level(keys[k], f);
                    if (level != Field.MISSING) {
                        pm *= m[f.ordinal()][level];
                        pu *= u[f.ordinal()][level];
                    }
                }
                double posterior = pm + pu == 0 ? 0 : pm / (pm + pu);
                double w = weights[k];
                matches += w * posterior;
                total += w;
                for (Field f : FIELDS) {
                    int level = Comparison.level(keys[k], f);
                    if (level != Field.MISSING) {
                        mCount[f.ordinal()][level] += w * posterior;
                        uCount[f.ordinal()][level] += w * (1 - posterior);
                    }
                }
            }
            double[][] nextM = withPrior(mCount, Priors.M, Priors.M_PAIRS);
            double[][] nextU = withPrior(uCount, chance, Priors.U_PAIRS);
            double nextShare = matches / total;
            double change = Math.max(Math.abs(nextShare - share), Math.max(maxChange(m, nextM), maxChange(u, nextU)));
            m = nextM;
            u = nextU;
            share = nextShare;
            if (change < tolerance) {
                break;
            }
        }
        return new Estimate(m, u, share, iteration);
    }

    /**
     * The model: m from EM, u from chance, and the prior from the matches EM counted per record.
     *
     * @param candidatePairs  the candidate pairs EM was run on
     * @param trainingRecords the records those candidates were drawn from
     * @param records         all the records: the prior is the odds that two of them drawn at random are one human
     */
    public static MatchModel model(Estimate estimate, double[][] chance, double candidatePairs, long trainingRecords, long records,
                                   Map<String, Double> surnameFrequency, double rarestSurname) {
        double matchesPerRecord = Math.max(estimate.matchShare() * candidatePairs, 1.0) / Math.max(trainingRecords, 1);
        // About n × matchesPerRecord of the n(n-1)/2 pairs are matches.
        double priorOdds = matchesPerRecord * 2 / Math.max(records - 1, 1);
        return new MatchModel(estimate.m(), chance, MatchModel.log2(priorOdds), surnameFrequency, rarestSurname);
    }

    /** The model before any data: the {@link Priors}' m and u, without term frequencies. */
    public static MatchModel fromPriors(double priorBits) {
        return new MatchModel(Priors.M, Priors.U, priorBits, Map.of(), 0);
    }

    private static double[][] zeros() {
        double[][] z = new double[FIELDS.length][];
        for (Field f : FIELDS) {
            z[f.ordinal()] = new double[f.levelCount()];
        }
        return z;
    }

    /** Each level's share of the counts, the prior counted as {@code pairs} pairs. */
    private static double[][] withPrior(double[][] counts, double[][] prior, double pairs) {
        double[][] s = new double[counts.length][];
        for (int f = 0; f < counts.length; f++) {
            double total = pairs;
            for (double c : counts[f]) {
                total += c;
            }
            s[f] = new double[counts[f].length];
            for (int l = 0; l < counts[f].length; l++) {
                s[f][l] = (counts[f][l] + pairs * prior[f][l]) / total;
            }
        }
        return s;
    }

    private static double maxChange(double[][] a, double[][] b) {
        double max = 0;
        for (int f = 0; f < a.length; f++) {
            for (int l = 0; l < a[f].length; l++) {
                max = Math.max(max, Math.abs(a[f][l] - b[f][l]));
            }
        }
        return max;
    }
}
