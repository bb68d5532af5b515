package io.breachimpact.identity.match;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * French names in their comparison form (lower case, no accents, words separated by one space; see
 * {@code Names.comparison}), read the way a clerk reads them: particles belong to the name that follows
 * ("Le Gall" and "Legall" are one name), "épouse" and "née" join a married name to a birth name, initials
 * stand for given names, and a feminine given name is not a typo of its masculine ("Louise", "Louis").
 */
public final class FrenchNames {
    private FrenchNames() {
    }

    private static final Set<String> PARTICLES = Set.of("de", "du", "des", "d", "le", "la", "les", "l", "van", "von", "der", "den",
            "da", "di", "del", "della", "dos", "das", "mac", "mc");
    /** Words that join a married name (nom d'usage) and a birth name. */
    private static final Set<String> CONNECTORS = Set.of("epouse", "ep", "epse", "nee", "veuve", "vve", "divorcee", "dit", "dite");
    /** What a feminine given name adds to its masculine: Jean·ne, Louis·e, Daniel·le, Henri·ette. */
    private static final List<String> FEMININE_ENDINGS = List.of("e", "ne", "le", "te", "tte", "ette", "ine");

    /** The words of a comparison form, dots of initials removed ("j. p." → [j, p]). */
    public static List<String> words(String key) {
        List<String> words = new ArrayList<>(3);
        if (key == null) {
            return words;
        }
        // By hand, not split and replace: the block pass asks this of every record it compares.
        StringBuilder word = new StringBuilder();
        for (int i = 0; i <= key.length(); i++) {
            char c = i < key.length() ? key.charAt(i) : ' ';
            if (c == ' ') {
                if (word.length() > 0) {
                    words.add(word.toString());
                    word.setLength(0);
                }
            } else if (c != '.') {
                word.append(c);
            }
        }
        return words;
    }

    /**
     * The names a surname holds, particles glued to the name they precede and connectors left out:
     * "durand epouse martin" → [durand, martin]; "le gall" → [legall]; "de la tour" → [delatour].
     */
    public static List<String> surnames(String key) {
        List<String> names = new ArrayList<>(2);
        StringBuilder pending = new StringBuilder();
        for (String w : words(key)) {
            if (CONNECTORS.contains(w)) {
                continue;
            }
            pending.append(w);
            if (!PARTICLES.contains(w)) {
                names.add(pending.toString());
                pending.setLength(0);
            }
        }
        if (pending.length() > 0) {
            names.add(pending.toString()); // a particle alone ("Le"): the name itself
        }
        return names;
    }

    /** The surname's names glued together and sorted: one form for "Le Gall"/"Legall" and "Martin-Durand"/"Durand Martin". */
    public static String form(String key) {
        List<String> names = surnames(key);
        if (names.isEmpty()) {
            return null;
        }
        names.sort(null);
        return String.join("", names);
    }

    private static boolean vowel(char c) {
        return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';
    }

    /** A one-letter word: an initial. */
    public static boolean initial(String word) {
        return word.length() == 1;
    }

    /**
     * Whether one given name is the feminine of the other (Jean/Jeanne, Louis/Louise, Frédéric/Frédérique,
     * Léo/Léa: names that differ only in their last vowel).
     */
    public static boolean feminineOf(String a, String b) {
        if (a.length() == b.length() && a.length() >= 2 && a.regionMatches(0, b, 0, a.length() - 1)
                && vowel(a.charAt(a.length() - 1)) && vowel(b.charAt(b.length() - 1))) {
            return true;
        }
        String shorter = a.length() <= b.length() ? a : b;
        String longer = a.length() <= b.length() ? b : a;
        if (shorter.length() >= 3 && longer.startsWith(shorter)) {
            return FEMININE_ENDINGS.contains(longer.substring(shorter.length()));
        }
        return shorter.length() >= 4 && shorter.endsWith("c") && longer.equals(shorter.substring(0, shorter.length() - 1) + "que");
    }

    /**
     * A name's sound, for blocking: its first letter, then its consonants by class (b/p, c/k/q/g, d/t,
     * f/v, s/z/x/j, l, m/n, r), repeats collapsed, a silent final d, t, s, x or z dropped; at most four
     * characters. "Durand" and "Durant" sound alike; so do "Mathieu" and "Matthieu".
     */
    public static String sound(String name) {
        if (name == null || name.isEmpty()) {
            return null;
        }
        String s = name.replace("ph", "f").replace("qu", "k").replace("ck", "k");
        StringBuilder key = new StringBuilder(4);
        key.append(s.charAt(0));
        char last = consonantClass(s.charAt(0));
        for (int i = 1; i < s.length(); i++) {
            char c = consonantClass(s.charAt(i));
            if (c == 0) {
                if (s.charAt(i) != 'h') {
                    last = 0; // a vowel separates two equal consonants
                }
                continue;
            }
            if (c != last) {
                key.append(c);
            }
            last = c;
        }
        char lastLetter = s.charAt(s.length() - 1);
        if (key.length() > 1 && (lastLetter == 'd' || lastLetter == 't' || lastLetter == 's' || lastLetter == 'x' || lastLetter == 'z')) {
            key.setLength(key.length() - 1); // the name ends on a silent consonant: Durand, Dupont, Dubois
        }
        return key.length() > 4 ? key.substring(0, 4) : key.toString();
    }

    private static char consonantClass(char c) {
        switch (c) {
            case 'b': case 'p': return 'P';
            case 'c': case 'k': case 'q': case 'g': return 'K';
            case 'd': case 't': return 'T';
            case 'f': case 'v': return 'F';
            case 's': case 'z': case 'x': case 'j': return 'S';
            case 'l': return 'L';
            case 'm': case 'n': return 'N';
            case 'r': return 'R';
            default: return 0;
        }
    }
}
