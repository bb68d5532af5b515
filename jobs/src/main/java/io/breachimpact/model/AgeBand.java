package io.breachimpact.model;

/**
 * The reporting age bands (as in the population reference table). Minors are a band of their own
 * because they are notified through a guardian.
 */
public enum AgeBand {
    AGE_0_17("0-17", 0, 17),
    AGE_18_24("18-24", 18, 24),
    AGE_25_34("25-34", 25, 34),
    AGE_35_49("35-49", 35, 49),
    AGE_50_64("50-64", 50, 64),
    AGE_65_74("65-74", 65, 74),
    AGE_75_PLUS("75+", 75, Integer.MAX_VALUE);

    private final String label;
    private final int from;
    private final int to;

    AgeBand(String label, int from, int to) {
        this.label = label;
        this.from = from;
        this.to = to;
    }

    public String label() {
        return label;
    }

    public static AgeBand of(int age) {
        if (age < 0) {
            throw new IllegalArgumentException("negative age " + age);
        }
        for (AgeBand band : values()) {
            if (age >= band.from && age <= band.to) {
                return band;
            }
        }
        throw new AssertionError(age);
    }
}
