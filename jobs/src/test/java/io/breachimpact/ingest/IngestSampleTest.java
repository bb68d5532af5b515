package io.breachimpact.ingest;

import io.breachimpact.testing.DumpFiles;
import io.breachimpact.testing.DumpFiles.Truth;
import io.breachimpact.testing.Ingest;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The committed dirty sample through ingest, judged against the generator's ground truth: every
 * record lands in exactly one place, for the reason the truth predicts.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IngestSampleTest {
    private static final Path SAMPLES = Path.of(System.getProperty("breachimpact.project.root"), "data-samples");

    private Ingest ingest;
    private IngestJob.Result result;
    private Map<String, Truth> truth;
    private final Map<String, Row> silver = new HashMap<>();
    private final Map<String, Row> quarantine = new HashMap<>();

    @BeforeAll
    void ingestTheSample(@TempDir Path lake) {
        ingest = new Ingest(lake);
        result = ingest.ingest("sample", SAMPLES.resolve("dump"));
        truth = DumpFiles.readTruth(SAMPLES.resolve("ground-truth"));
        for (Row r : ingest.silver().collectAsList()) {
            silver.put(r.getAs("record_id"), r);
        }
        for (Row r : ingest.quarantine().collectAsList()) {
            String id = r.getAs("record_id");
            if (id == null) {
                String raw = r.getAs("raw_text");
                id = raw.substring(0, raw.indexOf(','));
            }
            quarantine.put(id, r);
        }
    }

    @Test
    void everyRecordIsInSilverOrTheQuarantineExactlyOnce() {
        assertFalse(result.skipped());
        Reconciliation rec = result.reconciliation();
        assertTrue(rec.balanced());
        assertEquals(20_000, rec.total(Reconciliation.FileCounts::read));
        assertEquals(20_000, ingest.bronze().count());
        assertEquals(rec.total(Reconciliation.FileCounts::accepted), silver.size());
        assertEquals(rec.total(Reconciliation.FileCounts::quarantined), quarantine.size());
        Set<String> both = new HashSet<>(silver.keySet());
        both.retainAll(quarantine.keySet());
        assertEquals(Set.of(), both);
        Set<String> all = new HashSet<>(silver.keySet());
        all.addAll(quarantine.keySet());
        assertEquals(truth.keySet(), all, "every record of the dump is accounted for");
        Map<String, Long> outcomes = result.outcomes();
        assertEquals(20_000L, outcomes.values().stream().mapToLong(Long::longValue).sum(), "each record in exactly one outcome: " + outcomes);
        assertEquals((long) quarantine.size(), outcomes.get("QUARANTINED"));
        long repairedInSilver = silver.values().stream().filter(r -> r.getList(r.fieldIndex("quality_flags")).stream()
                .anyMatch(f -> f.equals("REPAIRED_ENCODING") || f.equals("EXTRA_EMPTY_FIELDS") || f.equals("TRUNCATED_LINE"))).count();
        assertEquals(repairedInSilver, outcomes.get("REPAIRED") + outcomes.get("WEAK_IDENTITY"));
    }

    @Test
    void theQuarantineHoldsWhatTheTruthSaysCannotBeRead() {
        for (Truth t : truth.values()) {
            Row q = quarantine.get(t.recordId());
            List<String> reasons = q == null ? List.of() : q.getList(q.fieldIndex("reasons"));
            if (t.has("truncated-line")) {
                // Kept when what the line keeps identifies a person; else out, for that reason.
                assertTrue(Set.of("TRUNCATED_LINE", "NO_NAME").containsAll(reasons), t.recordId() + " " + reasons);
            } else if (q != null) {
                assertEquals(List.of("NO_USABLE_IDENTITY"), reasons, t.recordId() + " " + t.dirt());
                assertTrue(t.has("impossible-birth-date"), "no identity only when the birth date is unusable too");
            }
            if (q != null) {
                assertNotNull(q.getAs("raw_text"));
                assertTrue(((String) q.getAs("message")).contains(reasons.get(0) + ": "));
                assertTrue(((String) q.getAs("source_file")).endsWith("records-00001-of-00001.csv"));
                assertTrue(q.<Long>getAs("line_number") >= 2);
            }
        }
    }

    @Test
    void silverFlagsWhatTheTruthInjectedAndOnlyThat() {
        int malformedPhones = 0;
        int malformedPhonesCaught = 0;
        for (Row s : silver.values()) {
            Truth t = truth.get(s.<String>getAs("record_id"));
            List<String> flags = s.getList(s.fieldIndex("quality_flags"));
            assertEquals(t.has("latin1-bytes"), flags.contains("REPAIRED_ENCODING"), t.recordId());
            assertEquals(t.has("extra-columns"), flags.contains("EXTRA_EMPTY_FIELDS"), t.recordId());
            assertEquals(t.has("truncated-line"), flags.contains("TRUNCATED_LINE"), t.recordId());
            if (t.has("truncated-line")) {
                continue; // its last columns are missing: what it keeps is judged in the next test
            }
            boolean emailDirt = t.has("missing-email") || t.has("malformed-email");
            assertEquals(!emailDirt, s.<Boolean>getAs("email_valid"), t.recordId() + " " + s.getAs("email"));
            if (!t.has("missing-phone") && !t.has("malformed-phone")) {
                assertTrue(s.<Boolean>getAs("phone_valid"), t.recordId() + " phone " + s.getAs("phone_e164") + " " + flags);
            }
            if (t.has("malformed-phone")) {
                malformedPhones++;
                malformedPhonesCaught += s.<Boolean>getAs("phone_valid") ? 0 : 1;
            }
            assertEquals(t.has("postal-code-city-mismatch"), flags.contains("POSTAL_CODE_CITY_MISMATCH"), t.recordId());
            assertEquals(t.has("impossible-birth-date"), s.getAs("birth_date") == null, t.recordId());
            if (s.getAs("birth_date") != null) {
                assertEquals(t.contactOwner().equals("GUARDIAN"), s.<Boolean>getAs("minor"), t.recordId());
            }
            List<String> classes = s.getList(s.fieldIndex("data_classes"));
            assertTrue(classes.contains("NAME") && classes.contains("ACCOUNT_ID") && classes.contains("POSTAL_ADDRESS"));
            assertEquals(!t.has("missing-email"), classes.contains("EMAIL"), "a malformed email is still an exposed email");
            assertNotNull(s.getAs("region_code"), t.recordId());
            assertTrue(flags.stream().noneMatch(f -> f.startsWith("DOCUMENT_")), t.recordId() + " " + flags);
        }
        // "06 12 34 5O 78" is read by libphonenumber as a vanity number: a typo it cannot catch.
        assertTrue(malformedPhonesCaught >= 0.75 * malformedPhones, malformedPhonesCaught + " of " + malformedPhones);
    }

    @Test
    void repairedLinesGiveTheValuesTheGeneratorWrote() {
        // Names as written for the same human's records that carry no variation and no repair.
        Map<String, Set<String>> cleanNames = new HashMap<>();
        for (Row s : silver.values()) {
            Truth t = truth.get(s.<String>getAs("record_id"));
            if (t.variation().equals("NONE") && t.dirt().isEmpty()) {
                cleanNames.computeIfAbsent(t.personId(), k -> new HashSet<>()).add(s.getAs("surname") + "|" + s.getAs("given_names"));
            }
        }
        int compared = 0;
        int kept = 0;
        int truncated = 0;
        for (Row s : silver.values()) {
            Truth t = truth.get(s.<String>getAs("record_id"));
            String names = s.getAs("surname") + "|" + s.getAs("given_names");
            if (t.has("latin1-bytes") && t.variation().equals("NONE") && !t.has("stray-whitespace-and-case")
                    && cleanNames.containsKey(t.personId())) {
                assertTrue(cleanNames.get(t.personId()).contains(names), t.recordId() + " read as " + names);
                compared++;
            }
            if (t.has("truncated-line")) {
                kept++;
                assertNotNull(s.getAs("person_key"), t.recordId());
            }
        }
        for (Truth t : truth.values()) {
            truncated += t.has("truncated-line") ? 1 : 0;
        }
        assertTrue(compared >= 10, compared + " repaired lines compared with the same human's clean records");
        assertTrue(kept >= truncated / 3, kept + " of the " + truncated + " truncated lines kept");
    }

    @Test
    void personKeysJoinTheSameHumansRecordsAndNotStrangers() {
        Map<String, Set<String>> keysByPerson = new HashMap<>();
        Map<String, Set<String>> personsByKey = new HashMap<>();
        for (Row s : silver.values()) {
            Truth t = truth.get(s.<String>getAs("record_id"));
            String key = s.getAs("person_key");
            assertNotNull(key);
            if (t.variation().equals("NONE") && !t.has("impossible-birth-date")) {
                keysByPerson.computeIfAbsent(t.personId(), k -> new HashSet<>()).add(key);
            }
            personsByKey.computeIfAbsent(key, k -> new HashSet<>()).add(t.personId());
        }
        keysByPerson.forEach((person, keys) -> assertEquals(1, keys.size(), "person " + person + " has " + keys));
        long sharedKeys = personsByKey.values().stream().filter(p -> p.size() > 1).count();
        assertTrue(sharedKeys <= 2, sharedKeys + " person keys are shared by different humans");
        for (Row s : silver.values()) {
            String text = s.toString();
            assertFalse(text.contains(Ingest.TEST_KEY), "the secret never lands in a table");
        }
    }

    @Test
    void theSameBatchFromTheSameBytesChangesNothing() {
        Map<String, Long> before = ingest.versions();
        IngestJob.Result again = ingest.ingest("sample", SAMPLES.resolve("dump"));
        assertTrue(again.skipped());
        assertEquals(before, ingest.versions(), "no table got a new version");
        assertEquals(20_000, ingest.bronze().count());
        assertNull(again.reconciliation());
    }
}
