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

    @Test
    void theBlockVerdictIsTheFullParsesVerdict() throws NumberParseException {
        SplittableRandom random = new SplittableRandom(7);
        String[] prefixes = {"01", "02", "03", "04", "05", "06", "07", "09", "0262", "0269", "0590", "0594", "0596",
                "0639", "0690", "0691", "0692", "0693", "0694", "0696", "0697"};
        int valid = 0;
        for (int i = 0; i < 30_000; i++) {
            StringBuilder n = new StringBuilder(prefixes[random.nextInt(prefixes.length)]);
            while (n.length() < 10) {
                n.append((char) ('0' + random.nextInt(10)));
            }
            String national = n.toString();
            Phones.Phone phone = Phones.normalize(national, "FR");
            String expected = fullParse(national);
            String actual = phone.valid() ? phone.e164() + " " + phone.region() : "invalid";
            assertEquals(expected, actual, national);
            valid += phone.valid() ? 1 : 0;
        }
        assertEquals(true, valid > 10_000, "the sample holds plenty of valid numbers: " + valid);
    }
}
