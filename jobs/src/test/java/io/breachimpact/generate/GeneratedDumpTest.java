package io.breachimpact.generate;

import io.breachimpact.model.DumpColumns;
import io.breachimpact.reference.Commune;
import io.breachimpact.reference.Departement;
import io.breachimpact.reference.ReferenceData;
import io.breachimpact.reference.Region;
import io.breachimpact.testing.DumpFiles;
import io.breachimpact.testing.DumpFiles.Parsed;
import io.breachimpact.testing.DumpFiles.Truth;
import io.breachimpact.testing.Generated;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.Period;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reads a 300,000-row generated dump back with Commons CSV, as an ingest would, and checks it
 * against the reference data and the configured rates: realism is measured, not assumed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GeneratedDumpTest {
    static final long ROWS = 300_000;
    private static final Pattern VALID_EMAIL = Pattern.compile("^[a-z0-9._-]+@[a-z0-9-]+(\\.[a-z0-9-]+)*\\.[a-z]{2,}$");

    Path dir;
    GenerateConfig config;
    GenerationStats stats;
    List<Parsed> dump;
    Map<String, Truth> truth;
    final ReferenceData reference = ReferenceData.get();
    final Map<String, String> departementOfPostalCode = new HashMap<>();
    final Set<String> communePairs = new HashSet<>();

    @BeforeAll
    void generate(@TempDir Path dir) {
        this.dir = dir;
        config = Generated.config(ROWS, 424242L, 100_000, OutputFormat.CSV, false);
        stats = Generated.generate(config, dir).stats();
        dump = DumpFiles.readDump(dir.resolve("dump"));
        truth = DumpFiles.readTruth(dir.resolve("truth"));
        for (Commune c : reference.communes()) {
            departementOfPostalCode.put(c.postalCode(), c.departementCode());
            communePairs.add(c.postalCode() + "|" + c.name());
        }
    }

    private Truth truthOf(Parsed p) {
        return truth.get(p.get(DumpColumns.RECORD_ID));
    }

    /** Rows whose line-level structure is intact: 13 columns of valid UTF-8. */
    private List<Parsed> wellFormed() {
        return dump.stream().filter(p -> p.validUtf8() && p.values().size() == DumpColumns.COUNT).toList();
    }

    @Test
    void everyRecordIsInTheDumpOnceAndInTheTruthOnce() {
        assertEquals(ROWS, dump.size());
        assertEquals(ROWS, truth.size());
        Set<String> ids = new HashSet<>();
        for (Parsed p : dump) {
            assertTrue(ids.add(p.get(DumpColumns.RECORD_ID)), "duplicate record id " + p.get(0));
            assertTrue(truth.containsKey(p.get(DumpColumns.RECORD_ID)), "no truth for " + p.get(0));
        }
        assertEquals(3, DumpFiles.files(dir.resolve("dump"), ".csv").size());
        assertEquals(stats.persons(), truth.values().stream().map(Truth::personId).distinct().count());
    }

    @Test
    void onlyTheInjectedLineDirtFailsToParse() {
        int failing = 0;
        for (Parsed p : dump) {
            Truth t = truthOf(p);
            boolean structurallyDirty = t.has("truncated-line") || t.has("extra-columns") || t.has("latin1-bytes");
            boolean fails = !p.validUtf8() || p.values().size() != DumpColumns.COUNT;
            assertEquals(structurallyDirty, fails, () -> "record " + t.recordId() + " dirt " + t.dirt() + " parsed " + p.values());
            if (t.has("truncated-line")) {
                assertTrue(p.values().size() < DumpColumns.COUNT);
            }
            if (t.has("extra-columns")) {
                assertTrue(p.values().size() > DumpColumns.COUNT);
            }
            failing += fails ? 1 : 0;
        }
        assertTrue(failing > 0, "the sample should contain some structurally broken lines");
        // Legal-but-awkward CSV parses: embedded newlines and quotes survive as values.
        long newlines = wellFormed().stream().filter(p -> p.get(DumpColumns.STREET_ADDRESS).contains("\n")).count();
        long quotes = wellFormed().stream().filter(p -> p.get(DumpColumns.STREET_ADDRESS).contains("\"")).count();
        assertTrue(newlines > 0 && quotes > 0);
    }

    @Test
    void regionsFollowInseeLegalPopulations() {
        Map<String, Long> byRegion = new HashMap<>();
        long n = 0;
        for (Parsed p : wellFormed()) {
            if (truthOf(p).has("postal-code-city-mismatch")) {
                continue;
            }
            String dept = departementOfPostalCode.get(p.get(DumpColumns.POSTAL_CODE));
            byRegion.merge(reference.departements().get(dept).regionCode(), 1L, Long::sum);
            n++;
        }
        long population = reference.regions().values().stream().mapToLong(Region::population).sum();
        for (Region r : reference.regions().values()) {
            double expected = (double) r.population() / population;
            double observed = byRegion.getOrDefault(r.code(), 0L) / (double) n;
            // Six standard errors, with a design effect of 1.5 for the records one person has.
            double tolerance = 6 * Math.sqrt(1.5 * expected * (1 - expected) / n);
            assertEquals(expected, observed, tolerance, "share of région " + r.code() + " " + r.name());
        }
    }

    @Test
    void eachDocumentTypeHasItsOwnAgeProfile() {
        Map<String, List<Integer>> ages = new HashMap<>();
        for (Parsed p : wellFormed()) {
            if (truthOf(p).has("impossible-birth-date")) {
                continue;
            }
            int age = Period.between(LocalDate.parse(p.get(DumpColumns.BIRTH_DATE)), config.referenceDate()).getYears();
            ages.computeIfAbsent(p.get(DumpColumns.DOCUMENT_TYPE), k -> new ArrayList<>()).add(age);
        }
        assertEquals(Set.of("PASSEPORT", "CNI", "PERMIS_CONDUIRE", "TITRE_SEJOUR"), ages.keySet());
        assertTrue(ages.get("PERMIS_CONDUIRE").stream().allMatch(a -> a >= 17), "no licence before 17");
        assertTrue(ages.get("TITRE_SEJOUR").stream().allMatch(a -> a >= 18), "residence permits are for adults");
        assertTrue(share(ages.get("TITRE_SEJOUR"), 25, 49) > 0.55, "residence permits skew working age");
        assertTrue(share(ages.get("PERMIS_CONDUIRE"), 18, 24) > 2 * share(ages.get("PASSEPORT"), 18, 24), "licences skew young");
        assertTrue(share(ages.get("PASSEPORT"), 0, 17) > 0.10, "passports include minors");
        assertTrue(share(ages.get("CNI"), 0, 17) > 0.10, "ID cards include minors");
        assertTrue(ages.get("CNI").stream().anyMatch(a -> a >= 90), "ages reach past 90");
        assertTrue(ages.values().stream().flatMap(List::stream).allMatch(a -> a >= 0 && a <= 100));
    }

    private static double share(List<Integer> ages, int from, int to) {
        return ages.stream().filter(a -> a >= from && a <= to).count() / (double) ages.size();
    }

    @Test
    void minorsAreReachedThroughAGuardian() {
        long minors = 0;
        for (Parsed p : wellFormed()) {
            Truth t = truthOf(p);
            if (t.has("impossible-birth-date")) {
                continue;
            }
            int age = Period.between(LocalDate.parse(p.get(DumpColumns.BIRTH_DATE)), config.referenceDate()).getYears();
            assertEquals(age < 18, t.contactOwner().equals("GUARDIAN"), "record " + t.recordId());
            minors += age < 18 ? 1 : 0;
        }
        assertTrue(minors > ROWS / 20);
    }

    @Test
    void dirtRatesAreWithinToleranceOfTheConfiguredRates() {
        long n = ROWS;
        Map<String, Long> count = new HashMap<>();
        for (Truth t : truth.values()) {
            for (String d : t.dirt()) {
                count.merge(d, 1L, Long::sum);
            }
        }
        long nonAscii = dump.stream().filter(p -> !p.validUtf8()
                || p.values().stream().anyMatch(v -> v.chars().anyMatch(c -> c > 127))).count();
        Map<Dirt, Long> applicable = new HashMap<>();
        for (Dirt d : Dirt.values()) {
            applicable.put(d, n);
        }
        applicable.put(Dirt.MALFORMED_EMAIL, n - count.getOrDefault("missing-email", 0L));
        applicable.put(Dirt.MALFORMED_PHONE, n - count.getOrDefault("missing-phone", 0L));
        applicable.put(Dirt.EXTRA_COLUMNS, n - count.getOrDefault("truncated-line", 0L));
        applicable.put(Dirt.LATIN1_BYTES, nonAscii);
        for (Dirt d : Dirt.values()) {
            double rate = config.dirtRate(d);
            long population = applicable.get(d);
            double expected = rate * population;
            double tolerance = 5 * Math.sqrt(population * rate * (1 - rate)) + 1;
            long observed = count.getOrDefault(d.configName(), 0L);
            assertEquals(expected, observed, tolerance, d.configName() + " injected " + observed + " of " + population);
            assertEquals(observed, stats.dirt(d), "the run's report counts what the truth says for " + d.configName());
        }
    }

    @Test
    void injectedValueDirtIsVisibleAndCleanValuesAreValid() {
        for (Parsed p : wellFormed()) {
            Truth t = truthOf(p);
            String email = p.get(DumpColumns.EMAIL).trim().toLowerCase();
            if (t.has("missing-email")) {
                assertEquals("", email, "missing, perhaps with stray whitespace");
            } else if (t.has("malformed-email")) {
                assertFalse(VALID_EMAIL.matcher(email).matches(), email);
            } else {
                assertTrue(VALID_EMAIL.matcher(email).matches(), email);
            }
            if (t.has("missing-phone")) {
                assertEquals("", p.get(DumpColumns.PHONE));
            }
            boolean possibleDate = possibleBirthDate(p.get(DumpColumns.BIRTH_DATE));
            assertEquals(!t.has("impossible-birth-date"), possibleDate, p.get(DumpColumns.BIRTH_DATE));
            if (!t.has("stray-whitespace-and-case")) {
                boolean known = communePairs.contains(p.get(DumpColumns.POSTAL_CODE) + "|" + p.get(DumpColumns.CITY));
                assertEquals(!t.has("postal-code-city-mismatch"), known, p.get(DumpColumns.POSTAL_CODE) + " " + p.get(DumpColumns.CITY));
            }
        }
    }

    private boolean possibleBirthDate(String text) {
        try {
            LocalDate d = LocalDate.parse(text);
            return !d.isAfter(config.referenceDate()) && d.getYear() >= 1900;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    @Test
    void phoneNumbersMatchTheNumberingPlanOfTheirDepartement() {
        int checked = 0;
        for (Parsed p : wellFormed()) {
            Truth t = truthOf(p);
            if (!t.kind().equals("FIRST") || !t.dirt().isEmpty()) {
                continue;
            }
            Departement dept = reference.departements().get(departementOfPostalCode.get(p.get(DumpColumns.POSTAL_CODE)));
            String national = national(p.get(DumpColumns.PHONE));
            assertEquals(10, national.length(), p.get(DumpColumns.PHONE));
            String region = io.breachimpact.ingest.normalize.PostalGeography.phoneRegion(dept.code());
            assertTrue(io.breachimpact.ingest.normalize.Phones.normalize(national, region).valid(),
                    "libphonenumber knows " + national + " (" + region + ") as an allocated number");
            boolean mobile = dept.mobilePrefixes().stream().anyMatch(national::startsWith);
            boolean landline = national.startsWith(dept.landlinePrefix());
            assertTrue(mobile || landline, national + " in " + dept.code());
            if (!dept.overseas()) {
                assertFalse(national.startsWith("0639") || national.matches("069[0-7].*"), "overseas mobile range in metropolitan " + national);
                if (national.startsWith("07")) {
                    assertTrue(national.charAt(2) >= '3', "07 mobiles are 073–079: " + national);
                }
            }
            checked++;
        }
        assertTrue(checked > ROWS / 3);
    }

    /** The national significant number with its 0, from any of the ways people write it. */
    static String national(String written) {
        String digits = written.replaceAll("[^0-9]", "");
        if (written.startsWith("+") || digits.startsWith("00")) {
            digits = digits.replaceFirst("^00", "");
            digits = digits.startsWith("33") ? digits.substring(2) : digits.substring(3);
            return "0" + digits;
        }
        return digits;
    }

    @Test
    void documentNumbersFollowTheirFormats() {
        Map<String, Pattern> formats = Map.of(
                "PASSEPORT", Pattern.compile("\\d{2}[A-Z]{2}\\d{5}"),
                "CNI", Pattern.compile("\\d{12}|[0-9A-Z]{9}"),
                "PERMIS_CONDUIRE", Pattern.compile("\\d{4}(\\d{2}|2A|2B)\\d{6}|\\d{2}[A-Z]{2}\\d{5}"),
                "TITRE_SEJOUR", Pattern.compile("[1-9]\\d{9}"));
        long present = 0;
        for (Parsed p : wellFormed()) {
            String number = p.get(DumpColumns.DOCUMENT_NUMBER);
            if (number.isEmpty()) {
                continue;
            }
            present++;
            String type = p.get(DumpColumns.DOCUMENT_TYPE);
            assertTrue(formats.get(type).matcher(number).matches(), type + " " + number);
            if (type.equals("CNI")) {
                boolean newCard = !LocalDate.parse(p.get(DumpColumns.REQUEST_DATE)).isBefore(LocalDate.of(2021, 8, 2));
                assertEquals(newCard, number.length() == 9, "card generation of " + number);
            }
        }
        double share = present / (double) wellFormed().size();
        assertEquals(config.documentNumberShare(), share, 0.01);
    }

    @Test
    void aPersonsRecordsShareTheirBirthDate() {
        Map<String, String> birthOfPerson = new HashMap<>();
        Map<String, Integer> recordsOfPerson = new HashMap<>();
        for (Parsed p : wellFormed()) {
            Truth t = truthOf(p);
            recordsOfPerson.merge(t.personId(), 1, Integer::sum);
            if (t.has("impossible-birth-date")) {
                continue;
            }
            String previous = birthOfPerson.putIfAbsent(t.personId(), p.get(DumpColumns.BIRTH_DATE));
            if (previous != null) {
                assertEquals(previous, p.get(DumpColumns.BIRTH_DATE), "person " + t.personId());
            }
        }
        long several = recordsOfPerson.values().stream().filter(c -> c > 1).count();
        assertTrue(several > recordsOfPerson.size() / 5, "a good share of persons have several records");
        long duplicates = truth.values().stream().filter(t -> t.kind().equals("DUPLICATE")).count();
        for (Variation v : Variation.values()) {
            if (v != Variation.NONE) {
                assertTrue(truth.values().stream().anyMatch(t -> t.variation().equals(v.name())), "variation " + v);
            }
        }
        assertTrue(duplicates > 0);
    }
}
