package io.breachimpact.ingest.normalize;

import org.junit.jupiter.api.Test;

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
}
