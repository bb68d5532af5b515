package io.breachimpact.generate;

import io.breachimpact.model.DumpColumns;
import io.breachimpact.testing.DumpFiles;
import io.breachimpact.testing.Generated;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EntryErrorsTest {
    @Test
    void aTypoIsOneEditAndADigitOffDateIsARealEarlierDateOneDigitAway() {
        SplittableRandom random = new SplittableRandom(3);
        LocalDate reference = LocalDate.of(2025, 11, 3);
        for (int i = 0; i < 2_000; i++) {
            String typo = EntryErrors.typo("Lefebvre", random);
            assertNotEquals("Lefebvre", typo);
            assertTrue(Math.abs(typo.length() - 8) <= 1, typo);
            assertTrue(typo.startsWith("L"), "the first letter is kept: " + typo);

            LocalDate birth = LocalDate.of(1950, 1, 1).plusDays(random.nextInt(25_000));
            String off = EntryErrors.digitOff(birth, reference, random);
            assertNotNull(off, birth.toString());
            LocalDate d = LocalDate.parse(off);
            assertTrue(d.isBefore(reference), off);
            int differing = 0;
            for (int k = 0; k < off.length(); k++) {
                differing += off.charAt(k) != birth.toString().charAt(k) ? 1 : 0;
            }
            assertEquals(1, differing, birth + " → " + off);
        }
    }

    @Test
    void particlesAreSpacedOrGluedOnlyInSurnamesWrittenBothWays() {
        assertEquals("Le Gall", EntryErrors.particleSpacing("Legall"));
        assertEquals("Legall", EntryErrors.particleSpacing("Le Gall"));
        assertEquals("De La Roche", EntryErrors.particleSpacing("Delaroche"));
        assertEquals("Delaroche", EntryErrors.particleSpacing("De La Roche"));
        assertEquals("Du Pont", EntryErrors.particleSpacing("Dupont"));
        for (String plain : List.of("Martin", "Durand", "Laurent", "Lambert", "Denis", "Le Gall-Martin")) {
            assertNull(EntryErrors.particleSpacing(plain), plain);
        }
    }

    @Test
    void initialsKeepTheHyphen() {
        assertEquals("J.-P.", EntryErrors.initials("Jean-Pierre", true));
        assertEquals("M", EntryErrors.initials("Marie", false));
        assertEquals("", EntryErrors.typo("", new SplittableRandom(1)));
    }

    /**
     * The hard model at its documented rates, measured on a generated dump: each error shows in the
     * field it is about, compared with the person's first record, and at about its rate; the first
     * records carry none, and the standard model draws none.
     */
    @Test
    void theHardModelPutsEachErrorInItsFieldAtItsRate(@TempDir Path dir) {
        List<String> sets = new ArrayList<>(List.of("generate.errors=hard"));
        for (Dirt d : Dirt.values()) {
            sets.add("generate.dirt." + d.configName() + "=0");
        }
        GenerateConfig config = Generated.config(60_000, 17, 30_000, OutputFormat.CSV, false, sets.toArray(new String[0]));
        Generated.generate(config, dir.resolve("hard"));
        Generated.generate(config, dir.resolve("again"));
        assertEquals(DumpFiles.readDump(dir.resolve("hard/dump")).stream().map(DumpFiles.Parsed::values).toList(),
                DumpFiles.readDump(dir.resolve("again/dump")).stream().map(DumpFiles.Parsed::values).toList(), "the same seed, the same errors");
        Map<String, DumpFiles.Truth> truth = DumpFiles.readTruth(dir.resolve("hard/truth"));
        Map<String, List<String>> fields = new HashMap<>();
        for (DumpFiles.Parsed r : DumpFiles.readDump(dir.resolve("hard/dump"))) {
            fields.put(r.values().get(DumpColumns.RECORD_ID), r.values());
        }
        Map<String, List<String>> firstOf = new HashMap<>();
        for (DumpFiles.Truth t : truth.values()) {
            if (t.kind().equals("FIRST")) {
                assertEquals(List.of(), t.entryErrors(), "a first record is the person as they are");
                firstOf.put(t.personId(), fields.get(t.recordId()));
            }
        }
        EnumMap<EntryError, Integer> counts = new EnumMap<>(EntryError.class);
        EnumMap<EntryError, Integer> unchanged = new EnumMap<>(EntryError.class);
        Map<String, String> husbands = new HashMap<>();
        int husbandsSeenTwice = 0;
        int later = 0;
        for (DumpFiles.Truth t : truth.values()) {
            if (t.kind().equals("FIRST")) {
                continue;
            }
            later++;
            List<String> first = firstOf.get(t.personId());
            List<String> mine = fields.get(t.recordId());
            for (String name : t.entryErrors()) {
                EntryError e = java.util.Arrays.stream(EntryError.values()).filter(x -> x.configName().equals(name)).findFirst().orElseThrow();
                counts.merge(e, 1, Integer::sum);
                int column = switch (e) {
                    case SURNAME_TYPO, MARRIED_NAME, COMPOUND_SURNAME_REORDERED, PARTICLE_SPACING -> DumpColumns.SURNAME;
                    case GIVEN_NAME_TYPO, GIVEN_NAME_INITIALS -> DumpColumns.GIVEN_NAMES;
                    case BIRTH_DATE_DIGIT, BIRTH_DATE_DAY_MONTH_SWAPPED, BIRTH_DATE_FIRST_OF_JANUARY -> DumpColumns.BIRTH_DATE;
                    case CHANGED_EMAIL -> DumpColumns.EMAIL;
                    case CHANGED_ADDRESS -> DumpColumns.STREET_ADDRESS;
                };
                if (first.get(column).equals(mine.get(column))) {
                    // The error undid another difference (a typo of a standard variation's typo), or a move drew
                    // the same street name in another town: rare.
                    unchanged.merge(e, 1, Integer::sum);
                }
            }
            if (t.entryErrors().contains(EntryError.BIRTH_DATE_DAY_MONTH_SWAPPED.configName())) {
                LocalDate born = LocalDate.parse(first.get(DumpColumns.BIRTH_DATE));
                assertEquals(LocalDate.of(born.getYear(), born.getDayOfMonth(), born.getMonthValue()).toString(),
                        mine.get(DumpColumns.BIRTH_DATE));
            }
            if (t.entryErrors().contains(EntryError.MARRIED_NAME.configName()) && t.entryErrors().size() == 1
                    && t.variation().equals("NONE")) {
                // The husband's name: what is left of the record's surname without the birth name and the words around it.
                String husband = mine.get(DumpColumns.SURNAME).replace(first.get(DumpColumns.SURNAME), " ").replace("épouse", " ")
                        .replace("ép.", " ").replaceAll("^[\\s-]+|[\\s-]+$", "");
                String before = husbands.putIfAbsent(t.personId(), husband);
                if (before != null) {
                    husbandsSeenTwice++;
                    assertEquals(before, husband, "one husband per person: " + t.personId());
                }
            }
            if (t.entryErrors().stream().noneMatch(n -> n.startsWith("birth-date"))) {
                assertEquals(first.get(DumpColumns.BIRTH_DATE), mine.get(DumpColumns.BIRTH_DATE), "no error, no change: " + t.recordId());
            }
        }
        assertTrue(later > 10_000, "later records: " + later);
        unchanged.forEach((e, n) -> assertTrue(n <= Math.max(2, counts.get(e) / 50), e + ": " + n + " of " + counts.get(e) + " unchanged"));
        // Rates of the errors drawn first for any later record, within 3.5 standard errors.
        for (EntryError e : List.of(EntryError.SURNAME_TYPO, EntryError.CHANGED_ADDRESS, EntryError.GIVEN_NAME_INITIALS,
                EntryError.CHANGED_EMAIL)) {
            double rate = config.entryErrors().get(e);
            double measured = counts.getOrDefault(e, 0) / (double) later;
            double tolerance = 3.5 * Math.sqrt(rate * (1 - rate) / later) + (e == EntryError.CHANGED_EMAIL ? 0.02 : 0);
            assertTrue(Math.abs(measured - rate) < tolerance, e + ": " + measured + " for " + rate);
        }
        for (EntryError e : EntryError.values()) {
            assertTrue(counts.getOrDefault(e, 0) > 0, e + " never made: " + counts);
        }
        assertTrue(husbandsSeenTwice > 0, "a married woman's name seen in two records");

        Generated.generate(Generated.config(5_000, 17, 5_000, OutputFormat.CSV, false), dir.resolve("standard"));
        assertTrue(DumpFiles.readTruth(dir.resolve("standard/truth")).values().stream().allMatch(t -> t.entryErrors().isEmpty()));
    }
}
