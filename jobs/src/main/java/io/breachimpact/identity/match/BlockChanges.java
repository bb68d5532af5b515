package io.breachimpact.identity.match;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which records of one birth-date block a night must link again, and which it may leave as they are.
 *
 * <p>The block's records fall into components of its candidate pairs (records sharing a key of some
 * {@link BlockingRule}). A link only joins two records of one component, and whether the pass takes it
 * depends only on the groups of that component, so a component whose records are all as they were,
 * and none of whose records belonged to a person that changed, keeps its persons. The others are
 * linked again, whole: starting from the changed records (new, changed, moved to this block) and the
 * records of persons that lost a record, every component holding one, then every record of a former
 * person holding one of those, until nothing more is reached.
 *
 * <p>Whether a key pairs at all depends on the whole block (a key held by more records than the cap
 * pairs none): a block that lost a record (a key may have come back under the cap), or that now holds
 * a key over the cap (it may have just gone over), is linked again whole when anything in it changed.
 */
public final class BlockChanges {
    private BlockChanges() {
    }

    /**
     * Per record (in the block's order), whether it is linked again.
     *
     * @param members       the block's records
     * @param changed       per record: new, changed since the persons were made, or of a person that changed
     * @param formerPerson  per record: the person it belonged to (null when new)
     * @param lostRecords   whether a record the persons were made with left the block (retracted, moved)
     * @param maxKeyRecords the cap on a key's records ({@code resolve.max-block-size})
     */
    public static boolean[] relink(List<MatchRecord> members, boolean[] changed, String[] formerPerson, boolean lostRecords, int maxKeyRecords) {
        int n = members.size();
        boolean[] relink = new boolean[n];
        boolean anyChanged = lostRecords;
        for (boolean c : changed) {
            anyChanged |= c;
        }
        if (!anyChanged) {
            return relink;
        }
        int[] parent = new int[n];
        for (int i = 0; i < n; i++) {
            parent[i] = i;
        }
        boolean capped = false;
        for (BlockingRule rule : BlockingRule.values()) {
            Map<String, List<Integer>> holders = new HashMap<>();
            for (int i = 0; i < n; i++) {
                for (String key : rule.keys(members.get(i))) {
                    holders.computeIfAbsent(key, k -> new ArrayList<>(2)).add(i);
                }
            }
            for (List<Integer> records : holders.values()) {
                capped |= records.size() > maxKeyRecords;
                for (int r : records) {
                    union(parent, records.get(0), r);
                }
            }
        }
        if (capped || lostRecords) {
            java.util.Arrays.fill(relink, true);
            return relink;
        }
        Map<Integer, List<Integer>> byComponent = new HashMap<>();
        Map<String, List<Integer>> byPerson = new HashMap<>();
        for (int i = 0; i < n; i++) {
            byComponent.computeIfAbsent(find(parent, i), c -> new ArrayList<>()).add(i);
            if (formerPerson[i] != null) {
                byPerson.computeIfAbsent(formerPerson[i], p -> new ArrayList<>()).add(i);
            }
        }
        Set<String> personsReached = new HashSet<>();
        ArrayDeque<Integer> reached = new ArrayDeque<>();
        for (int i = 0; i < n; i++) {
            if (changed[i]) {
                reached.add(i);
            }
        }
        while (!reached.isEmpty()) {
            int i = reached.poll();
            if (relink[i]) {
                continue;
            }
            for (int member : byComponent.get(find(parent, i))) {
                relink[member] = true;
                String person = formerPerson[member];
                if (person != null && personsReached.add(person)) {
                    for (int other : byPerson.get(person)) {
                        if (!relink[other]) {
                            reached.add(other);
                        }
                    }
                }
            }
        }
        return relink;
    }

    private static void union(int[] parent, int a, int b) {
        int ra = find(parent, a);
        int rb = find(parent, b);
        if (ra != rb) {
            parent[Math.max(ra, rb)] = Math.min(ra, rb);
        }
    }

    private static int find(int[] parent, int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }
}
