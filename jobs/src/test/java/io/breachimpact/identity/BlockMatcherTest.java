package io.breachimpact.identity;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One block (same birth date and given names), its groups written out by hand. */
class BlockMatcherTest {
    private static BlockMatcher.Member m(String node, String surname, String email, String phone, String account) {
        return new BlockMatcher.Member(node, surname, email, phone, account, "69001");
    }

    private static BlockMatcher.Member m(String node, String surname, String postalCode) {
        return new BlockMatcher.Member(node, surname, null, null, null, postalCode);
    }

    @Test
    void exactKeysTyposAndStrangers() {
        List<BlockMatcher.Member> block = List.of(
                m("n1", "dupont", "a@x.fr", null, "ACC1"),
                m("n2", "duppont", null, null, null),            // a doubled letter: 1 edit from dupont
                m("n3", "dupnot", null, null, null),             // two letters swapped: 2 edits
                m("n4", "martin", "a@x.fr", null, null),         // another surname, same email: the same human (a married name)
                m("n5", "bernard", null, "+33600000000", null),  // a stranger born the same day with the same given names
                m("n6", "bernardi", null, null, "ACC7"),         // 1 edit from bernard
                m("n7", "lefebvre", null, null, null),           // alone
                m("n8", "dupont", "13001"),                     // same name and birth date elsewhere, nothing shared: a stranger
                m("n9", "duppont", "13001"));                   // …and a typo of that stranger, in the same town
        BlockMatcher.Result r = new BlockMatcher(200, 2).match(block);
        assertEquals(Map.of("n1", "n1", "n2", "n1", "n3", "n1", "n4", "n1", "n5", "n5", "n6", "n5", "n7", "n7", "n8", "n8", "n9", "n8"),
                r.roots());
        assertFalse(r.capped());
    }

    @Test
    void distanceThreeIsTooFar() {
        BlockMatcher.Result r = new BlockMatcher(200, 2).match(List.of(m("n1", "dupont", null, null, null), m("n2", "dupuis", null, null, null)));
        assertEquals(Map.of("n1", "n1", "n2", "n2"), r.roots());
    }

    @Test
    void aBlockWithTooManySurnamesIsNotComparedButExactKeysStillJoin() {
        List<BlockMatcher.Member> block = List.of(m("n1", "aa", "e@x.fr", null, null), m("n2", "ab", null, null, null),
                m("n3", "ac", "e@x.fr", null, null));
        BlockMatcher.Result r = new BlockMatcher(2, 2).match(block);
        assertTrue(r.capped());
        assertEquals(3, r.distinctSurnames());
        assertEquals(Map.of("n1", "n1", "n2", "n2", "n3", "n1"), r.roots());
    }
}
