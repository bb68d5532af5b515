package io.breachimpact.ingest;

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
import java.util.List;
import java.util.Map;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tiny hand-written batches whose expected silver is written out by hand: a first batch, a
 * correction batch, its retraction, and a re-delivery. Compared with spark-testing-base.
 */
class IngestBatchesTest {
    private static final String HEADER = "record_id,account_id,surname,given_names,birth_date,email,phone,street_address,"
            + "postal_code,city,document_type,document_number,request_date\n";

    private static Path write(Path dir, String name, String body) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(dir);
        Files.write(file, (HEADER + body).getBytes(StandardCharsets.UTF_8));
        return file;
    }

    private static final StructType EXPECTED = new StructType()
            .add("record_id", DataTypes.StringType)
            .add("surname", DataTypes.StringType)
            .add("given_names", DataTypes.StringType)
            .add("email", DataTypes.StringType)
            .add("email_valid", DataTypes.BooleanType)
            .add("phone_e164", DataTypes.StringType)
            .add("phone_type", DataTypes.StringType)
            .add("departement_code", DataTypes.StringType)
            .add("region_code", DataTypes.StringType)
            .add("age_band", DataTypes.StringType)
            .add("document_type", DataTypes.StringType)
            .add("batch_id", DataTypes.StringType);

    private static Dataset<Row> expected(Object[]... rows) {
        return SharedSpark.spark().createDataFrame(java.util.Arrays.stream(rows).map(RowFactory::create).toList(), EXPECTED);
    }

    private static Dataset<Row> actual(Dataset<Row> silver) {
        return silver.select(java.util.Arrays.stream(EXPECTED.fieldNames()).map(org.apache.spark.sql.functions::col)
                .toArray(org.apache.spark.sql.Column[]::new));
    }

    @Test
    void aBatchThenACorrectionThenItsRetraction(@TempDir Path dir) throws IOException {
        Ingest ingest = new Ingest(dir.resolve("lake"));
        Path first = write(dir.resolve("b1"), "part-1.csv",
                "R1,A1,DUPONT,jean-pierre,1980-05-17,Jean.Dupont@Gmail.com,06 12 34 56 78,3 rue de la Paix,75002,Paris,PASSEPORT,19AB12345,2023-01-10\n"
                + "R2,A2,Payet,Léa,2012-02-29,payet.famille@orange.fr,0692 12 34 56,\"Bât. B\n12 chemin des Lilas\",97400,Saint-Denis,CNI,,2024-06-01\r\n"
                + "R3,A3,,,1990-01-01,x@example.fr,,,,,CNI,,2024-06-01\n"
                + "R4,A4,Martin,Zoé,1950-12-01,zoe.martin@free,+33 4 91 12 34 56,8 quai du Port,13002,Marseille,TITRE_SEJOUR,1234567890,2020-03-03\n");
        IngestJob.Result r1 = ingest.ingest("b1", first);
        assertEquals(4, r1.reconciliation().total(Reconciliation.FileCounts::read));
        assertEquals(1, r1.reconciliation().total(Reconciliation.FileCounts::quarantined));
        assertEquals(List.of("NO_NAME"), ingest.quarantine().first().getList(ingest.quarantine().first().fieldIndex("reasons")));
        Dataset<Row> afterFirst = expected(
                new Object[] {"R1", "Dupont", "Jean-Pierre", "Jean.Dupont@gmail.com", true, "+33612345678", "MOBILE", "75", "11", "35-49", "PASSPORT", "b1"},
                new Object[] {"R2", "Payet", "Léa", "payet.famille@orange.fr", true, "+262692123456", "MOBILE", "974", "04", "0-17", "NATIONAL_ID_CARD", "b1"},
                new Object[] {"R4", "Martin", "Zoé", "zoe.martin@free", false, "+33491123456", "LANDLINE", "13", "93", "65-74", "RESIDENCE_PERMIT", "b1"});
        SharedSpark.assertDataFrameNoOrderEquals(afterFirst, actual(ingest.silver()));
        Row lea = ingest.silver().filter(col("record_id").equalTo("R2")).first();
        assertEquals("Bât. B 12 chemin des Lilas", lea.getAs("street_address"), "the newline inside the quoted address is kept as a space");
        assertEquals(List.of("EMAIL", "SMS", "POSTAL"), lea.getList(lea.fieldIndex("contact_channels")));
        long silverVersionAfterFirst = ingest.versions().get("silver/records");
        // Made with deletion vectors: no upgrade commit needed before a later batch's MERGE.
        assertEquals("true", io.delta.tables.DeltaTable.forPath(SharedSpark.spark(), ingest.lake().silverRecords()).detail()
                .select("properties").first().getJavaMap(0).get("delta.enableDeletionVectors"));

        // A correction: R1 changes email, R5 is new, R4 comes again unchanged.
        Path second = write(dir.resolve("b2"), "part-1.csv",
                "R1,A1,DUPONT,jean-pierre,1980-05-17,jp.dupont@laposte.net,06 12 34 56 78,3 rue de la Paix,75002,Paris,PASSEPORT,19AB12345,2023-01-10\n"
                + "R4,A4,Martin,Zoé,1950-12-01,zoe.martin@free,+33 4 91 12 34 56,8 quai du Port,13002,Marseille,TITRE_SEJOUR,1234567890,2020-03-03\n"
                + "R5,A5,Nguyen,Thi,1999-09-09,thi.nguyen@gmail.com,07 81 23 45 67,1 place de l'Église,69001,Lyon,PERMIS_CONDUIRE,19XY54321,2025-01-02\n");
        IngestJob.Result r2 = ingest.ingest("b2", second);
        assertEquals(Map.of("inserted", 1L, "updated", 1L), r2.silverChanges(), "R4 is unchanged: not rewritten");
        // R1's old row marked deleted (a deletion vector) rather than rewriting the file that holds R2 and R4 too, then
        // R1 and R5 appended: two commits.
        List<Row> commits = io.delta.tables.DeltaTable.forPath(SharedSpark.spark(), ingest.lake().silverRecords()).history(2)
                .select("operation", "operationMetrics").collectAsList();
        assertEquals("WRITE", commits.get(0).getString(0));
        assertEquals("2", commits.get(0).getJavaMap(1).get("numOutputRows"), commits.get(0).getJavaMap(1).toString());
        Row delete = commits.get(1);
        assertEquals("MERGE", delete.getString(0));
        assertEquals("1", delete.getJavaMap(1).get("numTargetDeletionVectorsAdded"), delete.getJavaMap(1).toString());
        assertEquals("0", delete.getJavaMap(1).get("numTargetFilesRemoved"), delete.getJavaMap(1).toString());
        assertEquals(0, io.delta.tables.DeltaTable.forPath(SharedSpark.spark(), ingest.lake().silverRecords()).history()
                .filter(col("operation").equalTo("SET TBLPROPERTIES")).count(), "the table was made with them");
        Dataset<Row> afterSecond = expected(
                new Object[] {"R1", "Dupont", "Jean-Pierre", "jp.dupont@laposte.net", true, "+33612345678", "MOBILE", "75", "11", "35-49", "PASSPORT", "b2"},
                new Object[] {"R2", "Payet", "Léa", "payet.famille@orange.fr", true, "+262692123456", "MOBILE", "974", "04", "0-17", "NATIONAL_ID_CARD", "b1"},
                new Object[] {"R4", "Martin", "Zoé", "zoe.martin@free", false, "+33491123456", "LANDLINE", "13", "93", "65-74", "RESIDENCE_PERMIT", "b1"},
                new Object[] {"R5", "Nguyen", "Thi", "thi.nguyen@gmail.com", true, "+33781234567", "MOBILE", "69", "84", "25-34", "DRIVING_LICENCE", "b2"});
        SharedSpark.assertDataFrameNoOrderEquals(afterSecond, actual(ingest.silver()));
        Dataset<Row> timeTravel = SharedSpark.spark().read().format("delta").option("versionAsOf", silverVersionAfterFirst)
                .load(ingest.lake().silverRecords());
        SharedSpark.assertDataFrameNoOrderEquals(afterFirst, actual(timeTravel));

        // b2 killed between silver's delete and its append (emulated: its run out of the ledger, its rows out of silver):
        // R1 is out of silver. Another batch, a retraction and resolve are refused before they write anything.
        org.apache.spark.sql.SparkSession spark = SharedSpark.spark();
        io.delta.tables.DeltaTable.forPath(spark, ingest.lake().opsRuns()).delete("job = 'ingest' AND batch_id = 'b2'");
        io.breachimpact.spark.DeltaTables.deleteKeys(spark, ingest.lake().silverRecords(),
                spark.sql("select explode(array('R1', 'R5')) as record_id"), List.of("record_id"), 2);
        Map<String, Long> killed = ingest.versions();
        Path b3 = write(dir.resolve("b3"), "part-1.csv",
                "R6,A6,Petit,Anne,1985-03-04,anne.petit@gmail.com,06 11 22 33 44,2 rue Neuve,69003,Lyon,CNI,,2024-06-01\n");
        io.breachimpact.error.BreachImpactException refused = org.junit.jupiter.api.Assertions.assertThrows(
                io.breachimpact.error.BreachImpactException.class, () -> ingest.ingest("b3", b3));
        assertTrue(refused.getMessage().contains("silver/records is not as the last successful ingest left it: the ingest of b2 did not "
                + "finish. Run `ingest --batch b2` again") && refused.getMessage().contains("before ingesting b3; nothing was written"),
                refused.getMessage());
        assertTrue(org.junit.jupiter.api.Assertions.assertThrows(io.breachimpact.error.BreachImpactException.class, () -> ingest.retract("b1"))
                .getMessage().contains("before retracting"));
        io.breachimpact.error.BreachImpactException resolve = org.junit.jupiter.api.Assertions.assertThrows(
                io.breachimpact.error.BreachImpactException.class, () -> io.breachimpact.testing.Jobs.run(ingest.lake(),
                        new io.breachimpact.identity.ResolveJob(io.breachimpact.identity.ResolveConfig.from(ingest.app()),
                                new io.breachimpact.ingest.normalize.PersonKeys(Ingest.TEST_KEY), java.util.Optional.empty())));
        assertTrue(resolve.getMessage().contains("silver/records is not as the last successful ingest left it")
                && resolve.getMessage().contains("an ingest that did not finish"), resolve.getMessage());
        assertEquals(killed, ingest.versions(), "nothing written");
        // b2's own run again: the records it had deleted are appended (counted as inserted), and the table is whole.
        assertEquals(Map.of("inserted", 2L, "updated", 0L), ingest.ingest("b2", second).silverChanges());
        SharedSpark.assertDataFrameNoOrderEquals(afterSecond, actual(ingest.silver()));
        assertTrue(new io.breachimpact.pipeline.RunLedger(spark, ingest.lake()).unfinishedSince(io.breachimpact.pipeline.LakeTable.SILVER_RECORDS)
                .isEmpty());

        // The same correction delivered again, from the same bytes: nothing changes.
        Map<String, Long> versions = ingest.versions();
        assertTrue(ingest.ingest("b2", second).skipped());
        assertEquals(versions, ingest.versions());

        // Retracting the correction brings silver back to what the first batch made of it.
        Map<String, Long> retracted = ingest.retract("b2");
        assertEquals(1L, retracted.get("silver_deleted"));
        assertEquals(1L, retracted.get("silver_restored"));
        // The retracted rows are not left hidden in the table's files: those files were rewritten without them.
        assertEquals("REORG", io.delta.tables.DeltaTable.forPath(SharedSpark.spark(), ingest.lake().silverRecords()).history(1)
                .select("operation").first().getString(0));
        assertTrue(io.breachimpact.spark.DeltaTables.oldestUnpurgedDeletion(SharedSpark.spark(), ingest.lake().silverRecords()).isEmpty());
        SharedSpark.assertDataFrameNoOrderEquals(timeTravel.drop("ingested_at").orderBy("record_id"),
                ingest.silver().drop("ingested_at").orderBy("record_id"));
        assertEquals(0, ingest.bronze().filter(col("batch_id").equalTo("b2")).count());
        // Once retracted, the batch id may be ingested again.
        assertTrue(!ingest.ingest("b2", second).skipped());
        assertEquals(4, ingest.silver().count());
    }

    @Test
    void aRecordIdTwiceInOneBatchKeepsTheLastLine(@TempDir Path dir) throws IOException {
        Ingest ingest = new Ingest(dir.resolve("lake"));
        Path file = write(dir, "dup.csv",
                "R1,A1,Dupont,Jean,1980-05-17,old@gmail.com,,1 rue A,75002,Paris,CNI,,2023-01-10\n"
                + "R1,A1,Dupont,Jean,1980-05-17,new@gmail.com,,1 rue A,75002,Paris,CNI,,2023-01-11\n");
        IngestJob.Result r = ingest.ingest("b1", file);
        assertTrue(r.reconciliation().balanced());
        assertEquals("new@gmail.com", ingest.silver().first().getAs("email"));
        Row q = ingest.quarantine().first();
        assertEquals(List.of("DUPLICATE_RECORD_ID"), q.getList(q.fieldIndex("reasons")));
        assertEquals(2L, q.<Long>getAs("line_number"));
    }

    @Test
    void silverCanBeExportedAsPlainParquet(@TempDir Path dir) throws IOException {
        Ingest ingest = new Ingest(dir.resolve("lake"));
        ingest.ingest("b1", write(dir, "one.csv",
                "R1,A1,Dupont,Jean,1980-05-17,jean@gmail.com,,1 rue A,75002,Paris,CNI,,2023-01-10\n"));
        Path export = dir.resolve("export");
        SilverExport.write(SharedSpark.spark(), ingest.lake().silverRecords(), export.toString());
        SilverExport.write(SharedSpark.spark(), ingest.lake().silverRecords(), export.toString());
        assertEquals(1, SharedSpark.spark().read().parquet(export.toString()).count());
        assertTrue(Files.notExists(export.resolve("_delta_log")));
    }

    /** A lake whose bronze was written before bronze had line_repairs: the next batch adds the column, the old rows read null. */
    @Test
    void aBronzeTableOfAnEarlierVersionTakesTheNewColumn(@TempDir Path dir) throws IOException {
        Ingest ingest = new Ingest(dir.resolve("lake"));
        StructType before = new StructType(java.util.Arrays.stream(BronzeRecords.SCHEMA.fields())
                .filter(f -> !f.name().equals("line_repairs")).toArray(org.apache.spark.sql.types.StructField[]::new));
        io.breachimpact.spark.DeltaTables.create(SharedSpark.spark().createDataFrame(List.of(), before), ingest.lake().bronzeRecords(), 4);
        ingest.ingest("b1", write(dir.resolve("raw"), "part-1.csv",
                "R1,ACC1,Dupont,Jean,1980-01-01,jean@mail.fr,,1 rue Neuve,69003,Lyon,CNI,,2020-01-01,,\n"));
        Row bronze = ingest.bronze().first();
        assertEquals(List.of("EXTRA_EMPTY_FIELDS"), bronze.getList(bronze.fieldIndex("line_repairs")));
        assertEquals(1, ingest.silver().count());
    }
}
