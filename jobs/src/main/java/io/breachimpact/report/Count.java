package io.breachimpact.report;

import io.breachimpact.exposure.Suppression;

import java.util.ArrayList;
import java.util.List;

/**
 * A count as the report publishes it: the value, or nothing when it is suppressed (a small cell, or
 * the complement that keeps a small cell from being recovered by subtraction).
 *
 * @param value      the count; null when suppressed
 * @param suppressed true when the value is withheld
 */
public record Count(Long value, boolean suppressed) {
    public static Count of(long value) {
        return new Count(value, false);
    }

    public static Count hidden() {
        return new Count(null, true);
    }

    /** A published row's count: hidden when the row says so. */
    public static Count published(Number value, boolean suppressed) {
        return suppressed || value == null ? hidden() : of(value.longValue());
    }

    /** The value, or zero when hidden: for drawing, never for printing. */
    public long orZero() {
        return value == null ? 0 : value;
    }

    /**
     * Parts of one published total (outcomes of all persons, sends of one channel by day): each part
     * under k is hidden, and a lone hidden part takes the smallest other non-zero part with it.
     */
    public static List<Count> parts(List<Long> parts, int k) {
        long[] values = parts.stream().mapToLong(Long::longValue).toArray();
        boolean[] hidden = Suppression.parts(values, k);
        List<Count> counts = new ArrayList<>(values.length);
        for (int i = 0; i < values.length; i++) {
            counts.add(hidden[i] ? hidden() : of(values[i]));
        }
        return counts;
    }

    /** A count that is not part of a published total: hidden when under k (zero is shown). */
    public static Count alone(long value, int k) {
        return value > 0 && value < k ? hidden() : of(value);
    }
}
