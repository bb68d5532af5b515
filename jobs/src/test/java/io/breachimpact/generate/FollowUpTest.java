package io.breachimpact.generate;

import io.breachimpact.config.AppConfig;
import io.breachimpact.error.BreachImpactException;
import io.breachimpact.model.DumpColumns;
import io.breachimpact.testing.DumpFiles;
import io.breachimpact.testing.Generated;
import io.breachimpact.testing.SharedSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A follow-up delivery of a synthetic population, read back from its files and truth: corrections of
 * known records (nothing else in them changed), further records of known persons, new persons, and no
 * record id, account id or person id used twice.
 */
class FollowUpTest {
    private static final Set<Integer> ADDRESS = Set.of(DumpColumns.STREET_ADDRESS, DumpColumns.POSTAL_CODE, DumpColumns.CITY);
    private static final Set<Integer> IDENTITY = Set.of(DumpColumns.SURNAME, DumpColumns.GIVEN_NAMES, DumpColumns.BIRTH_DATE);

    private static GenerateJob.Result followUp(Path dir, String of, String name, long rows, long rowsPerFile, String... sets) {
        GenerateConfig config = Generated.config(rows, 0, rowsPerFile, OutputFormat.CSV, false, sets);
        return GenerateJob.followUp(SharedSpark.spark(), config, FollowUpConfig.from(AppConfig.defaults("local", sets)), of,
                dir.resolve("gt/" + of).toString(), dir.resolve("raw/" + name).toString(), dir.resolve("gt/" + name).toString(), false)
                .run(SharedSpark.spark());
    }

    /** A population's first batch, laid out as in a lake: raw/NAME, gt/NAME. */
    private static void first(Path dir, String name, GenerateConfig config) {
        new GenerateJob(config, dir.resolve("raw/" + name).toString(), dir.resolve("gt/" + name).toString(), false).run(SharedSpark.spark());
    }

    @Test
    void correctionsChangeOneThingOfAKnownRecordAndNewRecordsTakeNewIds(@TempDir Path dir) {
        // A hard population: corrections that fix an identity have typos and wrong dates to fix.
        String[] hard = {"generate.errors=hard"};
        first(dir, "base", Generated.config(3_000, 41, 1_000, OutputFormat.CSV, false, hard));
        GenerateJob.Result result = followUp(dir, "base", "f1", 600, 400, hard);
        assertEquals(600, result.stats().rows());
        assertEquals(Map.of("of", "base", "new_person_records", 330L, "known_person_records", 180L, "corrections", 90L),
                Map.copyOf(result.followUp()));

        Map<String, DumpFiles.Truth> before = DumpFiles.readTruth(dir.resolve("gt/base"));
        Map<String, DumpFiles.Truth> truth = DumpFiles.readTruth(dir.resolve("gt/f1"));
        assertEquals(600, truth.size(), "no record id twice in the delivery");
        Set<String> knownPersons = before.values().stream().map(DumpFiles.Truth::personId).collect(Collectors.toSet());

        List<DumpFiles.Truth> corrections = truth.values().stream().filter(t -> !t.correction().equals("none")).toList();
        assertEquals(90, corrections.size());
        for (DumpFiles.Truth t : corrections) {
            DumpFiles.Truth was = before.get(t.recordId());
            assertTrue(was != null, t.recordId() + " is corrected but was never sent");
            assertEquals(List.of(was.personId(), was.kind(), was.contactOwner()), List.of(t.personId(), t.kind(), t.contactOwner()));
        }
        assertEquals(Set.of("moved", "new-email", "new-phone", "identity-fixed"),
                corrections.stream().map(DumpFiles.Truth::correction).collect(Collectors.toSet()));

        List<Long> fresh = truth.values().stream().filter(t -> t.correction().equals("none"))
                .map(t -> Long.parseLong(t.recordId().substring(3))).sorted().toList();
        assertEquals(510, fresh.size());
        assertEquals(3_001L, fresh.get(0));
        assertEquals(3_510L, fresh.get(fresh.size() - 1), "new record ids follow the population's, without a gap");
        long ofKnownPersons = truth.values().stream().filter(t -> t.correction().equals("none") && knownPersons.contains(t.personId()))
                .peek(t -> assertTrue(Set.of("ANOTHER_DOCUMENT", "SECOND_ACCOUNT", "DUPLICATE").contains(t.kind()), t.toString())).count();
        assertEquals(180, ofKnownPersons);

        // Field by field against the record first sent: a correction changes its kind's fields and nothing else, which
        // also shows that the population's records were generated again exactly.
        Map<String, DumpFiles.Parsed> sent = whole(DumpFiles.readDump(dir.resolve("raw/base")));
        Map<String, DumpFiles.Parsed> resent = whole(DumpFiles.readDump(dir.resolve("raw/f1")));
        Map<String, Integer> changed = new HashMap<>();
        int compared = 0;
        for (DumpFiles.Truth t : corrections) {
            DumpFiles.Parsed a = sent.get(t.recordId());
            DumpFiles.Parsed b = resent.get(t.recordId());
            if (a == null || b == null) {
                continue; // a line cut or lengthened by its dirt, in either delivery
            }
            compared++;
            Set<Integer> allowed = switch (t.correction()) {
                case "moved" -> ADDRESS;
                case "new-email" -> Set.of(DumpColumns.EMAIL);
                case "new-phone" -> Set.of(DumpColumns.PHONE);
                default -> IDENTITY;
            };
            boolean any = false;
            for (int i = 0; i < DumpColumns.COUNT; i++) {
                if (!a.get(i).equals(b.get(i))) {
                    assertTrue(allowed.contains(i), t.correction() + " of " + t.recordId() + " changed " + DumpColumns.HEADER.get(i));
                    any = true;
                }
            }
            changed.merge(t.correction(), any ? 1 : 0, Integer::sum);
        }
        assertTrue(compared >= 80, "too few whole lines to compare: " + compared);
        for (Map.Entry<String, Integer> e : changed.entrySet()) {
            assertTrue(e.getValue() > 0, "no " + e.getKey() + " correction changed anything");
        }
        assertEquals((long) changed.get("identity-fixed"), corrections.stream().filter(t -> t.correction().equals("identity-fixed"))
                .filter(t -> sent.containsKey(t.recordId()) && resent.containsKey(t.recordId())).count(),
                "an identity fix is drawn only for a record whose identity differs from the person's");
    }

    @Test
    void aFollowUpIsReproducibleAndTheNextOneContinuesItsNumbering(@TempDir Path dir, @TempDir Path again) throws Exception {
        GenerateConfig population = Generated.config(2_000, 7, 1_000, OutputFormat.CSV, false);
        first(dir, "base", population);
        followUp(dir, "base", "a", 500, 200);
        first(again, "base", population);
        followUp(again, "base", "a", 500, 200);
        for (String file : List.of("raw/a/records-00001-of-00004.csv", "raw/a/records-00004-of-00004.csv", "gt/a/truth-records-00003-of-00004.csv")) {
            assertArrayEquals(Files.readAllBytes(dir.resolve(file)), Files.readAllBytes(again.resolve(file)), file);
        }
        BreachImpactException second = assertThrows(BreachImpactException.class, () -> followUp(dir, "base", "b", 500, 200));
        assertTrue(second.getMessage().contains("a is already a follow-up of base"), second.getMessage());
        followUp(dir, "a", "c", 500, 200);

        Map<String, DumpFiles.Truth> truth = new HashMap<>();
        for (String delivery : List.of("base", "a", "c")) {
            truth.putAll(DumpFiles.readTruth(dir.resolve("gt/" + delivery)));
        }
        Map<String, DumpFiles.Truth> base = DumpFiles.readTruth(dir.resolve("gt/base"));
        Map<String, DumpFiles.Truth> a = DumpFiles.readTruth(dir.resolve("gt/a"));
        Map<String, DumpFiles.Truth> c = DumpFiles.readTruth(dir.resolve("gt/c"));
        long firstOfC = c.values().stream().filter(t -> t.correction().equals("none"))
                .mapToLong(t -> Long.parseLong(t.recordId().substring(3))).min().orElseThrow();
        assertEquals(2_000 + 500 - 75 + 1, firstOfC, "the second follow-up numbers on after the first's new records");
        Set<String> newInA = persons(a, base);
        Set<String> newInC = persons(c, base);
        assertFalse(newInA.isEmpty());
        assertTrue(newInC.stream().noneMatch(newInA::contains), "a person id is never given twice");
        assertTrue(newInC.size() > 100, "c has new persons of its own: " + newInC.size());

        // An account belongs to one person across the three deliveries: no follow-up reuses an id for someone else.
        Map<String, Set<String>> personsByAccount = new HashMap<>();
        long secondAccounts = 0;
        for (String delivery : List.of("base", "a", "c")) {
            for (DumpFiles.Parsed p : whole(DumpFiles.readDump(dir.resolve("raw/" + delivery))).values()) {
                personsByAccount.computeIfAbsent(p.get(DumpColumns.ACCOUNT_ID), k -> new java.util.HashSet<>()).add(truth.get(p.get(0)).personId());
            }
        }
        for (DumpFiles.Truth t : a.values()) {
            secondAccounts += t.correction().equals("none") && t.kind().equals("SECOND_ACCOUNT") ? 1 : 0;
        }
        assertTrue(secondAccounts > 0, "the follow-up opens second accounts");
        List<String> shared = personsByAccount.entrySet().stream().filter(e -> e.getValue().size() > 1).map(Map.Entry::getKey).toList();
        assertEquals(List.of(), shared, "accounts held by two persons");
    }

    @Test
    void aFollowUpUnderOtherGenerateSettingsOrLargerThanItsPopulationIsRefused(@TempDir Path dir) {
        first(dir, "base", Generated.config(1_000, 3, 1_000, OutputFormat.CSV, false));
        BreachImpactException other = assertThrows(BreachImpactException.class,
                () -> followUp(dir, "base", "x", 100, 100, "generate.dirt.missing-email=0.5"));
        assertTrue(other.getMessage().contains("differs from the one base's population was drawn with"), other.getMessage());
        BreachImpactException large = assertThrows(BreachImpactException.class, () -> followUp(dir, "base", "y", 10_000, 1_000));
        assertTrue(large.getMessage().contains("more than the 1000 records of the population's first batch"), large.getMessage());
        BreachImpactException none = assertThrows(BreachImpactException.class, () -> followUp(dir, "nothing", "z", 100, 100));
        assertTrue(none.getMessage().contains("no generation-report.json"), none.getMessage());
    }

    /** Persons of a delivery's records sent once that {@code known} does not hold. */
    private static Set<String> persons(Map<String, DumpFiles.Truth> truth, Map<String, DumpFiles.Truth> known) {
        Set<String> knownPersons = known.values().stream().map(DumpFiles.Truth::personId).collect(Collectors.toSet());
        return truth.values().stream().filter(t -> t.correction().equals("none")).map(DumpFiles.Truth::personId)
                .filter(p -> !knownPersons.contains(p)).collect(Collectors.toCollection(java.util.HashSet::new));
    }

    /** The records whose line holds exactly the dump's columns, in valid UTF-8, by record id. */
    private static Map<String, DumpFiles.Parsed> whole(List<DumpFiles.Parsed> parsed) {
        Map<String, DumpFiles.Parsed> byId = new HashMap<>();
        for (DumpFiles.Parsed p : parsed) {
            if (p.values().size() == DumpColumns.COUNT && p.validUtf8()) {
                byId.put(p.get(0), p);
            }
        }
        return byId;
    }
}
