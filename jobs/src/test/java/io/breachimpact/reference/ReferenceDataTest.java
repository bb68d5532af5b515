package io.breachimpact.reference;

import io.breachimpact.ingest.normalize.DataClass;
import io.breachimpact.ingest.normalize.PostalGeography;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The reference tables agree with each other and with the code that reads them. */
class ReferenceDataTest {
    private final ReferenceData reference = ReferenceData.get();

    @Test
    void everyDataClassHasItsHaveIBeenPwnedName() {
        assertEquals(Arrays.stream(DataClass.values()).map(Enum::name).toList(), List.copyOf(reference.hibpNames().keySet()));
        assertEquals("Government issued IDs", reference.hibpNames().get("DOCUMENT_NUMBER"));
    }

    @Test
    void regionsAndDepartementsAreTheInseeLists() {
        assertEquals(18, reference.regions().size());
        assertEquals(101, reference.departements().size());
        long legal = reference.regions().values().stream().filter(r -> !r.code().equals("06")).mapToLong(Region::population).sum();
        assertEquals(67_408_052L, legal, "FACTS.md: the 17 régions with legal populations");
        Set<String> regionsWithDepartements = new HashSet<>();
        reference.departements().values().forEach(d -> regionsWithDepartements.add(d.regionCode()));
        assertEquals(reference.regions().keySet(), regionsWithDepartements);
    }

    @Test
    void everyCommunesPostalCodeLeadsBackToItsDepartement() {
        for (Commune c : reference.communes()) {
            PostalGeography.Place place = PostalGeography.get().locate(c.postalCode(), c.name());
            assertEquals(c.departementCode(), place.departementCode(), c.toString());
            assertTrue(!place.cityMismatch(), c.toString());
        }
    }
}
