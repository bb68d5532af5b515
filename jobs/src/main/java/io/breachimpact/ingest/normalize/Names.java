package io.breachimpact.ingest.normalize;

import java.text.Normalizer;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Names as typed into a form, made comparable: a display form (trimmed, whitespace collapsed,
 * Unicode NFC, title case when typed all in capitals or all in lower case) and a comparison form
 * (no accents, no case, ligatures spelled out, hyphens and apostrophes as spaces).
 */
public final class Names {
    private Names() {
    }

    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    /** Names repeat (a few hundred thousand distinct among millions of records): compute each form once per JVM. */
    private static final int CACHE_LIMIT = 500_000;
    private static final ConcurrentHashMap<String, String> DISPLAY = new ConcurrentHashMap<>();
    private static final ConcurrentHashMap<String, String> COMPARISON = new ConcurrentHashMap<>();
    private static final String NONE = "\u0000";

    /** Trimmed, whitespace (tabs, no-break spaces) collapsed to one space, NFC; null or blank → null. */
    public static String clean(String raw) {
        if (raw == null) {
            return null;
        }
        String nfc = Normalizer.isNormalized(raw, Normalizer.Form.NFC) ? raw : Normalizer.normalize(raw, Normalizer.Form.NFC);
        if (tidy(nfc)) {
            return nfc.isEmpty() ? null : nfc;
        }
        StringBuilder sb = new StringBuilder(nfc.length());
        boolean pendingSpace = false;
        for (int i = 0; i < nfc.length(); i++) {
            char c = nfc.charAt(i);
            if (white(c)) {
                pendingSpace = sb.length() > 0;
            } else {
                if (pendingSpace) {
                    sb.append(' ');
                    pendingSpace = false;
                }
                sb.append(c);
            }
        }
        return sb.length() == 0 ? null : sb.toString();
    }

    /** Already clean: no leading or trailing whitespace, only single plain spaces inside. */
    private static boolean tidy(String s) {
        int n = s.length();
        if (n > 0 && (white(s.charAt(0)) || white(s.charAt(n - 1)))) {
            return false;
        }
        for (int i = 1; i < n; i++) {
            char c = s.charAt(i);
            if (white(c) && (c != ' ' || s.charAt(i - 1) == ' ')) {
                return false;
            }
        }
        return true;
    }

    /** Nothing but whitespace (the no-break spaces forms leave included), or empty. */
    public static boolean isBlank(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (!white(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean white(char c) {
        return Character.isWhitespace(c) || c == '\u00A0' || c == '\u2007' || c == '\u202F';
    }

    /** How a letter or report writes the name: "DUPONT" → "Dupont", "jean-pierre" → "Jean-Pierre". */
    public static String display(String raw) {
        if (raw == null) {
            return null;
        }
        // Most names arrive already in display form ("Dupont", "Jean-Pierre"): said so in one look at
        // their characters, cheaper than hashing them into the cache (measured: a fifteenth of silver).
        if (plainAscii(raw) && tidy(raw) && mixedCase(raw)) {
            return raw;
        }
        return cached(DISPLAY, raw, Names::computeDisplay);
    }

    /** For matching: "Lefèvre" and "LEFEVRE" → "lefevre"; "Jean-Pierre" → "jean pierre"; "Œuvray" → "oeuvray". */
    public static String comparison(String raw) {
        if (raw == null) {
            return null;
        }
        if (plainAscii(raw)) {
            // No accents, ligatures or exotic spaces: the comparison form is the separators' pass alone.
            return separatorsToSpaces(raw.toLowerCase(Locale.ROOT));
        }
        return cached(COMPARISON, raw, Names::computeComparison);
    }

    /** ASCII letters, plain spaces, hyphens and apostrophes only. */
    private static boolean plainAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == ' ' || c == '-' || c == '\'')) {
                return false;
            }
        }
        return true;
    }

    /** Some letter in capitals and some not: typed by a person, not by a caps-lock or a lower-casing system. */
    private static boolean mixedCase(String s) {
        boolean upper = false;
        boolean lower = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            upper |= c >= 'A' && c <= 'Z';
            lower |= c >= 'a' && c <= 'z';
        }
        return upper && lower;
    }

    private static String cached(ConcurrentHashMap<String, String> cache, String raw, java.util.function.Function<String, String> f) {
        String hit = cache.get(raw);
        if (hit == null) {
            String computed = f.apply(raw);
            hit = computed == null ? NONE : computed;
            if (cache.size() < CACHE_LIMIT) {
                cache.put(raw, hit);
            }
        }
        return NONE.equals(hit) ? null : hit;
    }

    static String computeDisplay(String raw) {
        String clean = clean(raw);
        if (clean == null) {
            return null;
        }
        boolean allUpper = clean.equals(clean.toUpperCase(Locale.FRENCH));
        boolean allLower = clean.equals(clean.toLowerCase(Locale.FRENCH));
        return allUpper || allLower ? titleCase(clean) : clean;
    }

    static String computeComparison(String raw) {
        String clean = clean(raw);
        if (clean == null) {
            return null;
        }
        String spelled = clean.replace("œ", "oe").replace("Œ", "OE").replace("æ", "ae").replace("Æ", "AE").replace("ß", "ss");
        String noMarks = MARKS.matcher(Normalizer.normalize(spelled, Normalizer.Form.NFD)).replaceAll("");
        return separatorsToSpaces(noMarks.toLowerCase(Locale.ROOT));
    }

    /** Hyphens, apostrophes and spaces as one space between words; nothing left → null. */
    private static String separatorsToSpaces(String lower) {
        StringBuilder sb = new StringBuilder(lower.length());
        for (int i = 0; i < lower.length(); i++) {
            char c = lower.charAt(i);
            boolean separator = c == '-' || c == '\'' || c == '’' || c == '‐' || c == '‑' || c == ' ';
            if (separator) {
                if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ' ') {
                    sb.append(' ');
                }
            } else {
                sb.append(c);
            }
        }
        String result = sb.toString().strip();
        return result.isEmpty() ? null : result;
    }

    private static String titleCase(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        boolean start = true;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            sb.append(start ? Character.toTitleCase(c) : Character.toLowerCase(c));
            start = c == ' ' || c == '-' || c == '\'' || c == '’';
        }
        return sb.toString();
    }
}
