package io.breachimpact.identity;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The broadcast set of sought keys answers as a set of the strings would. */
class KeySetTest {

    @Test
    void holdsWhatItWasGivenAndNothingElse() {
        Random random = new Random(7);
        Set<String> sought = new HashSet<>();
        List<String> others = new ArrayList<>();
        for (int i = 0; i < 50_000; i++) {
            // Keys shaped like those sought in a scan: record nodes, phones, postal codes with house numbers.
            sought.add(String.format("%012d|REC%010d", 1 + random.nextInt(3), random.nextInt(19_000_000)));
            sought.add(String.format("+336%08d", random.nextInt(100_000_000)));
            sought.add(String.format("%05d|%d", random.nextInt(96_000), random.nextInt(300)));
        }
        for (int i = 0; i < 200_000; i++) {
            String other = String.format("+337%08d", random.nextInt(100_000_000));
            others.add(random.nextBoolean() ? other : String.format("%012d|REC%010d", 4, random.nextInt(19_000_000)));
        }
        KeySet set = new KeySet(sought);
        assertEquals(sought.size(), set.size());
        for (String key : sought) {
            assertTrue(set.contains(key), key);
        }
        for (String key : others) {
            assertFalse(set.contains(key), key);
        }
        assertFalse(set.contains(null));
    }

    @Test
    void countsEachKeyOnceAndAnEmptySetHoldsNothing() {
        assertEquals(2, new KeySet(List.of("75012|4", "75012|4", "")).size());
        assertTrue(new KeySet(List.of("")).contains(""));
        assertFalse(new KeySet(List.of()).contains(""));
        assertFalse(new KeySet(List.of()).contains("75012|4"));
    }

    @Test
    void spreadsKeysThatDifferInADigitOverTheWholeTable() {
        // Fingerprints of consecutive record ids land in different slots: no long runs to walk.
        Set<Integer> slots = new HashSet<>();
        for (int i = 0; i < 1024; i++) {
            slots.add((int) KeySet.fingerprint(String.format("000000000001|REC%010d", i)) & 1023);
        }
        assertTrue(slots.size() > 550, "distinct slots of 1,024 consecutive ids in 1,024: " + slots.size());
    }

    @Test
    void holdsTheFingerprintThatMarksAnEmptySlotApart() {
        KeySet set = new KeySet(new long[] {0L, 0L, 7L});
        assertEquals(2, set.size());
        assertTrue(set.containsFingerprint(0L));
        assertTrue(set.containsFingerprint(7L));
        assertFalse(set.containsFingerprint(8L));
        assertFalse(new KeySet(new long[] {7L}).containsFingerprint(0L));
    }
}
