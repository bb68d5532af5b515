package io.breachimpact.pipeline;

import io.breachimpact.spark.DeltaTables;
import io.breachimpact.spark.Lake;
import io.breachimpact.testing.SampleLake;
import io.breachimpact.testing.SharedSpark;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The catalogue against the tables the chain really writes on the sample: who may read what. */
class LakeTableTest {
    /**
     * Columns that name, reach or locate a victim (the match model's term frequencies are keyed by surnames; a
     * slip key is an unkeyed hash of an email, a phone, an account or a document, which a guessed value can be
     * tested against).
     */
    private static final Set<String> DIRECT_IDENTIFIERS = Set.of("email", "phone", "mobile_phone", "phone_e164", "given_names", "surname",
            "street_address", "city", "raw_text", "document_number", "account_id", "date_of_birth", "msisdn", "name", "surname_frequency",
            "slip_key");

    @Test
    void onlyTablesDeclaredAsCarryingContactsHoldADirectIdentifier() {
        Lake lake = SampleLake.get().lake();
        List<String> offending = new ArrayList<>();
        List<String> declaredButClean = new ArrayList<>();
        for (LakeTable table : LakeTable.values()) {
            if (!DeltaTables.exists(SharedSpark.spark(), table.path(lake))) {
                assertTrue(Set.of(LakeTable.GOLD_CARRIED_ENROLLMENT_CODES, LakeTable.OPS_CORRECTIONS).contains(table),
                        table + ": every table but rekey's and the corrections' is written by the chain");
                continue;
            }
            org.apache.spark.sql.types.StructType schema = DeltaTables.read(SharedSpark.spark(), table.path(lake)).schema();
            assertEquals(List.of(), table.breaches(schema), table + " as the chain wrote it keeps the columns it promises");
            Set<String> identifiers = new HashSet<>(Arrays.asList(schema.fieldNames()));
            identifiers.retainAll(DIRECT_IDENTIFIERS);
            if (table.audience() != LakeTable.Audience.CONTACTS && !identifiers.isEmpty()) {
                offending.add(table + " " + identifiers);
            }
            if (table.audience() == LakeTable.Audience.CONTACTS && identifiers.isEmpty()) {
                declaredButClean.add(table.toString());
            }
        }
        assertEquals(List.of(), offending, "direct identifiers in tables that may be read without the contacts' clearance");
        assertEquals(List.of(), declaredButClean, "tables declared as carrying contacts that hold none");
    }

    @Test
    void aWriteThatDropsOrRetypesAPromisedColumnIsCaught() {
        org.apache.spark.sql.types.StructType links = org.apache.spark.sql.types.StructType.fromDDL("record_id STRING, person_id BIGINT, extra INT");
        assertEquals(List.of("person_id is bigint, not string"), LakeTable.SILVER_PERSON_RECORDS.breaches(links));
        assertEquals(List.of("person_id missing"), LakeTable.SILVER_PERSON_RECORDS.breaches(
                org.apache.spark.sql.types.StructType.fromDDL("record_id STRING")));
    }

    @Test
    void eachTableIsDeclaredOnceAndEveryJobOfTheChainWritesSome() {
        Set<String> locations = new HashSet<>();
        for (LakeTable t : LakeTable.values()) {
            assertTrue(locations.add(t.location()), t + " declared twice");
            assertTrue(t.statisticsColumns() >= 1, t.toString());
        }
        for (JobName job : List.of(JobName.INGEST, JobName.RESOLVE, JobName.EXPOSURE, JobName.DECIDE)) {
            assertTrue(!LakeTable.writtenBy(job).isEmpty(), job.toString());
        }
        Lake lake = new Lake("/lake/");
        assertEquals("/lake/silver/persons", lake.silverPersons());
        assertEquals(LakeTable.data().size(), lake.tables().size());
        assertTrue(!lake.tables().containsKey("ops/runs"));
    }
}
