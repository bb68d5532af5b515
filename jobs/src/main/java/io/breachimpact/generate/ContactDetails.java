package io.breachimpact.generate;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import io.breachimpact.ingest.normalize.PostalGeography;
import io.breachimpact.reference.Departement;

import java.util.SplittableRandom;

/** Emails, phone numbers and street addresses as people really write them. */
final class ContactDetails {
    private ContactDetails() {
    }

    private static final String[] COMPLEMENTS = {"Bâtiment B", "Bât. A", "Appartement 12", "Apt 3", "Escalier C",
            "Résidence Les Tilleuls", "Résidence du Parc", "Chez M. et Mme Martin", "Lieu-dit Les Granges", "3e étage"};

    /** An email derived from the owner's names, in the patterns people use, on a weighted provider. */
    static String email(SplittableRandom random, String givenName, String surname, int birthYear, Picker<String> domains) {
        String g = Text.emailToken(givenName);
        String s = Text.emailToken(surname);
        if (g.isEmpty()) {
            g = "contact";
        }
        if (s.isEmpty()) {
            s = "x";
        }
        StringBuilder local = new StringBuilder(32);
        int pattern = random.nextInt(100);
        if (pattern < 26) {
            local.append(g).append('.').append(s);
        } else if (pattern < 34) {
            local.append(g).append(s);
        } else if (pattern < 44) {
            local.append(g.charAt(0)).append('.').append(s);
        } else if (pattern < 50) {
            local.append(s).append('.').append(g);
        } else if (pattern < 54) {
            local.append(g).append('_').append(s);
        } else if (pattern < 66) {
            local.append(g).append('.').append(s);
            Text.appendPadded(local, birthYear % 100, 2);
        } else if (pattern < 80) {
            local.append(g).append('.').append(s).append(1 + random.nextInt(999));
        } else if (pattern < 88) {
            local.append(g).append(s).append(birthYear);
        } else if (pattern < 92) {
            local.append(s).append(g.charAt(0)).append(1 + random.nextInt(99));
        } else {
            local.append(g).append(10 + random.nextInt(9990));
        }
        return local.append('@').append(domains.pick(random)).toString();
    }

    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();

    /**
     * A phone number as its national significant number with the leading 0. Numbering plans allocate
     * only parts of each prefix (0400… or 0639 9… are not numbers), so a number is drawn again until
     * libphonenumber knows it as allocated.
     */
    static String phone(SplittableRandom random, Departement departement, boolean mobile) {
        String region = PostalGeography.phoneRegion(departement.code());
        String candidate = drawPhone(random, departement, mobile);
        for (int tries = 0; tries < 200 && !allocated(candidate, region); tries++) {
            candidate = drawPhone(random, departement, mobile);
        }
        return candidate;
    }

    /**
     * Whether a number is allocated, judged on its first six digits: the plans allocate blocks whose
     * last four digits are free, so a block is checked once per JVM, not once per number.
     */
    private static boolean allocated(String national, String region) {
        long block = (long) region.hashCode() << 32 | blockNumber(national);
        return ALLOCATED_BLOCKS.computeIfAbsent(block, b -> {
            try {
                return PHONES.isValidNumber(PHONES.parse(national.substring(0, 6) + "0000", region));
            } catch (NumberParseException e) {
                return false;
            }
        });
    }

    /** The first six digits as a number: "069012…" → 69012. */
    private static int blockNumber(String national) {
        int n = 0;
        for (int i = 0; i < 6; i++) {
            n = n * 10 + (national.charAt(i) - '0');
        }
        return n;
    }

    private static final java.util.concurrent.ConcurrentHashMap<Long, Boolean> ALLOCATED_BLOCKS = new java.util.concurrent.ConcurrentHashMap<>();

    private static String drawPhone(SplittableRandom random, Departement departement, boolean mobile) {
        String prefix = mobile
                ? departement.mobilePrefixes().get(random.nextInt(departement.mobilePrefixes().size()))
                : departement.landlinePrefix();
        StringBuilder sb = new StringBuilder(10).append(prefix);
        // A mobile 07 number is 073–079 (070–072 are not allocated to mobiles).
        if (prefix.equals("07")) {
            sb.append((char) ('3' + random.nextInt(7)));
        }
        // 0639 and 0690–0697 are overseas mobile ranges: a metropolitan 06 number avoids them.
        if (prefix.equals("06")) {
            int pair;
            do {
                pair = random.nextInt(100);
            } while (pair == 39 || (pair >= 90 && pair <= 97));
            Text.appendPadded(sb, pair, 2);
        }
        Text.appendDigits(sb, random, 10 - sb.length());
        return sb.toString();
    }

    /** International calling code of a national number: overseas numbers have their own, whatever the address. */
    static String countryCode(String national) {
        switch (national.substring(0, 4)) {
            case "0590":
            case "0690":
            case "0691":
                return "590";
            case "0596":
            case "0696":
            case "0697":
                return "596";
            case "0594":
            case "0694":
                return "594";
            case "0262":
            case "0269":
            case "0692":
            case "0693":
            case "0639":
                return "262";
            default:
                return "33";
        }
    }

    /** The number as written in a form: "06 12 34 56 78", "0612345678", "+33 6 12 34 56 78", … */
    static String writtenPhone(SplittableRandom random, String national) {
        int style = random.nextInt(100);
        if (style < 45) {
            return pairs(national, ' ');
        } else if (style < 80) {
            return national;
        } else if (style < 92) {
            return "+" + countryCode(national) + " " + national.charAt(1) + " " + pairs(national.substring(2), ' ');
        } else if (style < 97) {
            return pairs(national, '.');
        } else {
            return "00" + countryCode(national) + national.substring(1);
        }
    }

    private static String pairs(String digits, char separator) {
        StringBuilder sb = new StringBuilder(digits.length() * 3 / 2);
        for (int i = 0; i < digits.length(); i += 2) {
            if (i > 0) {
                sb.append(separator);
            }
            sb.append(digits, i, Math.min(i + 2, digits.length()));
        }
        return sb.toString();
    }

    /** "12 rue de la République", "3 bis avenue Jean Jaurès", sometimes with a building or flat first. */
    static String streetAddress(SplittableRandom random, Picker<String> streets) {
        StringBuilder sb = new StringBuilder(48);
        if (random.nextInt(100) < 10) {
            sb.append(COMPLEMENTS[random.nextInt(COMPLEMENTS.length)]).append(", ");
        }
        int number = 1 + (int) (-Math.log(1 - random.nextDouble()) * 25);
        sb.append(Math.min(number, 400));
        int suffix = random.nextInt(100);
        if (suffix < 3) {
            sb.append(" bis");
        } else if (suffix < 4) {
            sb.append(" ter");
        }
        return sb.append(' ').append(streets.pick(random)).toString();
    }
}
