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
                BlockChanges.relink(BLOCK, new boolean[] {false, true, false, false, false}, former, false, 200));
        // Record 5 was once Paul's: Paul's records come too, through their person, though they share no key with it.
        assertArrayEquals(new boolean[] {false, false, true, true, true},
                BlockChanges.relink(BLOCK, new boolean[] {false, false, false, false, true}, new String[] {"A", "A", "P", "P", "P"}, false, 200));
        assertArrayEquals(new boolean[5], BlockChanges.relink(BLOCK, new boolean[5], former, false, 200), "nothing changed, nothing linked");
    }

    @Test
    void aBlockThatLostARecordOrHoldsAKeyOverTheCapIsLinkedAgainWhole() {
        String[] former = {"A", "A", "P", "P", "L"};
        boolean[] all = {true, true, true, true, true};
        assertArrayEquals(all, BlockChanges.relink(BLOCK, new boolean[5], former, true, 200), "a key may be back under the cap");
        // Anne's two records share their keys: a cap of one record per key puts them over it.
        assertArrayEquals(all, BlockChanges.relink(BLOCK, new boolean[] {false, false, false, false, true}, former, false, 1));
        assertArrayEquals(new boolean[5], BlockChanges.relink(BLOCK, new boolean[5], former, false, 1), "over the cap, but nothing changed");
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
        BlockLinker linker = new BlockLinker(new MatchModel(Priors.M, Priors.U, -20, Map.of(), 1e-5), LinkPolicy.atProbability(0.99), 4,
                Separations.none());
        int relinkedInPart = 0;
        for (int round = 0; round < 300; round++) {
            List<MatchRecord> before = new ArrayList<>();
            int n = 2 + random.nextInt(12);
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
            boolean[] relink = BlockChanges.relink(after, changed, former.toArray(new String[0]), lost, 4);
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
            int[] whole = linker.link(after).group();
            for (int a = 0; a < after.size(); a++) {
                for (int b = 0; b < after.size(); b++) {
                    assertEquals(whole[a] == whole[b], incremental[a].equals(incremental[b]), "round " + round + ", records " + a + " and " + b);
                }
            }
        }
        assertTrue(relinkedInPart > 30, "only part of a block linked again in " + relinkedInPart + " rounds");
    }

    private static MatchRecord record(Random random, String node, String[] surnames, String[] given) {
        return r(node, surnames[random.nextInt(surnames.length)], given[random.nextInt(given.length)], random.nextBoolean() ? "29200" : "29000",
                random.nextInt(3) == 0 ? "shared@x.fr" : null);
    }
}
