package io.breachimpact.identity;

import io.breachimpact.config.AppConfig;
import io.breachimpact.config.PolicyConfig;
import io.breachimpact.error.BreachImpactException;
import io.breachimpact.error.ExitCode;
import io.breachimpact.exposure.ExposureJob;
import io.breachimpact.ingest.normalize.PersonKeys;
import io.breachimpact.spark.DeltaTables;
import io.breachimpact.testing.Ingest;
import io.breachimpact.testing.SharedSpark;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Records → persons on a hand-written dump whose expected persons are written out below: the
 * variations the generator makes, and the traps (twins sharing a guardian's contact, a parent with
 * the same email, a homonym born another day).
 */
class ResolveJobTest {
    private static final String HEADER = "record_id,account_id,surname,given_names,birth_date,email,phone,street_address,postal_code,city,"
            + "document_type,document_number,request_date\n";

    /** Batch 1. */
    private static final String FIRST = HEADER
            // Jean-Pierre Dupont: a passport, then an ID card from the same account, then a duplicate with a typo and an upper-cased email.
            + "R01,ACC1,Dupont,Jean-Pierre,1980-05-12,jp.dupont@mail.fr,06 12 34 56 78,3 rue de la Paix,69001,Lyon,PASSEPORT,12AB34567,2020-01-10\n"
            + "R02,ACC1,Dupont,Jean-Pierre,1980-05-12,jp.dupont@mail.fr,0612345678,3 rue de la Paix,69001,Lyon,CNI,,2021-02-11\n"
            + "R03,ACC9,Duppont,Jean-Pierre,1980-05-12,JP.DUPONT@MAIL.FR,,3 rue de la Paix,69001,Lyon,CNI,,2022-03-12\n"
            // Twins, minors, sharing their guardian's email and phone: two persons.
            + "R04,ACC2,Martin,Léa,2012-03-04,famille.martin@mail.fr,06 98 76 54 32,8 place Bellecour,69002,Lyon,PASSEPORT,,2023-04-01\n"
            + "R05,ACC3,Martin,Léo,2012-03-04,famille.martin@mail.fr,06 98 76 54 32,8 place Bellecour,69002,Lyon,PASSEPORT,,2023-04-01\n"
            // Their parent, with the same email and phone: a third person.
            + "R06,ACC4,Martin,Sophie,1985-06-06,famille.martin@mail.fr,06 98 76 54 32,8 place Bellecour,69002,Lyon,CNI,,2019-09-09\n"
            // Marie Claire Durand, then a second account with her given names swapped, lost accents, new email and phone.
            + "R07,ACC5,Durand,Marie Claire,1975-01-01,mc.durand@mail.fr,06 11 11 11 11,1 rue Neuve,69003,Lyon,PERMIS_CONDUIRE,,2018-01-01\n"
            + "R08,ACC6,DURAND,claire marie,1975-01-01,claire.d@autre.fr,06 22 22 22 22,1 rue Neuve,69003,Lyon,CNI,,2024-06-30\n";

    /** Batch 2: one more document for Dupont, a homonym born another day, and a record whose birth date is unreadable. */
    private static final String SECOND = HEADER
            + "R09,ACC1,Dupont,Jean-Pierre,1980-05-12,jp.dupont@mail.fr,0612345678,5 avenue Foch,75016,Paris,PERMIS_CONDUIRE,,2025-05-05\n"
            + "R10,ACC7,Dupont,Jean-Pierre,1990-01-01,autre.jp@mail.fr,06 33 33 33 33,9 rue Haute,69001,Lyon,CNI,,2021-01-01\n"
            + "R11,ACC8,Bernard,Paul,1960-07-07,paul.b@mail.fr,,2 rue Basse,69001,Lyon,CNI,,2020-01-01\n"
            + "R12,ACC8,Bernard,Paul,1960-02-30,paul.b@mail.fr,,2 rue Basse,69001,Lyon,PASSEPORT,,2021-01-01\n";

    /** Batch 3: a correction of R08 (same record, another email), which becomes Marie Claire Durand's contact. */
    private static final String CORRECTION = HEADER
            + "R08,ACC6,DURAND,claire marie,1975-01-01,claire.nouvelle@autre.fr,06 22 22 22 22,1 rue Neuve,69003,Lyon,CNI,,2024-06-30\n";

    private static Path write(Path dir, String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(dir);
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    /** The dump ingested as batch b1, then resolved with keys held by more than two records set aside. */
    private static ResolveJob.Result resolveUnderACapOfTwo(Ingest ingest, Path dir, String dump) throws IOException {
        ingest.ingest("b1", write(dir.resolve("raw"), "part-1.csv", dump));
        AppConfig app = AppConfig.defaults("local", "lake.root=" + ingest.lake().root(), "resolve.max-block-size=2");
        return io.breachimpact.testing.Jobs.run(ingest.lake(), new ResolveJob(ResolveConfig.from(app), new PersonKeys(Ingest.TEST_KEY),
                Optional.empty()));
    }

    private static ResolveJob.Result resolve(Ingest ingest, Optional<String> truth, String... sets) {
        String[] all = java.util.stream.Stream.concat(java.util.stream.Stream.of("lake.root=" + ingest.lake().root()), java.util.Arrays.stream(sets))
                .toArray(String[]::new);
        AppConfig app = AppConfig.defaults("local", all);
        return io.breachimpact.testing.Jobs.run(ingest.lake(), new ResolveJob(ResolveConfig.from(app), new PersonKeys(Ingest.TEST_KEY), truth));
    }

    /** A run over every record under the lake's model that changes silver/persons row by row (PersonDiff), however small the lake. */
    private static final String[] ROW_BY_ROW = {"resolve.model.retrain-after-change=100", "resolve.compare-persons-from=0"};

    /** silver/persons' commits after {@code version}: each one's operation. */
    private static List<String> operationsAfter(Ingest ingest, long version) {
        return io.delta.tables.DeltaTable.forPath(SharedSpark.spark(), ingest.lake().silverPersons()).history()
                .filter(col("version").gt(version)).orderBy(col("version")).collectAsList().stream()
                .map(c -> c.<String>getAs("operation")).toList();
    }

    private static final StructType EXPECTED = new StructType()
            .add("record_ids", DataTypes.createArrayType(DataTypes.StringType, true))
            .add("documents_held", DataTypes.createArrayType(DataTypes.StringType, true))
            .add("minor", DataTypes.BooleanType)
            .add("age_band", DataTypes.StringType)
            .add("region_code", DataTypes.StringType)
            .add("departement_code", DataTypes.StringType)
            .add("email", DataTypes.StringType)
            .add("mobile_phone", DataTypes.StringType)
            .add("quality_flags", DataTypes.createArrayType(DataTypes.StringType, true));

    private static Row person(List<String> records, List<String> documents, boolean minor, String band, String region, String dept,
                              String email, String mobile, List<String> flags) {
        return RowFactory.create(records, documents, minor, band, region, dept, email, mobile, flags);
    }

    private static Dataset<Row> actual(Ingest ingest) {
        return DeltaTables.read(SharedSpark.spark(), ingest.lake().silverPersons())
                .select(col("record_ids"), col("documents_held"), col("minor"), col("age_band"), col("region_code"),
                        col("departement_code"), col("email"), col("mobile_phone"), col("quality_flags"));
    }

    @Test
    void recordsBecomeTheHandWrittenPersonsAndIdsSurviveANewBatch(@TempDir Path dir) throws IOException {
        Ingest ingest = new Ingest(dir.resolve("lake"));
        ingest.ingest("b1", write(dir.resolve("raw1"), "part-1.csv", FIRST));
        // Under the lake's first model throughout, and silver/persons compared row by row from the second run on.
        ResolveJob.Result first = resolve(ingest, Optional.empty(), ROW_BY_ROW);
        assertEquals(8, first.records());
        assertEquals(5, first.persons());
        List<Row> expectedFirst = List.of(
                person(List.of("R01", "R02", "R03"), List.of("NATIONAL_ID_CARD", "PASSPORT"), false, "35-49", "84", "69",
                        // The most recent valid email is the duplicate's: the domain is lower-cased, the local part kept.
                        "JP.DUPONT@mail.fr", "+33612345678", List.of("SURNAME_VARIANTS")),
                person(List.of("R04"), List.of("PASSPORT"), true, "0-17", "84", "69", "famille.martin@mail.fr", "+33698765432", List.of()),
                person(List.of("R05"), List.of("PASSPORT"), true, "0-17", "84", "69", "famille.martin@mail.fr", "+33698765432", List.of()),
                person(List.of("R06"), List.of("NATIONAL_ID_CARD"), false, "35-49", "84", "69", "famille.martin@mail.fr", "+33698765432", List.of()),
                person(List.of("R07", "R08"), List.of("DRIVING_LICENCE", "NATIONAL_ID_CARD"), false, "50-64", "84", "69",
                        "claire.d@autre.fr", "+33622222222", List.of()));
        SharedSpark.assertDataFrameNoOrderEquals(SharedSpark.spark().createDataFrame(expectedFirst, EXPECTED), actual(ingest));
        Map<String, String> idsBefore = idsByRecord(ingest);

        // Unchanged silver: nothing to do.
        assertTrue(resolve(ingest, Optional.empty(), ROW_BY_ROW).skipped());

        ingest.ingest("b2", write(dir.resolve("raw2"), "part-2.csv", SECOND));
        // Persons of b1 only, silver with b2: exposure refuses to count them (the cube counts records as resolve saw them).
        AppConfig app = AppConfig.defaults("local", "lake.root=" + ingest.lake().root());
        BreachImpactException stale = assertThrows(BreachImpactException.class,
                () -> io.breachimpact.testing.Jobs.run(ingest.lake(), new ExposureJob(PolicyConfig.defaults())));
        assertEquals(ExitCode.BAD_INPUT, stale.exitCode());
        assertTrue(stale.getMessage().contains("run `breach-impact resolve`"), stale.getMessage());
        // Over every record, compared with the table: only the persons that changed are written.
        long beforeSecond = DeltaTables.version(SharedSpark.spark(), ingest.lake().silverPersons()).orElseThrow();
        ResolveJob.Result second = resolve(ingest, Optional.empty(), ROW_BY_ROW);
        assertEquals(Optional.of(Map.of("inserted", 2L, "updated", 1L, "deleted", 0L)), second.personChanges());
        assertFalse(operationsAfter(ingest, beforeSecond).contains("REORG"), "nothing retracted, nothing purged: "
                + operationsAfter(ingest, beforeSecond));
        assertEquals(12, second.records());
        assertEquals(7, second.persons());
        List<Row> expectedSecond = List.of(
                // The most recent record moved Dupont to Paris.
                person(List.of("R01", "R02", "R03", "R09"), List.of("DRIVING_LICENCE", "NATIONAL_ID_CARD", "PASSPORT"), false, "35-49",
                        "11", "75", "jp.dupont@mail.fr", "+33612345678", List.of("SURNAME_VARIANTS")),
                person(List.of("R04"), List.of("PASSPORT"), true, "0-17", "84", "69", "famille.martin@mail.fr", "+33698765432", List.of()),
                person(List.of("R05"), List.of("PASSPORT"), true, "0-17", "84", "69", "famille.martin@mail.fr", "+33698765432", List.of()),
                person(List.of("R06"), List.of("NATIONAL_ID_CARD"), false, "35-49", "84", "69", "famille.martin@mail.fr", "+33698765432", List.of()),
                person(List.of("R07", "R08"), List.of("DRIVING_LICENCE", "NATIONAL_ID_CARD"), false, "50-64", "84", "69",
                        "claire.d@autre.fr", "+33622222222", List.of()),
                person(List.of("R10"), List.of("NATIONAL_ID_CARD"), false, "35-49", "84", "69", "autre.jp@mail.fr", "+33633333333", List.of()),
                person(List.of("R11", "R12"), List.of("NATIONAL_ID_CARD", "PASSPORT"), false, "65-74", "84", "69", "paul.b@mail.fr", null,
                        List.of()));
        SharedSpark.assertDataFrameNoOrderEquals(SharedSpark.spark().createDataFrame(expectedSecond, EXPECTED), actual(ingest));

        // Every person of the first batch keeps its id.
        Map<String, String> idsAfter = idsByRecord(ingest);
        idsBefore.forEach((record, id) -> assertEquals(id, idsAfter.get(record), record));
        assertEquals(idsAfter.get("R01"), idsAfter.get("R09"));

        // The second batch retracted: the persons of the first come back with their ids, and the files no longer
        // hold the retracted records' contacts (purged at once).
        ingest.retract("b2");
        long beforeRetraction = DeltaTables.version(SharedSpark.spark(), ingest.lake().silverPersons()).orElseThrow();
        assertEquals(Optional.of(Map.of("inserted", 0L, "updated", 1L, "deleted", 2L)), resolve(ingest, Optional.empty(), ROW_BY_ROW).personChanges());
        assertTrue(operationsAfter(ingest, beforeRetraction).contains("REORG"), operationsAfter(ingest, beforeRetraction).toString());
        SharedSpark.assertDataFrameNoOrderEquals(SharedSpark.spark().createDataFrame(expectedFirst, EXPECTED), actual(ingest));
        assertEquals(idsBefore, idsByRecord(ingest));

        // A correction: kept back for maintenance, the value it superseded being breach data all the same.
        ingest.ingest("b3", write(dir.resolve("raw3"), "part-3.csv", CORRECTION));
        long beforeCorrection = DeltaTables.version(SharedSpark.spark(), ingest.lake().silverPersons()).orElseThrow();
        assertEquals(Optional.of(Map.of("inserted", 0L, "updated", 1L, "deleted", 0L)), resolve(ingest, Optional.empty(), ROW_BY_ROW).personChanges());
        assertFalse(operationsAfter(ingest, beforeCorrection).contains("REORG"), operationsAfter(ingest, beforeCorrection).toString());
        assertEquals(1, personFileRowsWith(ingest, "claire.nouvelle@autre.fr"));
        // Compacted (as maintenance does), the person shares its file with the others: deleting its row marks it.
        SharedSpark.spark().sql("OPTIMIZE delta.`" + ingest.lake().silverPersons() + "`");
        // Retracted: R08 is restored, so no record left silver, yet the person row holding the retracted email
        // leaves the files at once.
        ingest.retract("b3");
        long beforeCorrectionRetracted = DeltaTables.version(SharedSpark.spark(), ingest.lake().silverPersons()).orElseThrow();
        assertEquals(Optional.of(Map.of("inserted", 0L, "updated", 1L, "deleted", 0L)), resolve(ingest, Optional.empty(), ROW_BY_ROW).personChanges());
        assertTrue(operationsAfter(ingest, beforeCorrectionRetracted).contains("REORG"), operationsAfter(ingest, beforeCorrectionRetracted).toString());
        assertEquals(0, personFileRowsWith(ingest, "claire.nouvelle@autre.fr"));
        SharedSpark.assertDataFrameNoOrderEquals(SharedSpark.spark().createDataFrame(expectedFirst, EXPECTED), actual(ingest));
        assertEquals(idsBefore, idsByRecord(ingest));
    }

    /** Rows with this email in the Parquet files silver/persons' current version uses, deletion vectors ignored. */
    private static long personFileRowsWith(Ingest ingest, String email) {
        String[] files = DeltaTables.read(SharedSpark.spark(), ingest.lake().silverPersons()).inputFiles();
        return SharedSpark.spark().read().parquet(files).filter(col("email").equalTo(email)).count();
    }

    @Test
    void personsAResolveLeftHalfChangedAreRefusedUntilResolveRunsAgain(@TempDir Path dir) throws IOException {
        Ingest ingest = new Ingest(dir.resolve("lake"));
        ingest.ingest("b1", write(dir.resolve("raw1"), "part-1.csv", FIRST));
        assertEquals(5, resolve(ingest, Optional.empty()).persons());
        String persons = ingest.lake().silverPersons();
        // A property set by an operator changes no row: the persons are still the ones the resolve left.
        long left = DeltaTables.version(SharedSpark.spark(), persons).orElseThrow();
        SharedSpark.spark().sql("ALTER TABLE delta.`" + persons + "` SET TBLPROPERTIES ('comment' = 'checked by hand')");
        assertEquals(left + 1, DeltaTables.version(SharedSpark.spark(), persons).orElseThrow(), "a commit that changes no row");
        io.breachimpact.testing.Jobs.run(ingest.lake(), new ExposureJob(PolicyConfig.defaults()));

        // What an incremental resolve killed between its two commits of silver/persons leaves: the changed persons
        // deleted, their new rows not yet appended.
        String r06 = idsByRecord(ingest).get("R06");
        io.delta.tables.DeltaTable.forPath(SharedSpark.spark(), persons).delete(col("person_id").equalTo(r06));
        for (io.breachimpact.pipeline.LakeJob<?> reader : List.of(new ExposureJob(PolicyConfig.defaults()),
                new io.breachimpact.decide.DecideJob(PolicyConfig.defaults(), new PersonKeys(Ingest.TEST_KEY), java.time.LocalDate.of(2026, 12, 7)))) {
            long severity = DeltaTables.version(SharedSpark.spark(), ingest.lake().goldSeverity()).orElseThrow();
            BreachImpactException refused = assertThrows(BreachImpactException.class, () -> io.breachimpact.testing.Jobs.run(ingest.lake(), reader));
            assertEquals(ExitCode.BAD_INPUT, refused.exitCode());
            assertTrue(refused.getMessage().startsWith("silver/persons is not as the last successful resolve left it"), refused.getMessage());
            assertTrue(refused.getMessage().contains("run `breach-impact resolve`"), refused.getMessage());
            assertEquals(severity, DeltaTables.version(SharedSpark.spark(), ingest.lake().goldSeverity()).orElseThrow(), "nothing written");
        }

        // silver/records did not change, but resolve does not take its last run's persons as done: they are not what it left.
        ResolveJob.Result again = resolve(ingest, Optional.empty());
        assertFalse(again.skipped());
        assertEquals(5, DeltaTables.read(SharedSpark.spark(), persons).count());
        assertEquals(r06, idsByRecord(ingest).get("R06"));
        io.breachimpact.testing.Jobs.run(ingest.lake(), new ExposureJob(PolicyConfig.defaults()));
    }

    @Test
    void qualityAgainstAHandWrittenTruth(@TempDir Path dir) throws IOException {
        Ingest ingest = new Ingest(dir.resolve("lake"));
        ingest.ingest("b1", write(dir.resolve("raw1"), "part-1.csv", FIRST));
        // The truth says R03 is someone else: 3 pairs predicted among R01-R03, 1 true (R01-R02) and correct; plus R07-R08.
        String truth = "record_id,person_id,record_kind,variation,contact_owner,dirt\n"
                + "R01,A,FIRST,NONE,SELF,\nR02,A,ANOTHER_DOCUMENT,NONE,SELF,\nR03,X,FIRST,NONE,SELF,\n"
                + "R04,B,FIRST,NONE,GUARDIAN,\nR05,C,FIRST,NONE,GUARDIAN,\nR06,D,FIRST,NONE,SELF,\n"
                + "R07,E,FIRST,NONE,SELF,\nR08,E,SECOND_ACCOUNT,NONE,SELF,\n";
        Path truthDir = dir.resolve("truth");
        write(truthDir, "truth-records-00001-of-00001.csv", truth);
        ResolveJob.Result result = resolve(ingest, Optional.of(truthDir.toString()));
        PairwiseQuality q = result.quality().orElseThrow();
        assertEquals(4, q.predictedPairs());
        assertEquals(2, q.truePairs());
        assertEquals(2, q.correctPairs());
        assertEquals(0.5, q.precision(), 1e-12);
        assertEquals(1.0, q.recall(), 1e-12);
        assertEquals(2 * 0.5 / 1.5, q.f1(), 1e-12);
    }

    @Test
    void keysTooCommonToPairAreCountedAndTheOtherKeysStillPair(@TempDir Path dir) throws IOException {
        String dump = HEADER
                // Three Annes born the same day in one postal code, three surnames: their given name and their
                // postal code with its initial are each held by three records, over the cap of two.
                + "R01,ACC1,Petit,Anne,1990-01-01,a.petit@mail.fr,,1 rue A,69001,Lyon,CNI,,2020-01-01\n"
                + "R02,ACC2,Moreau,Anne,1990-01-01,a.moreau@mail.fr,,2 rue B,69001,Lyon,CNI,,2020-01-01\n"
                + "R03,ACC3,Roux,Anne,1990-01-01,a.roux@mail.fr,,3 rue C,69001,Lyon,CNI,,2020-01-01\n"
                // Three Pauls, and Blanc's record with an unreadable birth date, compared in Blanc's block
                // (its email and names tie it to him alone): four records hold "paul" and "69001|p".
                + "R04,ACC4,Blanc,Paul,1970-07-07,p.blanc@mail.fr,,4 rue D,69001,Lyon,CNI,,2020-01-01\n"
                + "R05,ACC5,Garnier,Paul,1970-07-07,p.garnier@mail.fr,,5 rue E,69001,Lyon,CNI,,2020-01-01\n"
                + "R06,ACC6,Faure,Paul,1970-07-07,p.faure@mail.fr,,6 rue F,69001,Lyon,CNI,,2020-01-01\n"
                + "R07,ACC4,Blanc,Paul,1970-02-30,p.blanc@mail.fr,,4 rue D,69001,Lyon,PASSEPORT,,2021-01-01\n";
        Ingest ingest = new Ingest(dir.resolve("lake"));
        ResolveJob.Result result = resolveUnderACapOfTwo(ingest, dir, dump);
        assertEquals(4, result.cappedBlocks());
        assertEquals(1, result.candidatePairs(), "Blanc's two records, by their surname's sound (and email, account)");
        assertEquals(4, result.largestBlock());
        // Other keys still pair: Blanc's undated record joins Blanc, nobody else is merged.
        assertEquals(6, result.persons());
        Map<String, String> ids = idsByRecord(ingest);
        assertEquals(ids.get("R04"), ids.get("R07"));
    }

    @Test
    void anExportsPlaceholderEmailAndPhoneJoinNobody(@TempDir Path dir) throws IOException {
        String dump = HEADER
                // Two Annes born the same day in two départements, strangers, and a third record, all with the
                // export's placeholders: held by three dated records, over the cap of two, they are matched as
                // missing. Paired on them, the Annes would be one human (a lake of five records has a lenient prior).
                + "R01,ACC1,Petit,Anne,1990-01-01,inconnu@exemple.fr,06 00 00 00 00,1 rue A,69001,Lyon,CNI,,2020-01-01\n"
                + "R02,ACC2,Moreau,Anne,1990-01-01,inconnu@exemple.fr,06 00 00 00 00,2 rue B,75002,Paris,CNI,,2020-01-01\n"
                + "R03,ACC3,Roux,Luc,1970-07-07,inconnu@exemple.fr,06 00 00 00 00,3 rue C,69003,Lyon,CNI,,2020-01-01\n"
                // An email two records share is still evidence.
                + "R04,ACC4,Blanc,Paul,1970-07-07,p.blanc@mail.fr,,4 rue D,69001,Lyon,CNI,,2020-01-01\n"
                + "R05,ACC5,Blanc,Paul,1970-07-07,p.blanc@mail.fr,,4 rue D,69001,Lyon,PASSEPORT,,2021-01-01\n";
        Ingest ingest = new Ingest(dir.resolve("lake"));
        ResolveJob.Result result = resolveUnderACapOfTwo(ingest, dir, dump);
        Map<String, String> ids = idsByRecord(ingest);
        assertNotEquals(ids.get("R01"), ids.get("R02"), "strangers sharing only placeholders");
        assertEquals(ids.get("R04"), ids.get("R05"));
        assertEquals(4, result.persons());
    }

    /**
     * A record with a name and an address only (a weak identity) joins, on the exact address and names,
     * the one human it can be; beside a father and a son of the same name at that address it stays alone.
     * An undated record joins through its address when its given names are two or more, and through its
     * email despite a typo in its surname.
     */
    @Test
    void aWeakIdentityJoinsOnlyTheOneHumanItsAddressAndNamesCanBe(@TempDir Path dir) throws IOException {
        Ingest ingest = new Ingest(dir.resolve("lake"));
        ingest.ingest("b1", write(dir.resolve("raw"), "part-1.csv", HEADER
                + "R21,ACC1,Petit,Anne,1970-03-03,anne.petit@mail.fr,,4 rue Verte,69004,Lyon,CNI,,2020-01-01\n"
                + "R22,,PETIT,Anne,,,,\"4, Rue Verte\",69004,Lyon,PASSEPORT,,2021-01-01\n"
                + "R23,ACC2,Roux,Marc,1950-01-01,,,7 rue Basse,69005,Lyon,CNI,,2020-01-01\n"
                + "R24,ACC3,Roux,Marc,1980-01-01,,,7 rue Basse,69005,Lyon,CNI,,2020-01-01\n"
                + "R25,,Roux,Marc,,,,7 rue Basse,69005,Lyon,PASSEPORT,,2021-01-01\n"
                + "R26,,Roux,Marc,,,,7 rue Basse,,,PASSEPORT,,2021-01-01\n"
                // A father with his email, a son without a readable birth date but with his own email: a record with the
                // address alone could be either, and joins neither.
                + "R27,ACC4,Blanc,Paul,1950-05-05,paul.blanc@mail.fr,,3 rue Haute,69006,Lyon,CNI,,2020-01-01\n"
                + "R28,ACC5,Blanc,Paul,1985-02-30,pblanc@mail.fr,,3 rue Haute,69006,Lyon,CNI,,2020-01-01\n"
                + "R29,,Blanc,Paul,,,,3 rue Haute,69006,Lyon,PASSEPORT,,2021-01-01\n"
                // Two given names the same at one address: one human, whatever her emails.
                + "R30,ACC6,Durand,Laura Mélanie,2001-04-15,laura.durand@mail.fr,,10 rue Neuve,69007,Lyon,CNI,,2020-01-01\n"
                + "R31,ACC7,Durand,Laura Mélanie,2001-02-30,l.durand01@mail.fr,,10 rue Neuve,69007,Lyon,PASSEPORT,,2021-01-01\n"
                // An undated record with a typo in its surname, tied by its email.
                + "R32,ACC8,Fontaine,Julie,1974-03-08,j.fontaine@mail.fr,,55 rue Haute,70200,Lure,CNI,,2020-01-01\n"
                + "R33,ACC9,Fonttaine,Julie,1974-02-31,j.fontaine@mail.fr,,55 rue Haute,70200,Lure,PASSEPORT,,2021-01-01\n"
                // Jean-Pierre is one given name (its key reads "jean pierre"): the son with his own email stays apart.
                + "R34,ACC10,Moreau,Jean-Pierre,1950-06-06,jp.moreau@mail.fr,,9 rue Basse,69008,Lyon,CNI,,2020-01-01\n"
                + "R35,ACC11,Moreau,Jean-Pierre,1985-02-30,jeanpierre.moreau@mail.fr,,9 rue Basse,69008,Lyon,PASSEPORT,,2021-01-01\n"));
        assertEquals(List.of("R26"), ingest.quarantine().select("record_id").as(org.apache.spark.sql.Encoders.STRING()).collectAsList(),
                "an address without a postal code or a city reaches nobody");
        assertEquals(List.of("R22", "R25", "R29"), ingest.silver().filter(org.apache.spark.sql.functions.array_contains(col("quality_flags"),
                "WEAK_IDENTITY")).select("record_id").orderBy("record_id").as(org.apache.spark.sql.Encoders.STRING()).collectAsList());
        ResolveJob.Result result = resolve(ingest, Optional.empty());
        assertEquals(11, result.persons());
        Map<String, String> ids = idsByRecord(ingest);
        assertEquals(ids.get("R21"), ids.get("R22"));
        assertEquals(ids.get("R30"), ids.get("R31"));
        assertEquals(ids.get("R32"), ids.get("R33"));
        assertNotEquals(ids.get("R34"), ids.get("R35"));
        // The undated record's link says its birth-date level is the date its ties agree on, not one it holds.
        String explained = PersonExplanation.text(PersonExplanation.of(SharedSpark.spark(), ingest.lake(), ids.get("R32")));
        assertTrue(explained.contains("R33 has no readable birth date: compared at the birth date its ties agree on"), explained);
        assertTrue(!explained.contains("R32 has no readable birth date"), explained);
        // silver/person_links says which links compared a record at an imputed date: those of the undated
        // records placed in their ties' block (each the later of its pair here), and no other.
        Dataset<Row> links = DeltaTables.read(SharedSpark.spark(), ingest.lake().path(io.breachimpact.pipeline.LakeTable.SILVER_PERSON_LINKS));
        List<String> imputed = new java.util.ArrayList<>(links.filter(col("birth_date_imputed")).select(org.apache.spark.sql.functions.array_sort(
                org.apache.spark.sql.functions.array(col("record_a"), col("record_b"))).getItem(1)).as(org.apache.spark.sql.Encoders.STRING())
                .collectAsList());
        java.util.Collections.sort(imputed);
        assertEquals(List.of("R22", "R31", "R33"), imputed);
        assertEquals(11, new java.util.HashSet<>(ids.values()).size(),
                "the Roux father, son and the undated Marc Roux stay three; the three Paul Blanc too");
    }

    /**
     * Each person's links explain it (n - 1 links for n records, by rule, weight and levels, no value),
     * `explain` prints them without contact data, and a correction (an appeal) splits a person on the
     * next run and stays honoured; recording it twice changes nothing.
     */
    @Test
    void linksExplainEachPersonAndACorrectionSplitsOneForGood(@TempDir Path dir) throws IOException {
        Ingest ingest = new Ingest(dir.resolve("lake"));
        ingest.ingest("b1", write(dir.resolve("raw1"), "part-1.csv", FIRST));
        resolve(ingest, Optional.empty());
        Dataset<Row> links = DeltaTables.read(SharedSpark.spark(), ingest.lake().path(io.breachimpact.pipeline.LakeTable.SILVER_PERSON_LINKS));
        assertEquals(3, links.count(), "R01-R03: two links; R07-R08: one");
        assertEquals(0, links.filter(col("birth_date_imputed")).count(), "every record read its own birth date");
        Map<String, String> ids = idsByRecord(ingest);
        Row durand = links.filter(col("person_id").equalTo(ids.get("R07"))).first();
        assertEquals(List.of("R07", "R08"), List.of(durand.<String>getAs("record_a"), durand.<String>getAs("record_b")));
        assertEquals("exact", durand.getAs("given_names_agreement"), "the same given names in another order");
        assertEquals("different", durand.getAs("email_agreement"));
        assertTrue(durand.<Double>getAs("probability") >= 0.99);

        String explained = PersonExplanation.text(PersonExplanation.of(SharedSpark.spark(), ingest.lake(), ids.get("R01")));
        assertTrue(explained.contains("R01") && explained.contains("R03") && explained.contains("surname close"), explained);
        for (String contact : List.of("Dupont", "DUPONT", "dupont@", "jp.dupont", "0612345678", "+33612345678", "rue de la Paix", "12AB34567")) {
            assertTrue(!explained.contains(contact), contact + " in:\n" + explained);
        }

        // An appeal: R03 is someone else. The next run keeps it apart; R01 and R02 stay one person with their id.
        CorrectJob.Result recorded = io.breachimpact.testing.Jobs.run(ingest.lake(), new CorrectJob("R03", "R01", "appeal 2026-0042"));
        assertTrue(recorded.recorded());
        ResolveJob.Result corrected = resolve(ingest, Optional.empty());
        assertEquals(1, corrected.corrections());
        Map<String, String> after = idsByRecord(ingest);
        assertEquals(ids.get("R01"), after.get("R01"));
        assertEquals(after.get("R01"), after.get("R02"));
        assertTrue(!after.get("R03").equals(after.get("R01")), "R03 and R01 are not one human");
        assertTrue(!after.get("R03").equals(after.get("R02")), "nor through R02");
        String corrected03 = PersonExplanation.text(PersonExplanation.of(SharedSpark.spark(), ingest.lake(), after.get("R03")));
        assertTrue(corrected03.contains(recorded.correctionId()) && !corrected03.contains("appeal 2026-0042"),
                "the correction, not its free-text reason:\n" + corrected03);

        // Recorded again: the same correction, nothing new; a record that does not exist is refused.
        assertTrue(!io.breachimpact.testing.Jobs.run(ingest.lake(), new CorrectJob("R01", "R03", "again")).recorded());
        assertEquals(1, DeltaTables.read(SharedSpark.spark(), ingest.lake().path(io.breachimpact.pipeline.LakeTable.OPS_CORRECTIONS)).count());
        BreachImpactException unknown = assertThrows(BreachImpactException.class,
                () -> io.breachimpact.testing.Jobs.run(ingest.lake(), new CorrectJob("R01", "R99", "typo")));
        assertEquals(ExitCode.USAGE_OR_CONFIG, unknown.exitCode());
        assertTrue(unknown.getMessage().contains("no record R99"), unknown.getMessage());

        // A new batch: the correction still holds.
        ingest.ingest("b2", write(dir.resolve("raw2"), "part-2.csv", SECOND));
        resolve(ingest, Optional.empty());
        Map<String, String> later = idsByRecord(ingest);
        assertTrue(!later.get("R03").equals(later.get("R01")));
        assertEquals(later.get("R01"), later.get("R09"));
    }

    private static Map<String, String> idsByRecord(Ingest ingest) {
        Map<String, String> ids = new HashMap<>();
        for (Row r : DeltaTables.read(SharedSpark.spark(), ingest.lake().silverPersonRecords()).collectAsList()) {
            ids.put(r.getAs("record_id"), r.getAs("person_id"));
        }
        return ids;
    }
}
