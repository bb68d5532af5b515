package io.breachimpact.ingest.normalize;

import io.breachimpact.config.ConfigReader;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/** Age bands from their lower bounds ({@code breach.age-bands = [0, 18, 25, …]}): "0-17", …, "75+". */
public final class AgeBands implements Serializable {
    private final int[] lowerBounds;
    private final String[] labels;

    public AgeBands(List<Integer> lowerBounds) {
        if (lowerBounds.isEmpty() || lowerBounds.get(0) != 0) {
            throw new IllegalArgumentException("age bands must start at 0, got " + lowerBounds);
        }
        this.lowerBounds = lowerBounds.stream().mapToInt(Integer::intValue).toArray();
        this.labels = new String[this.lowerBounds.length];
        for (int i = 0; i < this.lowerBounds.length; i++) {
            if (i > 0 && this.lowerBounds[i] <= this.lowerBounds[i - 1]) {
                throw new IllegalArgumentException("age bands must increase, got " + lowerBounds);
            }
            labels[i] = i + 1 < this.lowerBounds.length
                    ? this.lowerBounds[i] + "-" + (this.lowerBounds[i + 1] - 1)
                    : this.lowerBounds[i] + "+";
        }
    }

    public static AgeBands from(ConfigReader config) {
        List<Integer> bounds = new ArrayList<>();
        for (double d : config.numbers("breach.age-bands")) {
            bounds.add((int) d);
        }
        try {
            return new AgeBands(bounds);
        } catch (IllegalArgumentException e) {
            throw config.invalid("breach.age-bands", e.getMessage());
        }
    }

    public String label(int age) {
        String label = labels[0];
        for (int i = 0; i < lowerBounds.length && age >= lowerBounds[i]; i++) {
            label = labels[i];
        }
        return label;
    }

    public List<String> labels() {
        return List.of(labels);
    }
}
