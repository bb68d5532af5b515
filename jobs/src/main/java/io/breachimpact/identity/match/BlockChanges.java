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
 * <p>The block's records fall into components of its linkable pairs: the candidate pairs (records
 * sharing a key of some {@link BlockingRule}) the policy accepts, whatever the pass then does with
 * them. {@link BlockLinker} takes a link only between two records of one such component, and whether
 * it takes it depends only on the groups of that component (a pair the policy refuses is never
 * taken, and a conflict is checked between the two groups a link would join), so a component whose
 * records are all as they were, and none of whose records belonged to a person that changed, keeps
 * its persons. The others are linked again, whole: starting from the changed records (new, changed,
 * moved to this block) and the records of persons that lost a record, every component holding one,
 * then every record of a former person holding one of those, until nothing more is reached. (Why the
 * rest may stay: a person is joined by accepted links, so a record unchanged and unreached has its
 * former person inside its component; every link the night removed touched a changed record, and
 * one that had been taken would have put that record in its person.) Components of the linkable pairs
 * rather than of every candidate pair: on a dense block (some 500 records of a birth date at 19M)
 * a surname's sound and an initial chain most of it together.
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
     * @param members       the block's records, in node order (the order the pass links them in)
     * @param changed       per record: new, changed since the persons were made, or of a person that changed
     * @param formerPerson  per record: the person it belonged to (null when new)
     * @param lostRecords   whether a record the persons were made with left the block (retracted, moved)
     * @param linker        the pass's linker (its model, policy, cap and corrections)
     */
    public static boolean[] relink(List<MatchRecord> members, boolean[] changed, String[] formerPerson, boolean lostRecords, BlockLinker linker) {
        int n = members.size();
        boolean[] relink = new boolean[n];
        boolean anyChanged = lostRecords;
        for (boolean c : changed) {
            anyChanged |= c;
        }
        if (!anyChanged) {
            return relink;
        }
        if (lostRecords) {
            java.util.Arrays.fill(relink, true);
            return relink;
        }
        BlockLinker.Neighbourhood neighbourhood = linker.neighbourhood(members);
        if (neighbourhood.capped()) {
            java.util.Arrays.fill(relink, true);
            return relink;
        }
        Map<String, List<Integer>> byPerson = new HashMap<>();
        for (int i = 0; i < n; i++) {
            if (formerPerson[i] != null) {
                byPerson.computeIfAbsent(formerPerson[i], p -> new ArrayList<>()).add(i);
            }
        }
        // Reached: closed under the linkable pairs (so whole components) and the former persons. Only the
        // pairs of the records reached are scored: on a dense block, a few records' pairs instead of all.
        Set<String> personsReached = new HashSet<>();
        ArrayDeque<Integer> reached = new ArrayDeque<>();
        for (int i = 0; i < n; i++) {
            if (changed[i]) {
                relink[i] = true;
                reached.add(i);
            }
        }
        while (!reached.isEmpty()) {
            int i = reached.poll();
            String person = formerPerson[i];
            if (person != null && personsReached.add(person)) {
                for (int other : byPerson.get(person)) {
                    if (!relink[other]) {
                        relink[other] = true;
                        reached.add(other);
                    }
                }
            }
            neighbourhood.linkableWith(i, j -> relink[j], j -> {
                relink[j] = true;
                reached.add(j);
            });
        }
        return relink;
    }
}
