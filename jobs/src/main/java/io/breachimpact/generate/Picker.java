package io.breachimpact.generate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

/** Draws values in proportion to their weights (cumulative table, binary search). */
final class Picker<T> {
    private final List<T> values;
    private final double[] cumulative;

    private Picker(List<T> values, double[] cumulative) {
        this.values = values;
        this.cumulative = cumulative;
    }

    static <T> Picker<T> of(List<T> values, ToDoubleFunction<T> weight) {
        List<T> kept = new ArrayList<>();
        double[] cumulative = new double[values.size()];
        double total = 0;
        for (T value : values) {
            double w = weight.applyAsDouble(value);
            if (w < 0 || Double.isNaN(w)) {
                throw new IllegalArgumentException("negative weight for " + value);
            }
            if (w > 0) {
                total += w;
                cumulative[kept.size()] = total;
                kept.add(value);
            }
        }
        if (kept.isEmpty()) {
            throw new IllegalArgumentException("nothing to pick from: " + values);
        }
        return new Picker<>(List.copyOf(kept), Arrays.copyOf(cumulative, kept.size()));
    }

    T pick(SplittableRandom random) {
        double x = random.nextDouble() * cumulative[cumulative.length - 1];
        int i = Arrays.binarySearch(cumulative, x);
        i = i >= 0 ? i + 1 : -i - 1;
        return values.get(Math.min(i, values.size() - 1));
    }

    /** The same draws, mapped: the weights stay with the values. */
    <R> Picker<R> map(java.util.function.Function<T, R> f) {
        List<R> mapped = new ArrayList<>(values.size());
        for (T v : values) {
            mapped.add(f.apply(v));
        }
        return new Picker<>(mapped, cumulative);
    }

    List<T> values() {
        return values;
    }
}
