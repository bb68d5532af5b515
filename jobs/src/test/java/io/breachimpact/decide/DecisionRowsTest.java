package io.breachimpact.decide;

import io.breachimpact.config.PolicyConfig;
import io.breachimpact.exposure.SeverityPolicy;
import io.breachimpact.ingest.normalize.PersonKeys;
import io.breachimpact.testing.SharedSpark;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** decide's transformations on three hand-made persons, without a lake: who gets what, and where contacts go. */
class DecisionRowsTest {
    private static final StructType PERSONS = DecideJobTest.PERSONS;
    private static final List<String> ALL = List.of("EMAIL", "SMS", "LETTER");
    private static final Set<String> CONTACTS = Set.of("email", "mobile_phone", "given_names", "surname", "street_address", "postal_code",
            "city", "msisdn", "name");
    private static final PolicyConfig POLICY = PolicyConfig.defaults();
    private static final DecisionPolicy DECISION = DecisionPolicy.from(POLICY);
    private static final PersonKeys KEYS = new PersonKeys("decision-rows-test-key-0123456789abcdef");

    private static Dataset<Row> persons(SparkSession spark) {
        List<String> passport = List.of("PASSPORT");
        return spark.createDataFrame(List.of(
                // The identity-theft kit, HIGH: an email.
                RowFactory.create("PA", 1, List.of("DATE_OF_BIRTH", "DOCUMENT_NUMBER", "NAME", "POSTAL_ADDRESS"), false, 40, "a@x.fr", null,
                        ALL, List.of(), "Dupont", "Jean", "1 rue A", "69001", "Lyon", passport),
                // A minor, HIGH: a letter to the guardian.
                RowFactory.create("PB", 1, List.of("DATE_OF_BIRTH", "EMAIL", "NAME", "POSTAL_ADDRESS"), true, 12, "parent@x.fr", "+33600000002",
                        ALL, List.of(), "Martin", "Lea", "2 rue B", "69002", "Lyon", passport),
                // MEDIUM: the public communication, no notice.
                RowFactory.create("PD", 1, List.of("DATE_OF_BIRTH", "EMAIL", "NAME", "POSTAL_ADDRESS"), false, 30, "d@x.fr", null, ALL,
                        List.of(), "Petit", "Anne", "4 rue D", "69004", "Lyon", passport)), PERSONS);
    }

    private static Dataset<Row> rows(SparkSession spark, Optional<Dataset<Row>> ledger) {
        return DecisionRows.workColumns(DecisionRows.rows(persons(spark), SeverityPolicy.from(POLICY), DECISION, KEYS, Optional.empty(), ledger));
    }

    @Test
    void contactsRideOnlyOnTheSendsOfTheirChannelAndNeverIntoTheTables() {
        SparkSession spark = SharedSpark.spark();
        Dataset<Row> rows = rows(spark, Optional.empty()).cache();
        for (Row r : rows.collectAsList()) {
            String queue = r.getAs("queue");
            boolean send = r.getAs("send") != null;
            assertEquals(send && "EMAIL".equals(queue), r.getAs("email") != null, "email of " + r);
            assertEquals(send && "LETTER".equals(queue), r.getAs("street_address") != null, "address of " + r);
            if ("PD".equals(r.getAs("person_id"))) {
                assertEquals(Decisions.NOTICE.equals(r.getAs("outcome")), false, "MEDIUM: no individual notice");
                assertNull(r.getAs("send"));
            }
        }
        assertEquals(Set.of("PA:EMAIL", "PB:LETTER"), Set.copyOf(SendQueue.sends(rows).selectExpr("concat(person_id, ':', queue)").as(
                org.apache.spark.sql.Encoders.STRING()).collectAsList()));

        Waves waves = Waves.of(SendQueue.sends(rows), DECISION, LocalDate.of(2025, 12, 1));
        Dataset<Row> waved = waves.on(rows);
        Dataset<Row> table = DecisionRows.decisionsTable(waved, DECISION.version());
        Dataset<Row> ledger = DecisionRows.ledgerRows(waved, "run-1", new Timestamp(0), DECISION.version());
        for (Dataset<Row> t : List.of(table, ledger)) {
            assertTrue(java.util.Arrays.stream(t.columns()).noneMatch(CONTACTS::contains), String.join(",", t.columns()));
        }
        assertEquals(3, table.count(), "one decision per person");
        assertEquals(2, ledger.count());
        Row letter = DecisionRows.manifest(waved, waves, "LETTER").first();
        assertEquals("Lea Martin", letter.getAs("name"));
        assertNotNull(letter.getAs("recipient"));

        // Told once: with those notifications in the ledger, the same persons get nothing new.
        assertEquals(0, SendQueue.sends(rows(spark, Optional.of(ledger))).count());
    }
}
