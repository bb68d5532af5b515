package io.breachimpact.ingest.normalize;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

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
        Phone fast = fastPath(trimmed, addressRegion);
        if (fast != null) {
            return fast;
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
            // getNumberType matches the number against its region's plan once; UNKNOWN means not valid.
            String numberRegion = UTIL.getRegionCodeForNumber(number);
            PhoneNumberType type = numberRegion == null ? PhoneNumberType.UNKNOWN : UTIL.getNumberType(number);
            if (type != PhoneNumberType.UNKNOWN) {
                return new Phone(UTIL.format(number, PhoneNumberFormat.E164), true, kind(type), numberRegion, null);
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

    /** What libphonenumber says of a block of numbers (all numbers sharing their first seven digits). */
    private record Block(String region, Kind kind, int countryCode) {
    }

    private static final Block INVALID_BLOCK = new Block(null, null, 0);
    /** A block is "0" and six digits: one slot each. */
    private static final int BLOCKS_PER_TABLE = 1_000_000;
    /**
     * One table of judged blocks per list of candidate regions (the address's région first, or an
     * international code's regions): an array read per number instead of a lookup of a freshly built
     * string key in a map of a million entries (measured: a twentieth of writing silver).
     */
    private static final ConcurrentHashMap<List<String>, Block[]> BLOCK_TABLES = new ConcurrentHashMap<>();
    /** The few distinct judgements, shared by every slot that holds one. */
    private static final ConcurrentHashMap<Block, Block> JUDGEMENTS = new ConcurrentHashMap<>();

    /**
     * The forms nearly every number in a French dump takes — ten national digits, or +33 / 0033 and
     * the overseas codes, with spaces, dots or dashes — read without the full parser. Numbering plans
     * allocate numbers in blocks whose last digits are free, so libphonenumber judges each block
     * (validity, type, region) once and every number of the block shares its verdict. Anything else,
     * and every invalid number, goes through the full parser. Null when not handled here.
     */
    private static Phone fastPath(String text, String addressRegion) {
        StringBuilder digits = new StringBuilder(16);
        boolean plus = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                digits.append(c);
            } else if (c == '+' && digits.length() == 0 && !plus) {
                plus = true;
            } else if (c != ' ' && c != '.' && c != '-') {
                return null;
            }
        }
        String d = digits.toString();
        String national;
        List<String> regions;
        if (!plus && d.length() == 10 && d.charAt(0) == '0' && d.charAt(1) != '0') {
            national = d;
            regions = candidates(addressRegion);
        } else if (plus || d.startsWith("00")) {
            String international = plus ? d : d.substring(2);
            int codeLength = international.startsWith("33") ? 2 : 3;
            if (international.length() != codeLength + 9) {
                return null;
            }
            regions = REGIONS_BY_CODE.get(international.substring(0, codeLength));
            if (regions == null) {
                return null;
            }
            national = "0" + international.substring(codeLength);
        } else {
            return null;
        }
        Block[] table = BLOCK_TABLES.computeIfAbsent(regions, r -> new Block[BLOCKS_PER_TABLE]);
        int slot = Integer.parseInt(national, 1, 7, 10);
        Block block = table[slot];
        if (block == null) {
            Block judged = judge(national.substring(0, 7) + "000", regions);
            block = JUDGEMENTS.computeIfAbsent(judged, j -> j);
            table[slot] = block; // two threads may judge a block at once: to the same, immutable, answer
        }
        if (block == INVALID_BLOCK) {
            return null;
        }
        return new Phone("+" + block.countryCode() + national.substring(1), true, block.kind(), block.region(), null);
    }

    private static final java.util.Map<String, List<String>> REGIONS_BY_CODE = java.util.Map.of(
            "33", List.of("FR"), "590", List.of("GP"), "596", List.of("MQ"), "594", List.of("GF"), "262", List.of("RE", "YT"));

    private static Block judge(String national, List<String> regions) {
        for (String region : regions) {
            PhoneNumber number = parse(national, region);
            if (number == null) {
                continue;
            }
            String numberRegion = UTIL.getRegionCodeForNumber(number);
            PhoneNumberType type = numberRegion == null ? PhoneNumberType.UNKNOWN : UTIL.getNumberType(number);
            if (type != PhoneNumberType.UNKNOWN) {
                return new Block(numberRegion, kind(type), number.getCountryCode());
            }
        }
        return INVALID_BLOCK;
    }

    /** One list per address region, built once: the lists key the block tables. */
    private static final ConcurrentHashMap<String, List<String>> CANDIDATES = new ConcurrentHashMap<>();

    private static List<String> candidates(String addressRegion) {
        if (addressRegion == null || addressRegion.equals("FR")) {
            return FRENCH_REGIONS;
        }
        return CANDIDATES.computeIfAbsent(addressRegion, Phones::addressRegionFirst);
    }

    private static List<String> addressRegionFirst(String addressRegion) {
        java.util.ArrayList<String> regions = new java.util.ArrayList<>(FRENCH_REGIONS.size());
        regions.add(addressRegion);
        for (String r : FRENCH_REGIONS) {
            if (!r.equals(addressRegion)) {
                regions.add(r);
            }
        }
        return List.copyOf(regions);
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
