package io.breachimpact.ingest.normalize;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The email fast path never accepts a local part that Commons Validator's pattern refuses. */
class EmailFastPathTest {
    private static final String ALPHABET = "abcxyzABZ0189._+-'\"\\ @()<>,;:[]é\t";

    @Test
    void fastPathAgreesWithTheValidatorOnRandomLocalParts() {
        SplittableRandom random = new SplittableRandom(20251031);
        int accepted = 0;
        for (int n = 0; n < 200_000; n++) {
            StringBuilder user = new StringBuilder();
            int length = 1 + random.nextInt(random.nextInt(10) == 0 ? 80 : 12);
            // Mostly plain characters, so that both verdicts occur often.
            for (int i = 0; i < length; i++) {
                user.append(random.nextInt(4) == 0 ? ALPHABET.charAt(random.nextInt(ALPHABET.length())) : ALPHABET.charAt(random.nextInt(9)));
            }
            String u = user.toString();
            if (Emails.plainUser(u)) {
                accepted++;
                assertTrue(Emails.validatorUser(u), () -> "fast path accepts what the validator refuses: " + u);
            }
        }
        assertTrue(accepted > 10_000, "the fast path should take most plain local parts, took " + accepted);
    }

    @Test
    void usualAndEdgeLocalParts() {
        for (String u : new String[] {"jean.dupont", "j-p_dupont+breach", "a", "x1.y2.z3"}) {
            assertTrue(Emails.plainUser(u), u);
            assertEquals(Emails.validatorUser(u), Emails.plainUser(u), u);
        }
        for (String u : new String[] {".jean", "jean.", "je..an", "jean dupont", "o'brien", "\"quoted\"", "x".repeat(65), ""}) {
            assertEquals(false, Emails.plainUser(u), u);
        }
    }
}
