package io.breachimpact.identity.match;

import java.util.ArrayList;
import java.util.List;

/**
 * The ways two records of one birth date become a candidate pair, OR'ed: each looks for them under
 * another key, so that an error in one field still leaves the others to find them. A pair is counted
 * under the first rule (in this order) that finds it. Every key is narrow enough that a national
 * birth-date block (some 500 records at 19M, 2,000 on a busy date) holds few records under it: a
 * surname's sound or a given name alone paired 340 million records at 19M, sixty times the true pairs
 * (measured).
 */
public enum BlockingRule {
    /**
     * The sound of one of the surname's names and the initial of one of the given names ("Durand" and
     * "Durant"; a married name beside the birth name; given names swapped or typed as initials).
     */
    SURNAME_SOUND_AND_INITIAL,
    /** One given name in common, in the same département (a surname changed by marriage or mistyped beyond its sound). */
    GIVEN_NAME_AND_DEPARTEMENT,
    EMAIL,
    PHONE,
    ACCOUNT,
    DOCUMENT,
    /** The postal code and the first given name's initial (typos in both names at once). */
    POSTAL_CODE_AND_INITIAL;

    /** The record's keys under this rule: none when it lacks the fields. */
    public List<String> keys(MatchRecord r) {
        List<String> keys = new ArrayList<>(2);
        switch (this) {
            case SURNAME_SOUND_AND_INITIAL -> {
                for (String name : r.surnames()) {
                    String sound = FrenchNames.sound(name);
                    for (String given : r.givenNames()) {
                        String key = sound + "|" + given.charAt(0);
                        if (sound != null && !keys.contains(key)) {
                            keys.add(key);
                        }
                    }
                }
            }
            case GIVEN_NAME_AND_DEPARTEMENT -> {
                if (r.departement() != null) {
                    for (String name : r.givenNames()) {
                        String key = name + "|" + r.departement();
                        if (!FrenchNames.initial(name) && !keys.contains(key)) {
                            keys.add(key);
                        }
                    }
                }
            }
            case EMAIL -> add(keys, r.email());
            case PHONE -> add(keys, r.phone());
            case ACCOUNT -> add(keys, r.account());
            case DOCUMENT -> add(keys, r.document());
            case POSTAL_CODE_AND_INITIAL -> {
                if (r.postalCode() != null && !r.givenNames().isEmpty()) {
                    keys.add(r.postalCode() + "|" + r.givenNames().get(0).charAt(0));
                }
            }
            default -> throw new IllegalStateException(name());
        }
        return keys;
    }

    private static void add(List<String> keys, String value) {
        if (value != null) {
            keys.add(value);
        }
    }
}
