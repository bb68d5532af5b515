package io.breachimpact.identity.match;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BlockLinkerTest {
    private static final String BORN = "2012-05-04";

    private static MatchModel model() {
        // The priors' m and u, and a prior of one match in a million pairs.
        return new MatchModel(Priors.M, Priors.U, -20, Map.of("martin", 0.01), 1e-5);
    }

    private static BlockLinker linker(int cap) {
        return new BlockLinker(model(), LinkPolicy.atProbability(0.99), cap, Separations.none());
    }

    private static MatchRecord r(String node, String surname, String given, String email, String phone) {
        return new MatchRecord(node, surname, given, LocalDate.parse(BORN), "29200", "29", "4 rue de siam", "Brest", email, phone, null, null);
    }

    @Test
    void twinsSharingEverythingButTheirGivenNamesNeverMerge() {
        List<MatchRecord> block = List.of(r("1", "kerjean", "louis", "fam@x.fr", "+33600000001"),
                r("2", "kerjean", "louise", "fam@x.fr", "+33600000001"),
                r("3", "kerjean", "paul", "fam@x.fr", "+33600000001"));
        BlockLinker.Result result = linker(200).link(block);
        assertEquals(3, distinct(result.group()));
        assertTrue(result.links().isEmpty());
    }

    @Test
    void oneHumansRecordsJoinThroughTyposInitialsAndAMarriedName() {
        List<MatchRecord> block = List.of(r("1", "kerjean", "anne marie", "anne@x.fr", "+33600000002"),
                r("2", "kerjaen", "anne marie", "anne@x.fr", null),
                r("3", "kerjean", "a. m.", null, "+33600000002"),
                r("4", "le goff epouse kerjean", "anne marie", "anne@x.fr", "+33600000002"),
                r("5", "kerjean", "marie anne", "other@x.fr", null));
        BlockLinker.Result result = linker(200).link(block);
        assertEquals(1, distinct(result.group()));
        assertEquals(4, result.links().size(), "a tree: one link fewer than records");
        for (BlockLinker.Link link : result.links()) {
            assertTrue(link.weight() >= MatchModel.weightAt(0.99));
        }
    }

    @Test
    void recordsACorrectionSaysAreNotOneHumanStayApartAndTheOthersStillJoin() {
        List<MatchRecord> block = List.of(r("1", "kerjean", "anne", "anne@x.fr", "+33600000005"),
                r("2", "kerjean", "anne", "anne@x.fr", "+33600000005"),
                r("3", "kerjean", "anne", "anne@x.fr", null));
        assertEquals(1, distinct(linker(200).link(block).group()), "without the correction: one human");
        BlockLinker corrected = new BlockLinker(model(), LinkPolicy.atProbability(0.99), 200, Separations.of(List.<String[]>of(new String[] {"1", "2"})));
        BlockLinker.Result result = corrected.link(block);
        assertNotEquals(result.group()[0], result.group()[1]);
        assertEquals(2, distinct(result.group()), "3 joins one of them, not both");
        assertEquals(1, result.links().size());
    }

    @Test
    void aChainThroughARecordWithoutGivenNamesIsCutAtItsWeakestLink() {
        // 2 has no given names: it may be 1 or 3, who cannot be one human (different given names).
        List<MatchRecord> block = List.of(r("1", "kerjean", "marc", "fam@x.fr", "+33600000003"),
                r("2", "kerjean", null, "fam@x.fr", "+33600000003"),
                r("3", "kerjean", "yann", "fam@x.fr", null));
        BlockLinker.Result result = linker(200).link(block);
        assertEquals(2, distinct(result.group()));
        assertNotEquals(result.group()[0], result.group()[2]);
        assertEquals(result.group()[0], result.group()[1], "2 joins the one it agrees with most");
    }

    @Test
    void aKeyHeldByMoreRecordsThanTheCapPairsNobodyAndIsCounted() {
        List<MatchRecord> block = List.of(r("1", "kerjean", "anne", null, null), r("2", "kerjean", "anne", null, null),
                r("3", "kerjean", "anne", null, null));
        BlockLinker.Result result = linker(2).link(block);
        assertEquals(3, distinct(result.group()));
        assertTrue(result.stats().cappedKeys() >= 1);
        assertEquals(0, result.stats().totalPairs());
    }

    @Test
    void eachPairIsCountedOnceUnderTheFirstRuleThatFindsIt() {
        List<MatchRecord> block = List.of(r("1", "kerjean", "anne", "a@x.fr", null), r("2", "kerjaen", "anne", "a@x.fr", null),
                r("3", "morvan", "yann", null, "+33600000004"), r("4", "le floch", "gwen", null, "+33600000004"));
        BlockingStats stats = new BlockingStats();
        List<int[]> pairs = BlockLinker.candidates(block, 200, stats);
        assertEquals(2, pairs.size());
        assertEquals(1, stats.pairs(BlockingRule.SURNAME_SOUND_AND_INITIAL));
        assertEquals(1, stats.pairs(BlockingRule.PHONE));
        assertEquals(1, stats.onlyThisRule(BlockingRule.PHONE));
        assertEquals(0, stats.onlyThisRule(BlockingRule.SURNAME_SOUND_AND_INITIAL), "the given name and the email find it too");
    }

    private static long distinct(int[] groups) {
        return java.util.Arrays.stream(groups).distinct().count();
    }
}
