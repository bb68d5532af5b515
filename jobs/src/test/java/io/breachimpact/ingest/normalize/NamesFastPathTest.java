package io.breachimpact.ingest.normalize;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The shortcut for plain ASCII names gives exactly what the full normalization gives, on any mix of characters. */
class NamesFastPathTest {
    private static final String ALPHABET = "abcdeABCDE '-éÉœ\t\u00A0’";

    @Test
    void shortcutsAgreeWithTheFullForms() {
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < 200_000; i++) {
            // Mostly plain ASCII names (the shortcut's case), sometimes with accents or odd spaces (not its case).
            String alphabet = random.nextInt(4) == 0 ? ALPHABET : ALPHABET.substring(0, 13);
            StringBuilder sb = new StringBuilder();
            int length = random.nextInt(13);
            for (int j = 0; j < length; j++) {
                sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String raw = sb.toString();
            assertEquals(Names.computeDisplay(raw), Names.display(raw), "display of '" + raw + "'");
            assertEquals(Names.computeComparison(raw), Names.comparison(raw), "comparison of '" + raw + "'");
        }
    }
}
