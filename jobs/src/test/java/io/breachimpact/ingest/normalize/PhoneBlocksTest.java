package io.breachimpact.ingest.normalize;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@link Phones} judges numbers by block (their first seven digits) and shares the verdict. This
 * checks that assumption against libphonenumber's full parse on random numbers of every French
 * prefix, so that a metadata update that allocates finer blocks fails here, not in production.
 */
class PhoneBlocksTest {
    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
    private static final List<String> REGIONS = List.of("FR", "RE", "GP", "MQ", "GF", "YT");

    /** The full parse, region by region in the order Phones tries them for a metropolitan address. */
    private static String fullParse(String national) throws NumberParseException {
        for (String region : REGIONS) {
            PhoneNumber n = UTIL.parse(national, region);
            if (UTIL.isValidNumber(n)) {
                return UTIL.format(n, PhoneNumberFormat.E164) + " " + UTIL.getRegionCodeForNumber(n);
            }
        }
        return "invalid";
    }

    /** Ten digits in the national form, starting with one of the prefixes. */
    private static String randomNational(SplittableRandom random, String[] prefixes) {
        StringBuilder n = new StringBuilder(prefixes[random.nextInt(prefixes.length)]);
        while (n.length() < 10) {
            n.append((char) ('0' + random.nextInt(10)));
        }
        return n.toString();
    }

    /** The full parse with the address's region tried first, as Phones does for an overseas address. */
    private static String fullParse(String national, String addressRegion) throws NumberParseException {
        List<String> order = new java.util.ArrayList<>(List.of(addressRegion));
        REGIONS.stream().filter(r -> !r.equals(addressRegion)).forEach(order::add);
        for (String region : order) {
            PhoneNumber n = UTIL.parse(national, region);
            if (UTIL.isValidNumber(n)) {
                return UTIL.format(n, PhoneNumberFormat.E164) + " " + UTIL.getRegionCodeForNumber(n);
            }
        }
        return "invalid";
    }

    @Test
    void overseasAddressesAndInternationalFormsGetTheFullParsesVerdict() throws NumberParseException {
        SplittableRandom random = new SplittableRandom(11);
        String[] prefixes = {"01", "06", "07", "0262", "0269", "0590", "0594", "0596", "0639", "0690", "0692", "0694", "0696"};
        int international = 0;
        for (int i = 0; i < 20_000; i++) {
            String national = randomNational(random, prefixes);
            String address = REGIONS.get(random.nextInt(REGIONS.size()));
            Phones.Phone phone = Phones.normalize(national, address);
            String expected = fullParse(national, address);
            assertEquals(expected, phone.valid() ? phone.e164() + " " + phone.region() : "invalid", national + " at an address in " + address);
            if (phone.valid()) {
                // The same number written internationally, with or without '+', names its country whatever the address.
                String e164 = phone.e164();
                for (String written : List.of(e164, "00" + e164.substring(1), e164.substring(0, 4) + " " + e164.substring(4))) {
                    Phones.Phone again = Phones.normalize(written, "FR");
                    assertEquals(e164 + " " + phone.region(), again.e164() + " " + again.region(), written);
                }
                international++;
            }
        }
        assertEquals(true, international > 5_000, "the sample holds plenty of valid numbers: " + international);
    }

    @Test
    void theBlockVerdictIsTheFullParsesVerdict() throws NumberParseException {
        SplittableRandom random = new SplittableRandom(7);
        String[] prefixes = {"01", "02", "03", "04", "05", "06", "07", "09", "0262", "0269", "0590", "0594", "0596",
                "0639", "0690", "0691", "0692", "0693", "0694", "0696", "0697"};
        int valid = 0;
        for (int i = 0; i < 30_000; i++) {
            String national = randomNational(random, prefixes);
            Phones.Phone phone = Phones.normalize(national, "FR");
            String expected = fullParse(national);
            String actual = phone.valid() ? phone.e164() + " " + phone.region() : "invalid";
            assertEquals(expected, actual, national);
            valid += phone.valid() ? 1 : 0;
        }
        assertEquals(true, valid > 10_000, "the sample holds plenty of valid numbers: " + valid);
    }
}
