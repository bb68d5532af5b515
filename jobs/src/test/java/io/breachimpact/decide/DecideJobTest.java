package io.breachimpact.decide;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.breachimpact.config.PolicyConfig;
import io.breachimpact.ingest.normalize.PersonKeys;
import io.breachimpact.spark.DeltaTables;
import io.breachimpact.spark.Lake;
import io.breachimpact.testing.Ingest;
import io.breachimpact.testing.SharedSpark;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import io.breachimpact.exposure.Severity;
import io.breachimpact.exposure.SeverityPolicy;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * decide on a lake with four hand-made persons: what is issued, the manifests (neutralized cells,
 * owner-only files, SHA-256 sidecars), the regulator's notification, then a re-run that issues
 * nothing and a worsening that issues one follow-up.
 */
class DecideJobTest {
    /** silver/persons' columns that decide reads (DecisionRowsTest writes persons of the same shape). */
    static final StructType PERSONS = new StructType()
            .add("person_id", DataTypes.StringType).add("record_count", DataTypes.IntegerType)
            .add("data_classes", DataTypes.createArrayType(DataTypes.StringType)).add("minor", DataTypes.BooleanType)
            .add("age", DataTypes.IntegerType).add("email", DataTypes.StringType).add("mobile_phone", DataTypes.StringType)
            .add("contact_channels", DataTypes.createArrayType(DataTypes.StringType))
            .add("quality_flags", DataTypes.createArrayType(DataTypes.StringType))
            .add("surname", DataTypes.StringType).add("given_names", DataTypes.StringType)
            .add("street_address", DataTypes.StringType).add("postal_code", DataTypes.StringType).add("city", DataTypes.StringType)
            .add("documents_held", DataTypes.createArrayType(DataTypes.StringType));
    private static final List<String> IDENTITY = List.of("DATE_OF_BIRTH", "EMAIL", "NAME", "POSTAL_ADDRESS");
    /** A passport's number with the birth date and the address: DPC 2 × EI 1 + CB 1 = 3, HIGH (the default policy). */
    private static final List<String> KIT = List.of("DATE_OF_BIRTH", "DOCUMENT_NUMBER", "NAME", "POSTAL_ADDRESS");
    private static final List<String> ALL = List.of("EMAIL", "SMS", "LETTER");
    private static final LocalDate TODAY = LocalDate.of(2025, 11, 20);

    /** silver/persons as written by hand, and gold/severity as exposure writes it from them. */
    private static void tables(Lake lake, List<String> classesOfA) {
        tables(lake, classesOfA, false, IDENTITY, true);
    }

    private static void tables(Lake lake, List<String> classesOfA, boolean aMinor, List<String> classesOfD, boolean withSeverity) {
        SparkSession spark = SharedSpark.spark();
        List<String> passport = List.of("PASSPORT");
        List<Row> persons = List.of(
                // HIGH (the identity-theft kit): notified by email.
                RowFactory.create("PA", 1, classesOfA, aMinor, aMinor ? 16 : 40, "a@x.fr", null, ALL, List.of(),
                        "=HYPERLINK(\"http://evil\")", "Jean", "1 rue A", "69001", "Lyon", passport),
                // A minor, DPC 1 + 1 × EI 1 + CB 1 = 3, HIGH: the guardian gets a letter.
                RowFactory.create("PB", 1, IDENTITY, true, 12, "parent@x.fr", "+33600000002", ALL, List.of(),
                        "Martin", "+SUM(1)", "@evil 2 rue B", "69002", "Lyon", passport),
                // HIGH, 80 years old: an email and an extra letter.
                RowFactory.create("PC", 2, List.of("DATE_OF_BIRTH", "DOCUMENT_NUMBER", "EMAIL", "NAME", "POSTAL_ADDRESS"), false, 80,
                        "c@x.fr", null, ALL, List.of(), "Durand", "Paul", "-3 rue C", "69003", "Lyon", passport),
                // DPC 1 × EI 1 + CB 1 = 2, MEDIUM: the public communication.
                RowFactory.create("PD", 1, classesOfD, false, 30, "d@x.fr", null, ALL, List.of(),
                        "Petit", "Anne", "4 rue D", "69004", "Lyon", passport));
        Dataset<Row> silver = spark.createDataFrame(persons, PERSONS);
        DeltaTables.replace(silver, lake.silverPersons(), 1);
        if (!withSeverity) {
            return;
        }
        DeltaTables.replace(Severity.score(silver, SeverityPolicy.from(PolicyConfig.defaults()))
                        .select("person_id", "minor", "record_count", "data_classes", "documents_held", "score", "level", "factors"),
                lake.goldSeverity(), 1);
    }

    private static DecideJob.Result decide(Lake lake) {
        return io.breachimpact.testing.Jobs.run(lake, new DecideJob(PolicyConfig.defaults(), new PersonKeys(Ingest.TEST_KEY), TODAY));
    }

    private static List<CSVRecord> csv(Path file) throws IOException {
        try (Reader r = Files.newBufferedReader(file)) {
            return CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).build().parse(r).getRecords();
        }
    }

    @Test
    void issuesOnceWritesSafeManifestsAndFollowsUpOnlyWhatGotWorse(@TempDir Path dir) throws Exception {
        Lake lake = new Lake(dir.resolve("lake").toString());
        tables(lake, KIT);

        DecideJob.Result first = decide(lake);
        assertEquals(Map.of("INDIVIDUAL_NOTICE", 3L, "PUBLIC_COMMUNICATION", 1L), first.byOutcome());
        assertEquals(Map.of("INITIAL", 3L), first.newByKind());
        // A and C by email, B's guardian letter and C's extra letter (80 years old).
        assertEquals(Map.of("EMAIL", 2L, "LETTER", 2L), first.sendsByChannel());
        assertEquals(Map.of("EMAIL", 1L, "LETTER", 1L), first.daysByChannel());

        // Manifests are in the outbox once the ledger holds their notices; nothing of them is left beside the reports.
        Path manifests = Path.of(first.outboxDir());
        assertEquals(Path.of(lake.outbox(), Path.of(first.reportDir()).getFileName().toString()), manifests);
        try (var left = Files.list(Path.of(first.reportDir()).getParent())) {
            assertEquals(List.of(Path.of(first.reportDir())), left.filter(p -> p.getFileName().toString().startsWith(".")
                    || Files.isDirectory(p)).toList());
        }
        List<CSVRecord> letters = csv(manifests.resolve("letter.csv"));
        assertEquals(2, letters.size());
        CSVRecord guardian = letters.stream().filter(r -> r.get("recipient").equals("GUARDIAN")).findFirst().orElseThrow();
        assertEquals("'+SUM(1) Martin", guardian.get("name"));
        assertEquals("'@evil 2 rue B", guardian.get("street_address"));
        assertEquals("IDENTITY-THEFT.GUARDIAN.LETTER.fr", guardian.get("template_id"));
        CSVRecord extra = letters.stream().filter(r -> r.get("recipient").equals("SELF")).findFirst().orElseThrow();
        assertEquals("'-3 rue C", extra.get("street_address"));
        assertEquals("2025-11-20", extra.get("wave_date"));
        List<CSVRecord> emails = csv(manifests.resolve("email.csv"));
        assertEquals(Set.of("a@x.fr", "c@x.fr"), Set.of(emails.get(0).get("email"), emails.get(1).get("email")));
        assertEquals(0, csv(manifests.resolve("sms.csv")).size());
        for (String name : List.of("email.csv", "sms.csv", "letter.csv")) {
            Path file = manifests.resolve(name);
            assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE), Files.getPosixFilePermissions(file), name);
            String sidecar = Files.readString(manifests.resolve(name + ".sha256"));
            String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
            assertEquals(digest + "  " + name + "\n", sidecar);
        }
        JsonNode authority = new ObjectMapper().readTree(Path.of(first.reportDir(), "authority-notification.json").toFile());
        assertEquals(4, authority.get("approximate_number_of_data_subjects").asLong());
        assertEquals(1, authority.get("of_whom_minors").asLong());
        assertEquals(5, authority.get("approximate_number_of_records").asLong());
        assertEquals(3, authority.get("measures_taken_and_proposed").get("data_subjects_by_outcome").get("INDIVIDUAL_NOTICE").asLong());
        // Persons by data class, most exposed first (ties by name), and by level: counted by hand from the four persons.
        List<String> classes = new java.util.ArrayList<>();
        authority.get("categories_of_personal_data").forEach(c -> classes.add(c.get("data_class").asText() + "=" + c.get("data_subjects").asLong()));
        assertEquals(List.of("DATE_OF_BIRTH=4", "NAME=4", "POSTAL_ADDRESS=4", "EMAIL=3", "DOCUMENT_NUMBER=2"), classes);
        assertEquals("{\"HIGH\":3,\"MEDIUM\":1}", authority.get("data_subjects_by_severity").toString());
        Map<String, String> codes = codes(lake);
        assertEquals(4, codes.size());
        assertTrue(codes.values().stream().allMatch(c -> c == null || c.matches("[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}")));
        // Rule ids and the classes a send told cross the work rows as text: arrays again in the tables.
        List<String> reasonsOfA = DeltaTables.read(SharedSpark.spark(), lake.goldDecisions()).filter("person_id = 'PA'").first()
                .getList(DeltaTables.read(SharedSpark.spark(), lake.goldDecisions()).schema().fieldIndex("reasons"));
        assertEquals("NOTICE-HIGH-RISK", reasonsOfA.get(0));
        assertTrue(reasonsOfA.contains("CHANNEL-EMAIL") && reasonsOfA.get(reasonsOfA.size() - 1).startsWith("OFFER-"), reasonsOfA.toString());
        assertTrue(reasonsOfA.stream().noneMatch(String::isEmpty), reasonsOfA.toString());
        assertEquals(KIT, DeltaTables.read(SharedSpark.spark(), lake.goldNotificationLedger()).filter("person_id = 'PA'")
                .select("data_classes").first().getList(0));

        // The same data again: nothing to decide, nothing issued, no new manifest, the tables untouched.
        long ledgerVersion = DeltaTables.version(SharedSpark.spark(), lake.goldNotificationLedger()).orElseThrow();
        DecideJob.Result second = decide(lake);
        assertTrue(second.skipped());
        assertEquals(0, second.issued());
        assertEquals(ledgerVersion, DeltaTables.version(SharedSpark.spark(), lake.goldNotificationLedger()).orElseThrow());
        try (var outbox = Files.list(Path.of(lake.outbox()))) {
            assertEquals(1, outbox.count());
        }
        assertEquals(codes, codes(lake));

        // A's email turns up in a later batch: a data class A was not told about, one follow-up, to A only.
        tables(lake, List.of("DATE_OF_BIRTH", "DOCUMENT_NUMBER", "EMAIL", "NAME", "POSTAL_ADDRESS"));
        DecideJob.Result third = decide(lake);
        assertEquals(Map.of("FOLLOW_UP", 1L), third.newByKind());
        List<CSVRecord> followUp = csv(Path.of(third.outboxDir(), "email.csv"));
        assertEquals(1, followUp.size());
        assertEquals("FOLLOW-UP.DOCUMENT-FRAUD.SELF.EMAIL.fr", followUp.get(0).get("template_id"));
        // The decisions hold each person's latest notice, this run's or an earlier one's: B and C keep their first.
        Dataset<Row> ledgerNotices = DeltaTables.read(SharedSpark.spark(), lake.goldNotificationLedger()).filter("send = 'NOTICE'");
        Map<String, String> issued = new java.util.TreeMap<>();
        for (Row r : DeltaTables.read(SharedSpark.spark(), lake.goldDecisions()).filter("issued_kind IS NOT NULL").collectAsList()) {
            String id = r.getAs("issued_notification_id");
            Row notice = ledgerNotices.filter(org.apache.spark.sql.functions.col("notification_id").equalTo(id)).first();
            assertEquals(r.<String>getAs("person_id"), notice.getAs("person_id"));
            assertEquals(r.<java.sql.Date>getAs("issued_wave_date"), notice.getAs("wave_date"));
            issued.put(r.getAs("person_id"), r.getAs("issued_kind"));
        }
        assertEquals(Map.of("PA", "FOLLOW_UP", "PB", "INITIAL", "PC", "INITIAL"), issued);
        // A correction: A is a minor. The same data classes, a higher level (DPC 3 × EI 1 + CB 1 = 4, VERY_HIGH):
        // one follow-up, to A's guardian by letter.
        tables(lake, List.of("DATE_OF_BIRTH", "DOCUMENT_NUMBER", "EMAIL", "NAME", "POSTAL_ADDRESS"), true, IDENTITY, true);
        DecideJob.Result fourth = decide(lake);
        assertEquals(Map.of("FOLLOW_UP", 1L), fourth.newByKind());
        List<CSVRecord> guardianFollowUp = csv(Path.of(fourth.outboxDir(), "letter.csv"));
        assertEquals(1, guardianFollowUp.size());
        assertEquals("FOLLOW-UP.DOCUMENT-FRAUD.GUARDIAN.LETTER.fr", guardianFollowUp.get(0).get("template_id"));
        // Four sends the first time, none the second (skipped), one the third, one the fourth.
        assertEquals(6, DeltaTables.read(SharedSpark.spark(), lake.goldNotificationLedger()).count());
        // D's passport number turns up: D's first notice. A is issued nothing this time and keeps its latest, the fourth run's.
        tables(lake, List.of("DATE_OF_BIRTH", "DOCUMENT_NUMBER", "EMAIL", "NAME", "POSTAL_ADDRESS"), true, KIT, true);
        DecideJob.Result fifth = decide(lake);
        assertEquals(Map.of("INITIAL", 1L), fifth.newByKind());
        Row latestOfA = DeltaTables.read(SharedSpark.spark(), lake.goldNotificationLedger()).filter("person_id = 'PA' AND send = 'NOTICE'")
                .orderBy(org.apache.spark.sql.functions.desc("issued_at")).first();
        Row decisionOfA = DeltaTables.read(SharedSpark.spark(), lake.goldDecisions()).filter("person_id = 'PA'").first();
        assertEquals(latestOfA.<String>getAs("notification_id"), decisionOfA.getAs("issued_notification_id"));
        assertEquals("FOLLOW_UP", decisionOfA.getAs("issued_kind"));
        assertEquals(3, DeltaTables.read(SharedSpark.spark(), lake.goldNotificationLedger()).filter("person_id = 'PA'").count(),
                "A's initial notice and two follow-ups, none this run");
        // Manifests are the only outputs with contact data: the tables say which channel, never the address.
        for (String table : List.of(lake.goldDecisions(), lake.goldNotificationLedger())) {
            List<String> columns = List.of(DeltaTables.read(SharedSpark.spark(), table).columns());
            for (String contact : List.of("email", "mobile_phone", "msisdn", "surname", "given_names", "name", "street_address",
                    "postal_code", "city")) {
                assertFalse(columns.contains(contact), table + " has " + contact);
            }
        }
    }

    @Test
    void refusesASeverityTableThatIsNotThePersonsSeverityAndLeavesNoWorkFiles(@TempDir Path dir) throws Exception {
        Lake lake = new Lake(dir.resolve("lake").toString());
        tables(lake, KIT);
        // gold/severity from other persons or another policy: D would be HIGH there, MEDIUM here.
        Dataset<Row> other = DeltaTables.read(SharedSpark.spark(), lake.goldSeverity())
                .withColumn("level", org.apache.spark.sql.functions.when(org.apache.spark.sql.functions.col("person_id").equalTo("PD"),
                        org.apache.spark.sql.functions.lit("HIGH")).otherwise(org.apache.spark.sql.functions.col("level")))
                .localCheckpoint(true);
        DeltaTables.replace(other, lake.goldSeverity(), 1);
        io.breachimpact.error.BreachImpactException refused = org.junit.jupiter.api.Assertions.assertThrows(
                io.breachimpact.error.BreachImpactException.class, () -> decide(lake));
        assertEquals(io.breachimpact.error.ExitCode.BAD_INPUT, refused.exitCode());
        assertTrue(refused.getMessage().contains("run `breach-impact exposure`"), refused.getMessage());
        assertFalse(DeltaTables.exists(SharedSpark.spark(), lake.goldNotificationLedger()), "nothing was issued");

        // The persons changed after exposure without changing a score (D's phone number turned up: still
        // MEDIUM): gold/severity's data classes are stale, and so would be the regulator's figures.
        tables(lake, KIT);
        tables(lake, KIT, false, List.of("DATE_OF_BIRTH", "EMAIL", "NAME", "PHONE", "POSTAL_ADDRESS"), false);
        io.breachimpact.error.BreachImpactException stale = org.junit.jupiter.api.Assertions.assertThrows(
                io.breachimpact.error.BreachImpactException.class, () -> decide(lake));
        assertEquals(io.breachimpact.error.ExitCode.BAD_INPUT, stale.exitCode());
        assertFalse(DeltaTables.exists(SharedSpark.spark(), lake.goldNotificationLedger()), "nothing was issued");
        // The work files (contacts) are gone, and no manifest was published.
        Path reports = Path.of(lake.reports("x")).getParent();
        if (Files.exists(reports)) {
            try (var entries = Files.list(reports)) {
                List<String> left = entries.map(p -> p.getFileName().toString()).toList();
                assertEquals(List.of(), left);
            }
        }
    }

    private static Map<String, String> codes(Lake lake) {
        Map<String, String> codes = new HashMap<>();
        for (Row r : DeltaTables.read(SharedSpark.spark(), lake.goldDecisions()).select("person_id", "enrollment_code").collectAsList()) {
            codes.put(r.getString(0), r.getString(1));
        }
        return codes;
    }
}
