package io.breachimpact.decide;

import io.breachimpact.ingest.normalize.PersonKeys;
import io.breachimpact.testing.DumpFiles;
import io.breachimpact.testing.Ingest;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** Enrollment codes and the neutralization of cells. */
class CodesTest {
    @Test
    void enrollmentCodesAreUniqueOnTheSampleStableAndKeyed() {
        PersonKeys keys = new PersonKeys(Ingest.TEST_KEY);
        Set<String> codes = new HashSet<>();
        int n = 0;
        // Every record of the sample as the anchor of a person: more persons than the sample has.
        for (DumpFiles.Parsed record : DumpFiles.readDump(Path.of(System.getProperty("breachimpact.project.root"), "data-samples/dump"))) {
            String personId = keys.personId(record.values().get(0));
            codes.add(keys.enrollmentCode(personId));
            n++;
        }
        assertEquals(n, codes.size());
        assertEquals(keys.enrollmentCode("P123"), new PersonKeys(Ingest.TEST_KEY).enrollmentCode("P123"));
        assertNotEquals(keys.enrollmentCode("P123"), new PersonKeys(Ingest.TEST_KEY + "-other").enrollmentCode("P123"));
    }

    @Test
    void formulaCellsAreNeutralized() {
        for (String hostile : new String[] {"=1+1", "+33612345678", "-2", "@SUM(A1)", "\tx", "\rx"}) {
            assertEquals("'" + hostile, CsvSafety.neutralize(hostile));
        }
        for (String plain : new String[] {"Dupont", "3 rue de la Paix", "jp@x.fr", "", "'quoted"}) {
            assertEquals(plain, CsvSafety.neutralize(plain));
        }
        assertEquals(null, CsvSafety.neutralize(null));
    }
}
