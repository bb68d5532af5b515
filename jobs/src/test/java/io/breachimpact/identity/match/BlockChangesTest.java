package io.breachimpact.identity.match;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BlockChangesTest {
    private static MatchRecord r(String node, String surname, String given, String postalCode, String email) {
        return new MatchRecord(node, surname, given, LocalDate.parse("1980-02-03"), postalCode, postalCode.substring(0, 2), null, null, email,
                null, null, null);
    }

    /** Three humans of one birth date, apart. */
    private static final List<MatchRecord> BLOCK = List.of(
            r("1", "kerjean", "anne", "29200", "anne@x.fr"),
            r("2", "kerjean", "anne", "29200", null),
            r("3", "durand", "paul", "75011", "paul@y.fr"),
            r("4", "durand", "paul", "75011", null),
            r("5", "martin", "lea", "13001", null));

    @Test
    void aChangedRecordBringsItsComponentAndItsFormerPersonsRecordsBack() {
        String[] former = {"A", "A", "P", "P", "L"};
        assertArrayEquals(new boolean[] {true, true, false, false, false},
                BlockChanges.relink(BLOCK, new boolean[] {false, true, false, false, false}, former, false, linker(200)));
        // Record 5 was once Paul's: Paul's records come too, through their person, though they share no key with it.
        assertArrayEquals(new boolean[] {false, false, true, true, true},
                BlockChanges.relink(BLOCK, new boolean[] {false, false, false, false, true}, new String[] {"A", "A", "P", "P", "P"}, false, linker(200)));
        assertArrayEquals(new boolean[5], BlockChanges.relink(BLOCK, new boolean[5], former, false, linker(200)), "nothing changed, nothing linked");
    }

    /** The model the tests link by: the priors, a probability of 0.99, a key over {@code cap} records pairs none. */
    private static BlockLinker linker(int cap) {
        return new BlockLinker(new MatchModel(Priors.M, Priors.U, -20, Map.of(), 1e-5), LinkPolicy.atProbability(0.99), cap, Separations.none());
    }

    /**
     * Anne and Alice Kerjean share a key (the surname's sound and an initial, the postal code and an
     * initial) but differ in given names, which the policy never links: Alice corrected does not bring
     * Anne's person back, though a pass over the block compares them.
     */
    @Test
    void aCandidatePairThePolicyRefusesLeavesTheOtherPersonAlone() {
        List<MatchRecord> block = List.of(
                r("1", "kerjean", "anne", "29200", null),
                r("2", "kerjean", "anne", "29200", "anne@x.fr"),
                r("3", "kerjean", "alice", "29200", null));
        assertEquals(List.of(List.of(0, 1), List.of(2)), groups(linker(200).link(block).group()), "Anne twice, Alice apart");
        assertArrayEquals(new boolean[] {false, false, true},
                BlockChanges.relink(block, new boolean[] {false, false, true}, new String[] {"A", "A", "L"}, false, linker(200)));
        assertArrayEquals(new boolean[] {true, true, false},
                BlockChanges.relink(block, new boolean[] {true, false, false}, new String[] {"A", "A", "L"}, false, linker(200)));
    }

    /** Members by group, in order. */
    private static List<List<Integer>> groups(int[] group) {
        Map<Integer, List<Integer>> by = new java.util.TreeMap<>();
        for (int i = 0; i < group.length; i++) {
            by.computeIfAbsent(group[i], g -> new ArrayList<>()).add(i);
        }
        return new ArrayList<>(by.values());
    }

    @Test
    void aBlockThatLostARecordOrHoldsAKeyOverTheCapIsLinkedAgainWhole() {
        String[] former = {"A", "A", "P", "P", "L"};
        boolean[] all = {true, true, true, true, true};
        assertArrayEquals(all, BlockChanges.relink(BLOCK, new boolean[5], former, true, linker(200)), "a key may be back under the cap");
        // Anne's two records share their keys: a cap of one record per key puts them over it.
        assertArrayEquals(all, BlockChanges.relink(BLOCK, new boolean[] {false, false, false, false, true}, former, false, linker(1)));
        assertArrayEquals(new boolean[5], BlockChanges.relink(BLOCK, new boolean[5], former, false, linker(1)), "over the cap, but nothing changed");
    }

    /**
     * A block linked, then changed as a night changes it (records added, changed, taken away): the
     * records kept with their former persons and the others linked again give the groups the pass over
     * the whole changed block gives.
     */
    @Test
    void keptPersonsAndTheRecordsLinkedAgainGiveTheWholeBlocksGroups() {
        Random random = new Random(7);
        String[] surnames = {"kerjean", "kerjaen", "le goff", "durand", "durant"};
        String[] given = {"anne", "anne marie", "a.", "paul", "louis"};
        BlockLinker linker = linker(4);
        int relinkedInPart = 0;
        for (int round = 0; round < 1000; round++) {
            List<MatchRecord> before = new ArrayList<>();
            int n = 2 + random.nextInt(20);
            for (int i = 0; i < n; i++) {
                before.add(record(random, String.format("0%02d", i), surnames, given));
            }
            int[] formerGroups = linker.link(before).group();
            // The night: some records changed, one taken away now and then, some added (later nodes).
            List<MatchRecord> after = new ArrayList<>();
            List<String> former = new ArrayList<>();
            Set<String> changedPersons = new HashSet<>();
            List<Boolean> changedRecords = new ArrayList<>();
            boolean lost = false;
            for (int i = 0; i < n; i++) {
                int fate = random.nextInt(10);
                if (fate == 0) {
                    lost = true;
                    changedPersons.add("p" + formerGroups[i]);
                    continue;
                }
                after.add(fate == 1 ? record(random, before.get(i).node(), surnames, given) : before.get(i));
                former.add("p" + formerGroups[i]);
                changedRecords.add(fate == 1);
                if (fate == 1) {
                    changedPersons.add("p" + formerGroups[i]);
                }
            }
            for (int added = random.nextInt(3); added > 0; added--) {
                after.add(record(random, "1" + after.size() + added, surnames, given));
                former.add(null);
                changedRecords.add(true);
            }
            if (after.isEmpty()) {
                continue;
            }
            boolean[] changed = new boolean[after.size()];
            for (int i = 0; i < after.size(); i++) {
                changed[i] = changedRecords.get(i) || changedPersons.contains(former.get(i));
            }
            boolean[] relink = BlockChanges.relink(after, changed, former.toArray(new String[0]), lost, linker);
            assertArrayEquals(closureOfEveryLinkablePair(after, changed, former.toArray(new String[0]), lost, linker), relink,
                    "round " + round + ": the pairs scored on demand reach what every pair scored reaches");
            List<MatchRecord> part = new ArrayList<>();
            List<Integer> partIndex = new ArrayList<>();
            for (int i = 0; i < after.size(); i++) {
                if (relink[i]) {
                    part.add(after.get(i));
                    partIndex.add(i);
                }
            }
            relinkedInPart += part.size() < after.size() && !part.isEmpty() ? 1 : 0;
            String[] incremental = new String[after.size()];
            for (int i = 0; i < after.size(); i++) {
                incremental[i] = "kept " + former.get(i);
            }
            int[] partGroups = linker.link(part).group();
            for (int k = 0; k < part.size(); k++) {
                incremental[partIndex.get(k)] = "new " + partGroups[k];
            }
            BlockLinker.Result wholePass = linker.link(after);
            int[] whole = wholePass.group();
            for (int a = 0; a < after.size(); a++) {
                for (int b = 0; b < after.size(); b++) {
                    assertEquals(whole[a] == whole[b], incremental[a].equals(incremental[b]), "round " + round + ", records " + a + " and " + b);
                }
            }
            // The links too: those of the kept persons as the night before made them, the others' as the part's pass made them.
            Set<String> keptNodes = new HashSet<>();
            for (int i = 0; i < after.size(); i++) {
                if (!relink[i]) {
                    keptNodes.add(after.get(i).node());
                }
            }
            Set<String> expected = new HashSet<>(links(linker.link(part), part));
            for (String link : links(linker.link(before), before)) {
                String[] ends = link.split("-");
                if (keptNodes.contains(ends[0]) && keptNodes.contains(ends[1])) {
                    expected.add(link);
                }
            }
            assertEquals(expected, new HashSet<>(links(wholePass, after)), "round " + round);
        }
        assertTrue(relinkedInPart > 30, "only part of a block linked again in " + relinkedInPart + " rounds");
    }

    /**
     * What to link again from every linkable pair of the block scored at once ({@link BlockLinker#linkable}):
     * the changed records' components, their former persons' records, and so on until nothing more is reached.
     */
    private static boolean[] closureOfEveryLinkablePair(List<MatchRecord> members, boolean[] changed, String[] former, boolean lost,
                                                        BlockLinker linker) {
        int n = members.size();
        boolean any = lost;
        for (boolean c : changed) {
            any |= c;
        }
        BlockLinker.Linkable linkable = linker.linkable(members);
        boolean[] relink = new boolean[n];
        if (any && (lost || linkable.capped())) {
            java.util.Arrays.fill(relink, true);
            return relink;
        }
        for (int i = 0; i < n; i++) {
            relink[i] = changed[i];
        }
        for (boolean grew = true; grew; ) {
            grew = false;
            for (BlockLinker.Link link : linkable.links()) {
                if (relink[link.a()] != relink[link.b()]) {
                    relink[link.a()] = relink[link.b()] = grew = true;
                }
            }
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    if (relink[i] && !relink[j] && former[i] != null && former[i].equals(former[j])) {
                        relink[j] = grew = true;
                    }
                }
            }
        }
        return relink;
    }

    /** A pass's links by their records' nodes. */
    private static List<String> links(BlockLinker.Result pass, List<MatchRecord> members) {
        List<String> links = new ArrayList<>();
        for (BlockLinker.Link link : pass.links()) {
            links.add(members.get(link.a()).node() + "-" + members.get(link.b()).node());
        }
        return links;
    }

    private static MatchRecord record(Random random, String node, String[] surnames, String[] given) {
        return r(node, surnames[random.nextInt(surnames.length)], given[random.nextInt(given.length)], random.nextBoolean() ? "29200" : "29000",
                random.nextInt(3) == 0 ? "shared@x.fr" : null);
    }
}
