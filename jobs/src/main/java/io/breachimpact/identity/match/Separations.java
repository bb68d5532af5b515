package io.breachimpact.identity.match;

import java.io.Serializable;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Pairs of records a person has said are not the same human (an appeal, recorded with
 * {@code breach-impact correct --not-same}): never in one person, whatever their comparison says. By
 * node; few, and shipped to every task that links.
 */
public final class Separations implements Serializable {
    private static final Separations NONE = new Separations(Map.of());

    private final Map<String, Set<String>> apart;

    private Separations(Map<String, Set<String>> apart) {
        this.apart = apart;
    }

    public static Separations none() {
        return NONE;
    }

    /** @param pairs node pairs, each {@code {a, b}} */
    public static Separations of(Iterable<String[]> pairs) {
        Map<String, Set<String>> apart = new HashMap<>();
        for (String[] p : pairs) {
            if (!p[0].equals(p[1])) {
                apart.computeIfAbsent(p[0], k -> new HashSet<>()).add(p[1]);
                apart.computeIfAbsent(p[1], k -> new HashSet<>()).add(p[0]);
            }
        }
        return new Separations(apart);
    }

    public boolean apart(String a, String b) {
        Set<String> others = apart.get(a);
        return others != null && others.contains(b);
    }

    /** Whether the record is in any pair: most are not, and their groups need no check. */
    public boolean involves(String node) {
        return apart.containsKey(node);
    }

    /** How many pairs. */
    public int size() {
        return apart.values().stream().mapToInt(Set::size).sum() / 2;
    }
}
