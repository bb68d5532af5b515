package io.breachimpact.ingest.inspect;

/**
 * A value's shape, which says what kind of value it is without saying which: letters become {@code A}
 * or {@code a} (a run of letters of one case, one letter), each digit {@code d}, anything else stays.
 * "Jean-Pierre" is {@code Aa-Aa}, "12/05/1980" {@code dd/dd/dddd}, "jean.dupont@mail.fr" {@code a.a@a.a}.
 */
public final class ValueShapes {
    private ValueShapes() {
    }

    /** Longer shapes are cut: a shape is for telling kinds apart, not for reading a value back. */
    static final int MAX_LENGTH = 24;

    public static String of(String value) {
        StringBuilder sb = new StringBuilder(Math.min(value.length(), MAX_LENGTH + 1));
        char last = 0;
        for (int i = 0; i < value.length() && sb.length() < MAX_LENGTH; i++) {
            char c = value.charAt(i);
            char s;
            if (Character.isLetter(c)) {
                s = Character.isUpperCase(c) ? 'A' : 'a';
                if (s == last) {
                    continue; // a run of one case is one letter: "Dupont" is Aa, "DUPONT" A
                }
            } else if (Character.isDigit(c)) {
                s = 'd';
            } else if (Character.isWhitespace(c)) {
                s = ' ';
            } else {
                s = c < 0x80 ? c : '?'; // punctuation; a non-ASCII symbol only as '?'
            }
            sb.append(s);
            last = s;
        }
        if (sb.length() >= MAX_LENGTH) {
            sb.append('…');
        }
        return sb.toString();
    }
}
