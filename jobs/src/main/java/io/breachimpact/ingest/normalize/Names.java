package io.breachimpact.ingest.normalize;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Names as typed into a form, made comparable: a display form (trimmed, whitespace collapsed,
 * Unicode NFC, title case when typed all in capitals or all in lower case) and a comparison form
 * (no accents, no case, ligatures spelled out, hyphens and apostrophes as spaces).
 */
public final class Names {
    private Names() {
    }

    private static final Pattern WHITESPACE = Pattern.compile("[\\s\\u00A0\\u2007\\u202F]+");
    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern SEPARATORS = Pattern.compile("[-'’‐‑\\s]+");

    /** Trimmed, whitespace collapsed, NFC; null or blank → null. */
    public static String clean(String raw) {
        if (raw == null) {
            return null;
        }
        String nfc = Normalizer.normalize(raw, Normalizer.Form.NFC);
        String collapsed = WHITESPACE.matcher(nfc).replaceAll(" ").trim();
        return collapsed.isEmpty() ? null : collapsed;
    }

    /** How a letter or report writes the name: "DUPONT" → "Dupont", "jean-pierre" → "Jean-Pierre". */
    public static String display(String raw) {
        String clean = clean(raw);
        if (clean == null) {
            return null;
        }
        boolean allUpper = clean.equals(clean.toUpperCase(Locale.FRENCH));
        boolean allLower = clean.equals(clean.toLowerCase(Locale.FRENCH));
        return allUpper || allLower ? titleCase(clean) : clean;
    }

    /** For matching: "Lefèvre" and "LEFEVRE" → "lefevre"; "Jean-Pierre" → "jean pierre"; "Œuvray" → "oeuvray". */
    public static String comparison(String raw) {
        String clean = clean(raw);
        if (clean == null) {
            return null;
        }
        String spelled = clean.replace("œ", "oe").replace("Œ", "OE").replace("æ", "ae").replace("Æ", "AE").replace("ß", "ss");
        String noMarks = MARKS.matcher(Normalizer.normalize(spelled, Normalizer.Form.NFD)).replaceAll("");
        String spaced = SEPARATORS.matcher(noMarks.toLowerCase(Locale.ROOT)).replaceAll(" ").trim();
        return spaced.isEmpty() ? null : spaced;
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
