package io.breachimpact.identity.match;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Compares two records field by field into graded levels ({@link Field}): what data entry does to a
 * name or a date is a level of its own, so that the model can learn how often it happens to one human
 * and how often to two strangers.
 */
public final class RecordComparer {
    private RecordComparer() {
    }

    /** Jaro–Winkler at or above this: a typo (one slip on a name of five letters or more scores 0.9 or more). */
    static final double CLOSE = 0.9;

    public static int compare(MatchRecord a, MatchRecord b) {
        int packed = 0;
        packed = Comparison.with(packed, Field.SURNAME, surname(a, b));
        packed = Comparison.with(packed, Field.GIVEN_NAMES, givenNames(a.givenNames(), b.givenNames()));
        packed = Comparison.with(packed, Field.BIRTH_DATE, birthDate(a.birthDate(), b.birthDate()));
        packed = Comparison.with(packed, Field.ADDRESS, address(a, b));
        packed = Comparison.with(packed, Field.EMAIL, exact(a.email(), b.email()));
        packed = Comparison.with(packed, Field.PHONE, exact(a.phone(), b.phone()));
        packed = Comparison.with(packed, Field.ACCOUNT, exact(a.account(), b.account()));
        packed = Comparison.with(packed, Field.DOCUMENT, exact(a.document(), b.document()));
        return packed;
    }

    /**
     * Whether two surnames (comparison form) are written the same, particles and order aside, or with a
     * typo: the levels exact and close.
     */
    public static boolean sameOrTypo(String surnameKeyA, String surnameKeyB) {
        int level = surname(new MatchRecord(null, surnameKeyA, null, null, null, null, null, null, null, null, null, null),
                new MatchRecord(null, surnameKeyB, null, null, null, null, null, null, null, null, null, null));
        return level == 0 || level == 1;
    }

    static int exact(String a, String b) {
        return a == null || b == null ? Field.MISSING : a.equals(b) ? 0 : 1;
    }

    /**
     * exact (the same names in any order, particles glued or not), close (as many names, a typo), shares
     * a name (a married name beside the birth name), different.
     */
    static int surname(MatchRecord a, MatchRecord b) {
        if (a.surnameKey() == null || b.surnameKey() == null || a.surnames().isEmpty() || b.surnames().isEmpty()) {
            return Field.MISSING;
        }
        if (a.surnameForm().equals(b.surnameForm())) {
            return 0;
        }
        if (a.surnames().size() == b.surnames().size() && JaroWinkler.similarity(a.surnameForm(), b.surnameForm()) >= CLOSE) {
            return 1;
        }
        for (String x : a.surnames()) {
            if (x.length() >= 2 && b.surnames().contains(x)) {
                return 2;
            }
        }
        return 3;
    }

    /**
     * exact (the same names in any order), one holds the other (a record with fewer given names),
     * initials ("J. P." or "J. Pierre" for "Jean Pierre", in any order), close (each name equal or a typo
     * of one of the other's, never the feminine of a masculine), different.
     */
    static int givenNames(List<String> a, List<String> b) {
        if (a.isEmpty() || b.isEmpty()) {
            return Field.MISSING;
        }
        if (sorted(a).equals(sorted(b)) || String.join("", a).equals(String.join("", b))) {
            return 0;
        }
        List<String> shorter = a.size() <= b.size() ? a : b;
        List<String> left = new ArrayList<>(a.size() <= b.size() ? b : a);
        List<String> unmatched = new ArrayList<>();
        for (String name : shorter) {
            if (!left.remove(name)) {
                unmatched.add(name);
            }
        }
        boolean initials = false;
        boolean typos = false;
        for (String name : unmatched) {
            int at = initialOf(name, left);
            if (at >= 0) {
                initials = true;
            } else {
                at = typoOf(name, left);
                typos |= at >= 0;
            }
            if (at < 0) {
                return 4;
            }
            left.remove(at);
        }
        return initials ? 2 : typos ? 3 : 1;
    }

    /** The other's name this one is the initial of, or whose initial it is; -1 if none. */
    private static int initialOf(String name, List<String> others) {
        for (int j = 0; j < others.size(); j++) {
            String other = others.get(j);
            if ((FrenchNames.initial(name) || FrenchNames.initial(other)) && name.charAt(0) == other.charAt(0)) {
                return j;
            }
        }
        return -1;
    }

    /**
     * The other's name this one is a typo of, never its feminine or masculine; -1 if none. A typo: one
     * slip (a letter changed, dropped, added, or two swapped) in a name of three letters or more, or a
     * Jaro–Winkler similarity of {@link #CLOSE} (short names slip too: "Jzan" for "Jean", 0.85).
     */
    private static int typoOf(String name, List<String> others) {
        int best = -1;
        double bestScore = 0;
        for (int j = 0; j < others.size(); j++) {
            String other = others.get(j);
            if (FrenchNames.initial(name) || FrenchNames.initial(other) || FrenchNames.feminineOf(name, other)) {
                continue;
            }
            double score = JaroWinkler.similarity(name, other);
            if (score < CLOSE && Math.max(name.length(), other.length()) >= 3 && oneSlip(name, other)) {
                score = CLOSE;
            }
            if (score >= CLOSE && score > bestScore) {
                best = j;
                bestScore = score;
            }
        }
        return best;
    }

    /** One edit apart: a letter changed, dropped or added, or two neighbours swapped (optimal string alignment distance 1). */
    static boolean oneSlip(String a, String b) {
        int la = a.length();
        int lb = b.length();
        if (Math.abs(la - lb) > 1 || a.equals(b)) {
            return false;
        }
        int i = 0;
        while (i < Math.min(la, lb) && a.charAt(i) == b.charAt(i)) {
            i++;
        }
        if (la == lb) {
            if (a.regionMatches(i + 1, b, i + 1, la - i - 1)) {
                return true; // changed
            }
            return i + 1 < la && a.charAt(i) == b.charAt(i + 1) && a.charAt(i + 1) == b.charAt(i) && a.regionMatches(i + 2, b, i + 2, la - i - 2);
        }
        return la > lb ? a.regionMatches(i + 1, b, i, lb - i) : b.regionMatches(i + 1, a, i, la - i);
    }

    /** exact, one digit off (of yyyymmdd), day and month swapped, same year (a 1 January placeholder), different. */
    public static int birthDate(LocalDate a, LocalDate b) {
        if (a == null || b == null) {
            return Field.MISSING;
        }
        if (a.equals(b)) {
            return 0;
        }
        if (digitsApart(a, b) == 1) {
            return 1;
        }
        if (a.getYear() == b.getYear() && a.getMonthValue() == b.getDayOfMonth() && a.getDayOfMonth() == b.getMonthValue()) {
            return 2;
        }
        return a.getYear() == b.getYear() ? 3 : 4;
    }

    private static int digitsApart(LocalDate a, LocalDate b) {
        int x = a.getYear() * 10000 + a.getMonthValue() * 100 + a.getDayOfMonth();
        int y = b.getYear() * 10000 + b.getMonthValue() * 100 + b.getDayOfMonth();
        int apart = 0;
        for (int i = 0; i < 8; i++) {
            if (x % 10 != y % 10) {
                apart++;
            }
            x /= 10;
            y /= 10;
        }
        return apart;
    }

    /**
     * same address (street and postal code), same street and city (the postal codes differ: one mistyped,
     * or not the city's), same postal code, same département, different.
     */
    static int address(MatchRecord a, MatchRecord b) {
        if (a.postalCode() == null || b.postalCode() == null) {
            return Field.MISSING;
        }
        if (a.postalCode().equals(b.postalCode())) {
            String ka = a.addressKey();
            return ka != null && ka.equals(b.addressKey()) ? 0 : 2;
        }
        if (LooseText.alike(a.city(), b.city()) && LooseText.alike(a.street(), b.street())
                && a.addressKey() != null && !io.breachimpact.ingest.LineShape.empty(a.city())) {
            return 1; // alike and not a placeholder ("N/A", "inconnu"): the key is null for those
        }
        if (a.departement() != null && a.departement().equals(b.departement())) {
            return 3;
        }
        return 4;
    }

    private static List<String> sorted(List<String> names) {
        List<String> s = new ArrayList<>(names);
        s.sort(null);
        return s;
    }
}
