package io.breachimpact.identity.match;

import java.util.List;

/**
 * What two records are compared on, and the levels of agreement of each comparison, strongest first.
 * A level is an index into {@link #levels()}; {@link #MISSING} when either record lacks the value (it
 * then weighs nothing either way).
 */
public enum Field {
    SURNAME("exact", "close", "shares a name", "different"),
    GIVEN_NAMES("exact", "one holds the other", "initials", "close", "different"),
    BIRTH_DATE("exact", "one digit off", "day and month swapped", "same year", "different"),
    ADDRESS("same address", "same street and city", "same postal code", "same departement", "different"),
    EMAIL("same", "different"),
    PHONE("same", "different"),
    ACCOUNT("same", "different"),
    DOCUMENT("same", "different");

    public static final int MISSING = -1;
    /** Bits of one field's level in a packed comparison ({@link Comparison}). */
    public static final int BITS = 3;

    private final List<String> levels;

    Field(String... levels) {
        this.levels = List.of(levels);
    }

    public List<String> levels() {
        return levels;
    }

    public int levelCount() {
        return levels.size();
    }

    /** The level that says "these differ": the last. */
    public int different() {
        return levels.size() - 1;
    }

    public String describe(int level) {
        return level == MISSING ? "missing" : levels.get(level);
    }
}
