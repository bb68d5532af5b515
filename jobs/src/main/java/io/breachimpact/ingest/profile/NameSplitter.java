package io.breachimpact.ingest.profile;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a full name written in one column, the way French forms write it: the surname in capitals
 * ("DUPONT Jean Pierre", "Jean Pierre DUPONT"). Without a word in capitals, or with nothing but, the
 * first (or last) word is taken as the surname.
 */
public final class NameSplitter {
    private NameSplitter() {
    }

    static String part(String fullName, FieldSource.NamePart part) {
        String[] words = fullName.strip().split("\\s+");
        if (words.length == 1 && words[0].isEmpty()) {
            return null;
        }
        boolean surnameFirst = part == FieldSource.NamePart.SURNAME_FIRST_SURNAME || part == FieldSource.NamePart.SURNAME_FIRST_GIVEN_NAMES;
        boolean wantSurname = part == FieldSource.NamePart.SURNAME_FIRST_SURNAME || part == FieldSource.NamePart.GIVEN_FIRST_SURNAME;
        int n = words.length;
        int capitals = 0; // the run of words in capitals at the surname's end of the name
        for (int i = 0; i < n; i++) {
            String w = words[surnameFirst ? i : n - 1 - i];
            if (!inCapitals(w)) {
                break;
            }
            capitals++;
        }
        int surnameWords = capitals == 0 || capitals == n ? 1 : capitals;
        if (n == 1) {
            return wantSurname ? words[0] : null;
        }
        List<String> chosen = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            boolean inSurname = surnameFirst ? i < surnameWords : i >= n - surnameWords;
            if (inSurname == wantSurname) {
                chosen.add(words[i]);
            }
        }
        return chosen.isEmpty() ? null : String.join(" ", chosen);
    }

    /** A word of two letters or more, all of them capitals ("DUPONT", "LE"): how French forms write a surname. */
    public static boolean inCapitals(String word) {
        boolean letter = false;
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            if (Character.isLetter(c)) {
                letter = true;
                if (!Character.isUpperCase(c)) {
                    return false;
                }
            }
        }
        return letter && word.codePointCount(0, word.length()) > 1;
    }
}
