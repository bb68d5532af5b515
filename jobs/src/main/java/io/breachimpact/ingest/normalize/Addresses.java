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

    /**
     * @param place the postal code, else the city: an address without either is not one a letter reaches
     * @return null when the street or the place is missing
     */
    public static String matchKey(String street, String place) {
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
