package io.breachimpact.config;

import java.util.Collection;

/** Small helpers for HOCON path expressions and for "did you mean" hints. */
final class ConfigKeys {
    private ConfigKeys() {
    }

    /** Quotes a single path segment when it holds characters HOCON would split on. */
    static String quote(String segment) {
        return segment.matches("[A-Za-z0-9_-]+") ? segment : "\"" + segment.replace("\"", "\\\"") + "\"";
    }

    static String unquote(String segment) {
        if (segment.length() >= 2 && segment.startsWith("\"") && segment.endsWith("\"")) {
            return segment.substring(1, segment.length() - 1).replace("\\\"", "\"");
        }
        return segment;
    }

    /** Index of the dot that ends the first segment of a path expression, or -1. */
    static int firstSegmentEnd(String path) {
        boolean quoted = false;
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == '.' && !quoted) {
                return i;
            }
        }
        return -1;
    }

    /** " (did you mean 'x'?)" for the closest known key within a small edit distance, else "". */
    static String suggestion(String key, Collection<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : known) {
            int d = editDistance(key, candidate);
            if (d < bestDistance) {
                bestDistance = d;
                best = candidate;
            }
        }
        return best != null && bestDistance <= Math.max(2, key.length() / 4) ? " (did you mean '" + best + "'?)" : "";
    }

    static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
