package io.breachimpact.ingest.normalize;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class AddressesTest {
    @Test
    void theSameStreetWrittenOtherwiseHasOneKey() {
        String key = Addresses.matchKey("12 boulevard de l'Hôpital", "75013");
        assertEquals(key, Addresses.matchKey("12, Bd de l’Hopital", "75013"));
        assertEquals(key, Addresses.matchKey("  12 BD DE L HOPITAL ", " 75013"));
        assertNotEquals(key, Addresses.matchKey("14 boulevard de l'Hôpital", "75013"), "another number is another address");
        assertNotEquals(key, Addresses.matchKey("12 boulevard de l'Hôpital", "75005"));
    }

    @Test
    void anAddressWithoutAStreetOrAPlaceHasNoKey() {
        assertNull(Addresses.matchKey(null, "75013"));
        assertNull(Addresses.matchKey(" - ", "75013"));
        assertNull(Addresses.matchKey("12 rue de la Paix", null));
        assertNull(Addresses.matchKey("N/A", "75013"), "a placeholder would join every weak record of a place");
        assertNull(Addresses.matchKey("12", "75013"), "a lone number is a shifted column, not a street");
    }

    /** Letters, digits, accents, ligatures, punctuation, spaces, a combining mark, Greek, a fullwidth digit, a Kelvin sign. */
    private static final String ALPHABET = "ab rRuebdsT012 ,.'-/éÉèôÇœÆßøİı’\u00A0\t\u0301σΣ\uFF11\u212A";

    @Test
    void theTableGivesTheKeyOfTheFullForm() {
        SplittableRandom random = new SplittableRandom(5);
        for (int i = 0; i < 200_000; i++) {
            String street = text(random, 24);
            String place = random.nextInt(5) == 0 ? text(random, 6) : String.valueOf(10000 + random.nextInt(90000));
            assertEquals(Addresses.computeMatchKey(street, place), Addresses.matchKey(street, place), "'" + street + "' at '" + place + "'");
        }
    }

    @Test
    void everyCharacterTheTableCoversAgreesWithTheFullForm() {
        for (char c = 0; c < 0x300; c++) {
            String street = "12 r" + c + "e " + c + " bd" + c;
            assertEquals(Addresses.computeMatchKey(street, "75013"), Addresses.matchKey(street, "75013"), "U+" + Integer.toHexString(c));
        }
    }

    private static String text(SplittableRandom random, int maxLength) {
        // Mostly the characters of French addresses; sometimes any of the alphabet's.
        String alphabet = random.nextInt(4) == 0 ? ALPHABET : ALPHABET.substring(0, 21);
        StringBuilder sb = new StringBuilder();
        int length = random.nextInt(maxLength + 1);
        for (int j = 0; j < length; j++) {
            sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return sb.toString();
    }
}
