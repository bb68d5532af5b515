package io.breachimpact.identity.match;

import java.text.Normalizer;

/**
 * Two texts written alike: the same letters and digits in the same order, whatever their case, accents,
 * spaces and punctuation ("4, Rue de l'Église" and "4 rue de l eglise"). Compared character by character
 * without building a comparison form: the block pass asks this of millions of pairs (building
 * {@code Addresses.matchKey} for each record cost it 113 s of CPU at 19M, measured). Unlike that key,
 * abbreviations are not expanded: "bd" and "boulevard" differ here.
 */
final class LooseText {
    private LooseText() {
    }

    /** Per character up to U+024F: its base letter in lower case or its digit; 0 for what is skipped. */
    private static final char[] FOLD = new char[0x250];

    static {
        for (char c = 0; c < FOLD.length; c++) {
            if (Character.isLetterOrDigit(c)) {
                String base = Normalizer.normalize(String.valueOf(c), Normalizer.Form.NFD);
                FOLD[c] = Character.toLowerCase(base.charAt(0));
            }
        }
    }

    private static char fold(char c) {
        if (c < FOLD.length) {
            return FOLD[c];
        }
        return Character.isLetterOrDigit(c) ? Character.toLowerCase(c) : 0;
    }

    /** Whether both hold a letter and the same letters and digits, folded; false when either is null. */
    static boolean alike(String a, String b) {
        if (a == null || b == null) {
            return false;
        }
        int i = 0;
        int j = 0;
        boolean letter = false;
        while (true) {
            char x = 0;
            while (i < a.length() && (x = fold(a.charAt(i))) == 0) {
                i++;
            }
            char y = 0;
            while (j < b.length() && (y = fold(b.charAt(j))) == 0) {
                j++;
            }
            if (i == a.length() || j == b.length()) {
                return i == a.length() && j == b.length() && letter;
            }
            if (x != y) {
                return false;
            }
            letter |= Character.isLetter(x);
            i++;
            j++;
        }
    }
}
