package io.breachimpact.ingest.normalize;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;

import java.util.List;

/**
 * Phone numbers to E.164 with Google's libphonenumber, metropolitan and overseas. A number written
 * nationally ("0690 12 34 56") is read in the région of the record's address first, then in France,
 * then in each overseas département, because the national form does not say which it is.
 */
public final class Phones {
    private Phones() {
    }

    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
    /** libphonenumber regions for France and its overseas départements (Mayotte shares +262 with La Réunion). */
    private static final List<String> FRENCH_REGIONS = List.of("FR", "RE", "GP", "MQ", "GF", "YT");

    public enum Kind { MOBILE, LANDLINE, OTHER }

    /** @param e164 null when absent or unreadable; region the libphonenumber region of a valid number */
    public record Phone(String e164, boolean valid, Kind kind, String region, String problem) {
    }

    /**
     * @param raw         the value as written
     * @param addressRegion the libphonenumber region of the record's address ("FR", "GP", …), or null
     */
    public static Phone normalize(String raw, String addressRegion) {
        String trimmed = raw == null ? "" : raw.strip();
        if (trimmed.isEmpty()) {
            return new Phone(null, false, null, null, "MISSING");
        }
        long digits = trimmed.chars().filter(Character::isDigit).count();
        if (digits < 6) {
            return new Phone(null, false, null, null, "TOO_SHORT");
        }
        PhoneNumber first = null;
        for (String region : candidates(addressRegion)) {
            PhoneNumber number = parse(trimmed, region);
            if (number == null) {
                continue;
            }
            if (first == null) {
                first = number;
            }
            if (UTIL.isValidNumber(number)) {
                return new Phone(UTIL.format(number, PhoneNumberFormat.E164), true, kind(UTIL.getNumberType(number)),
                        UTIL.getRegionCodeForNumber(number), null);
            }
            if (trimmed.startsWith("+") || trimmed.startsWith("00")) {
                break; // an international form names its country: no other reading
            }
        }
        if (first == null) {
            return new Phone(null, false, null, null, "UNREADABLE");
        }
        return new Phone(UTIL.format(first, PhoneNumberFormat.E164), false, null, null, "INVALID_NUMBER");
    }

    private static List<String> candidates(String addressRegion) {
        if (addressRegion == null || addressRegion.equals("FR")) {
            return FRENCH_REGIONS;
        }
        java.util.ArrayList<String> regions = new java.util.ArrayList<>(FRENCH_REGIONS.size());
        regions.add(addressRegion);
        for (String r : FRENCH_REGIONS) {
            if (!r.equals(addressRegion)) {
                regions.add(r);
            }
        }
        return regions;
    }

    private static PhoneNumber parse(String text, String region) {
        try {
            return UTIL.parse(text, region);
        } catch (NumberParseException e) {
            return null;
        }
    }

    private static Kind kind(PhoneNumberType type) {
        switch (type) {
            case MOBILE:
                return Kind.MOBILE;
            case FIXED_LINE:
                return Kind.LANDLINE;
            default:
                return Kind.OTHER;
        }
    }
}
