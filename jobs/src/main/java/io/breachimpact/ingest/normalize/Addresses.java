package io.breachimpact.ingest.normalize;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A postal address's comparison form: the same street written with or without accents, in another case,
 * with "bd" for "boulevard" or extra punctuation gives the same key. Used to tie a record that has only a
 * name and an address (a weak identity) to one human, and only on the exact key.
 */
public final class Addresses {
    private Addresses() {
    }

    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern NOT_ALNUM = Pattern.compile("[^a-z0-9]+");

    /** The usual abbreviations of French street types (La Poste's list, the frequent ones). */
    private static final Map<String, String> WORDS = Map.ofEntries(
            Map.entry("bd", "boulevard"), Map.entry("bld", "boulevard"), Map.entry("boul", "boulevard"),
            Map.entry("av", "avenue"), Map.entry("ave", "avenue"), Map.entry("r", "rue"), Map.entry("pl", "place"),
            Map.entry("ch", "chemin"), Map.entry("che", "chemin"), Map.entry("imp", "impasse"), Map.entry("all", "allee"),
            Map.entry("rte", "route"), Map.entry("fbg", "faubourg"), Map.entry("sq", "square"), Map.entry("qu", "quai"),
            Map.entry("crs", "cours"), Map.entry("st", "saint"), Map.entry("ste", "sainte"), Map.entry("res", "residence"));

    /** Marks a value with a character the table does not cover. */
    private static final String FULL_FORM = new String("full form");

    /** Per character below U+0250: what the full form makes of it alone (a lower-case letter or a digit), 0 for a separator. */
    private static final char[] FOLD = new char[0x250];

    static {
        for (char c = 0; c < FOLD.length; c++) {
            String folded = comparison(String.valueOf(c));
            FOLD[c] = folded == null ? 0 : folded.charAt(0);
            if (folded != null && folded.length() != 1) {
                throw new IllegalStateException("U+" + Integer.toHexString(c) + " folds to " + folded.length() + " characters");
            }
        }
    }

    /**
     * @param place the postal code, else the city: an address without either is not one a letter reaches
     * @return null when the street or the place is missing
     */
    public static String matchKey(String street, String place) {
        if (street == null || place == null) {
            return null;
        }
        // One pass over characters below U+0250 (every French address); the full form for the others.
        // Resolve asks this of every record it compares: the full form's normalizer and regular
        // expressions were most of a scan of 19M records (measured).
        String p = folded(place);
        String s = p == null ? null : folded(street);
        if (s == FULL_FORM || p == FULL_FORM) {
            return computeMatchKey(street, place);
        }
        if (s == null || p == null || !hasLetter(s) || io.breachimpact.ingest.LineShape.empty(street) || io.breachimpact.ingest.LineShape.empty(place)) {
            return null;
        }
        StringBuilder key = new StringBuilder(s.length() + p.length() + 12);
        int start = 0;
        while (start < s.length()) {
            int end = s.indexOf(' ', start);
            end = end < 0 ? s.length() : end;
            String word = s.substring(start, end);
            key.append(WORDS.getOrDefault(word, word)).append(' ');
            start = end + 1;
        }
        return key.append('|').append(p).toString();
    }

    /** The place as {@link #matchKey} holds it (after the '|'): null for a place without a letter or digit. */
    public static String placeForm(String place) {
        if (place == null) {
            return null;
        }
        String p = folded(place);
        return p == FULL_FORM ? comparison(place) : p;
    }

    /** The words of {@link #comparison} from the table: letters and digits folded, one space between words. */
    private static String folded(String value) {
        StringBuilder sb = null;
        boolean gap = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c >= FOLD.length) {
                return FULL_FORM;
            }
            char f = FOLD[c];
            if (f == 0) {
                gap = true;
                continue;
            }
            if (sb == null) {
                sb = new StringBuilder(value.length());
            } else if (gap) {
                sb.append(' ');
            }
            gap = false;
            sb.append(f);
        }
        return sb == null ? null : sb.toString();
    }

    private static boolean hasLetter(String words) {
        for (int i = 0; i < words.length(); i++) {
            char c = words.charAt(i);
            if (c >= 'a' && c <= 'z') {
                return true;
            }
        }
        return false;
    }

    /** The key by its definition: the normalizer and the expressions the table was made from. */
    static String computeMatchKey(String street, String place) {
        String s = comparison(street);
        String p = comparison(place);
        if (s == null || p == null || !s.matches(".*[a-z].*") || io.breachimpact.ingest.LineShape.empty(street)
                || io.breachimpact.ingest.LineShape.empty(place)) {
            return null; // a lone number or a placeholder (N/A) is no address: it would join strangers
        }
        StringBuilder key = new StringBuilder(s.length() + p.length() + 1);
        for (String word : s.split(" ")) {
            key.append(WORDS.getOrDefault(word, word)).append(' ');
        }
        return key.append('|').append(p).toString();
    }

    private static String comparison(String value) {
        if (value == null) {
            return null;
        }
        String folded = MARKS.matcher(Normalizer.normalize(value, Normalizer.Form.NFD)).replaceAll("").toLowerCase(Locale.ROOT);
        String words = NOT_ALNUM.matcher(folded).replaceAll(" ").strip();
        return words.isEmpty() ? null : words;
    }
}
