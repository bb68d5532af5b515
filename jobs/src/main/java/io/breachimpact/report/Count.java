package io.breachimpact.report;

import io.breachimpact.exposure.Suppression;

import java.util.ArrayList;
import java.util.List;

/**
 * A count as the report publishes it: the value, or nothing when it is withheld — because it is a
 * small cell ({@code PRIMARY}: shown as "&lt; k") or because it would let a small cell be recovered by
 * subtraction ({@code COMPLEMENTARY}: shown as withheld, whatever its size).
 *
 * @param value       the count; null when withheld
 * @param suppressed  true when the value is withheld
 * @param suppression why: {@code PRIMARY} or {@code COMPLEMENTARY}; null when shown
 */
public record Count(Long value, boolean suppressed, String suppression) {
    public static final String PRIMARY = "PRIMARY";
    public static final String COMPLEMENTARY = "COMPLEMENTARY";

    public static Count of(long value) {
        return new Count(value, false, null);
    }

    /** A small cell. */
    public static Count small() {
        return new Count(null, true, PRIMARY);
    }

    /** A value withheld to protect a small one. */
    public static Count complement() {
        return new Count(null, true, COMPLEMENTARY);
    }

    /** A published row's count: withheld when the row says so, for the reason it gives. */
    public static Count published(Number value, boolean suppressed, String suppression) {
        if (!suppressed && value != null) {
            return of(value.longValue());
        }
        return COMPLEMENTARY.equals(suppression) ? complement() : small();
    }

    /** The value, or zero when withheld: for drawing, never for printing. */
    public long orZero() {
        return value == null ? 0 : value;
    }

    /** This count, or withheld as a complement when a linked figure had to be withheld. */
    public Count withheldIf(boolean linkedWithheld) {
        return linkedWithheld && !suppressed ? complement() : this;
    }

    /**
     * Parts of one published total (outcomes of all persons, sends of one channel by day): each part
     * under k is withheld, and a lone withheld part takes the smallest other non-zero part with it.
     */
    public static List<Count> parts(List<Long> parts, int k) {
        long[] values = parts.stream().mapToLong(Long::longValue).toArray();
        boolean[] hidden = Suppression.parts(values, k);
        List<Count> counts = new ArrayList<>(values.length);
        for (int i = 0; i < values.length; i++) {
            counts.add(!hidden[i] ? of(values[i]) : values[i] < k ? small() : complement());
        }
        return counts;
    }

    /** A count that is not part of a published total: withheld when under k (zero is shown). */
    public static Count alone(long value, int k) {
        return value > 0 && value < k ? small() : of(value);
    }

    public static boolean anyWithheld(java.util.Collection<Count> counts) {
        return counts.stream().anyMatch(Count::suppressed);
    }
}
