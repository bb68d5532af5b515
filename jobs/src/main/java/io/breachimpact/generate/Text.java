package io.breachimpact.generate;

import java.text.Normalizer;
import java.util.concurrent.ConcurrentHashMap;

/** Text helpers for deriving emails and variants from names. */
final class Text {
    private Text() {
    }

    private static final ConcurrentHashMap<String, String> ASCII = new ConcurrentHashMap<>();

    /** The name without accents, ligatures spelled out: "Lefèvre" → "Lefevre", "Œuvray" → "OEuvray". */
    static String stripAccents(String s) {
        if (isAscii(s)) {
            return s;
        }
        return ASCII.computeIfAbsent(s, Text::decompose);
    }

    private static String decompose(String s) {
        String spelled = s.replace("œ", "oe").replace("Œ", "OE").replace("æ", "ae").replace("Æ", "AE");
        return Normalizer.normalize(spelled, Normalizer.Form.NFD).replaceAll("\\p{M}+", "");
    }

    static boolean isAscii(CharSequence s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) > 127) {
                return false;
            }
        }
        return true;
    }

    /** Lower-case letters, digits and hyphens only: how a name enters an email local part. */
    static String emailToken(String name) {
        String ascii = stripAccents(name).toLowerCase(java.util.Locale.ROOT);
        StringBuilder sb = new StringBuilder(ascii.length());
        for (int i = 0; i < ascii.length(); i++) {
            char c = ascii.charAt(i);
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-') {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /**
     * One keyboard slip at position i (0 &lt; i &lt; length - 1): 0 swaps the letter with the next one,
     * 1 drops it, 2 doubles it.
     */
    static String slip(String name, int i, int kind) {
        switch (kind) {
            case 0:
                return name.substring(0, i) + name.charAt(i + 1) + name.charAt(i) + name.substring(i + 2);
            case 1:
                return name.substring(0, i) + name.substring(i + 1);
            default:
                return name.substring(0, i + 1) + name.charAt(i) + name.substring(i + 1);
        }
    }

    static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /** Appends n as a zero-padded decimal of the given width. */
    static void appendPadded(StringBuilder sb, long n, int width) {
        String digits = Long.toString(n);
        for (int i = digits.length(); i < width; i++) {
            sb.append('0');
        }
        sb.append(digits);
    }

    static void appendDigits(StringBuilder sb, java.util.SplittableRandom random, int count) {
        for (int i = 0; i < count; i++) {
            sb.append((char) ('0' + random.nextInt(10)));
        }
    }
}
