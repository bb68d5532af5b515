package io.breachimpact.ingest;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Fits a line's fields to the header's column count when it can be done without guessing: extra
 * fields at the end that hold nothing are dropped; a line that stops early keeps its whole fields
 * (its last one may be cut, so it is dropped too) and the missing columns are empty.
 */
public final class LineShape {
    private LineShape() {
    }

    /** What exports write for "no value". */
    private static final Set<String> NULL_MARKERS = Set.of("n/a", "na", "null", "\\n", "-", "none", "nil", "nc", "n.c.", "inconnu",
            "inconnue", "unknown", "?", "x", "xx", "xxx", "sans", "neant", "néant");

    /** @param repair null when the fields already fit */
    record Fitted(List<String> values, LineRepair repair) {
    }

    /** @return the fitted values, or null when the line cannot be fitted (extra fields that hold values) */
    static Fitted fit(List<String> values, int columns) {
        if (values.size() == columns) {
            return new Fitted(values, null);
        }
        if (values.size() > columns) {
            for (int i = columns; i < values.size(); i++) {
                if (!empty(values.get(i))) {
                    return null; // a shifted or added column: which value belongs where cannot be known
                }
            }
            return new Fitted(List.copyOf(values.subList(0, columns)), LineRepair.EXTRA_EMPTY_FIELDS);
        }
        if (values.size() < 2) {
            return null; // not even a whole first field
        }
        List<String> kept = new ArrayList<>(values.subList(0, values.size() - 1));
        kept.addAll(Collections.nCopies(columns - kept.size(), null));
        return new Fitted(Collections.unmodifiableList(kept), LineRepair.TRUNCATED_LINE);
    }

    /** Whether a value holds nothing: blank, or a marker exports write for "no value". */
    public static boolean empty(String value) {
        String v = value.strip();
        return v.isEmpty() || NULL_MARKERS.contains(v.toLowerCase(Locale.ROOT));
    }
}
