package io.breachimpact.bench;

import io.breachimpact.identity.PersonAssembler;
import io.breachimpact.testing.SampleLake;
import io.breachimpact.testing.SharedSpark;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Date;
import java.util.List;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.sum;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The benchmark's oracle: DuckDB's cube, from records and from persons, on hand-made exports counted by
 * hand, and on the committed sample's lake against the project's own unsuppressed cube. Each person
 * tests one part of "placed by its most recent record" ({@code PersonAssembler}):
 * <pre>
 *   P1  r1 PASSPORT [NAME, EMAIL] 69/84 requested 2020; r2 NATIONAL_ID_CARD [NAME] 75/11 requested 2022;
 *       r6 PASSPORT [NAME] 13/93 no request date, a later batch          → 75/11 (no date is the oldest), 35-49
 *   P2  r3 PASSPORT [NAME] no place, no birth date                         → UNKNOWN × 3
 *   P3  r4 PASSPORT [NAME, EMAIL] 13/93 born 2010, batch 1; r5 PASSPORT [EMAIL] 06/no région, no birth date, batch 2
 *                                                                          → 06/UNKNOWN (its own null région), 0-17
 *   P4  r7a, r7b DRIVING_LICENCE: one line, one request date; r7b born, no age band  → r7b's 35/53 (by id), UNKNOWN
 * </pre>
 */
class DuckDbCubeTest {
    private static final StructType RECORDS = new StructType().add("record_id", DataTypes.StringType).add("document_type", DataTypes.StringType)
            .add("data_classes", DataTypes.createArrayType(DataTypes.StringType)).add("departement_code", DataTypes.StringType)
            .add("region_code", DataTypes.StringType).add("age_band", DataTypes.StringType).add("birth_date", DataTypes.DateType)
            .add("request_date", DataTypes.DateType).add("batch_seq", DataTypes.LongType).add("line_number", DataTypes.LongType);
    private static final StructType CUBE = new StructType().add("region_code", DataTypes.StringType).add("departement_code", DataTypes.StringType)
            .add("age_band", DataTypes.StringType).add("data_class", DataTypes.StringType).add("document_type", DataTypes.StringType)
            .add("persons", DataTypes.LongType).add("records", DataTypes.LongType);

    @TempDir
    Path tmp;

    private static Row record(String id, String type, List<String> classes, String dept, String region, String band, String born,
                              String requested, long batch, long line) {
        return RowFactory.create(id, type, classes, dept, region, band, born == null ? null : Date.valueOf(born),
                requested == null ? null : Date.valueOf(requested), batch, line);
    }

    /** A document exposure with NAME, EMAIL and PHONE counts only (the other classes none). */
    private static Row exposure(String type, int records, int name, int email, int phone) {
        return RowFactory.create(type, records, name, email, phone, 0, 0, 0, 0);
    }

    private static Row cell(String region, String dept, String band, String dataClass, String type, long persons, long records) {
        return RowFactory.create(region, dept, band, dataClass, type, persons, records);
    }

    private static List<Row> cubeCountedByHand() {
        return List.of(
                cell("11", "75", "35-49", "NAME", "PASSPORT", 1, 2),
                cell("11", "75", "35-49", "EMAIL", "PASSPORT", 1, 1),
                cell("11", "75", "35-49", "NAME", "NATIONAL_ID_CARD", 1, 1),
                cell("UNKNOWN", "UNKNOWN", "UNKNOWN", "NAME", "PASSPORT", 1, 1),
                cell("UNKNOWN", "06", "0-17", "NAME", "PASSPORT", 1, 1),
                cell("UNKNOWN", "06", "0-17", "EMAIL", "PASSPORT", 1, 2),
                cell("53", "35", "UNKNOWN", "NAME", "DRIVING_LICENCE", 1, 2),
                cell("53", "35", "UNKNOWN", "PHONE", "DRIVING_LICENCE", 1, 1));
    }

    private CubeExports handMade(SparkSession spark, List<Row> projectCube) {
        CubeExports exports = new CubeExports(tmp.resolve("export"));
        spark.createDataFrame(List.of(
                record("r1", "PASSPORT", List.of("NAME", "EMAIL"), "69", "84", "35-49", "1980-01-01", "2020-01-01", 1, 1),
                record("r2", "NATIONAL_ID_CARD", List.of("NAME"), "75", "11", "35-49", "1980-01-01", "2022-05-01", 1, 2),
                record("r6", "PASSPORT", List.of("NAME"), "13", "93", "35-49", "1980-01-01", null, 3, 1),
                record("r3", "PASSPORT", List.of("NAME"), null, null, null, null, null, 1, 3),
                record("r4", "PASSPORT", List.of("NAME", "EMAIL"), "13", "93", "0-17", "2010-02-02", null, 1, 4),
                record("r5", "PASSPORT", List.of("EMAIL"), "06", null, null, null, null, 2, 1),
                record("r7a", "DRIVING_LICENCE", List.of("NAME"), "33", "75", "25-34", "1990-03-03", "2021-01-01", 1, 9),
                record("r7b", "DRIVING_LICENCE", List.of("NAME", "PHONE"), "35", "53", null, "1990-03-03", "2021-01-01", 1, 9)), RECORDS)
                .write().parquet(exports.records().toString());
        spark.createDataFrame(List.of(RowFactory.create("r1", "P1"), RowFactory.create("r2", "P1"), RowFactory.create("r6", "P1"),
                        RowFactory.create("r3", "P2"), RowFactory.create("r4", "P3"), RowFactory.create("r5", "P3"),
                        RowFactory.create("r7a", "P4"), RowFactory.create("r7b", "P4")),
                new StructType().add("record_id", DataTypes.StringType).add("person_id", DataTypes.StringType))
                .write().parquet(exports.personRecords().toString());
        spark.createDataFrame(List.of(
                        RowFactory.create("P1", "11", "75", "35-49", List.of(exposure("NATIONAL_ID_CARD", 1, 1, 0, 0), exposure("PASSPORT", 2, 2, 1, 0))),
                        RowFactory.create("P2", "UNKNOWN", "UNKNOWN", "UNKNOWN", List.of(exposure("PASSPORT", 1, 1, 0, 0))),
                        RowFactory.create("P3", "UNKNOWN", "06", "0-17", List.of(exposure("PASSPORT", 2, 1, 2, 0))),
                        RowFactory.create("P4", "53", "35", "UNKNOWN", List.of(exposure("DRIVING_LICENCE", 2, 2, 0, 1)))),
                new StructType().add("person_id", DataTypes.StringType).add("region_code", DataTypes.StringType)
                        .add("departement_code", DataTypes.StringType).add("age_band", DataTypes.StringType)
                        .add("document_exposures", DataTypes.createArrayType(PersonAssembler.DOCUMENT_EXPOSURE)))
                .write().parquet(exports.persons().toString());
        spark.createDataFrame(projectCube, CUBE).write().parquet(exports.projectCube().toString());
        return exports;
    }

    @Test
    void bothCubesCountTheHandMadePersonsAsCountedByHand() throws Exception {
        CubeExports exports = handMade(SharedSpark.spark(), cubeCountedByHand());
        try (DuckDbCube duck = new DuckDbCube(2, "1GB", tmp.resolve("duck"))) {
            assertEquals(new DuckDbCube.Cube(8, 8, 11), duck.fromRecords(exports, "from_records"));
            assertEquals(new DuckDbCube.Cube(8, 8, 11), duck.fromPersons(exports, "from_persons"));
            DuckDbCube.Comparison records = duck.compare("from_records", exports);
            assertTrue(records.equal(), () -> String.join("\n", records.examples()));
            DuckDbCube.Comparison persons = duck.compare("from_persons", exports);
            assertTrue(persons.equal(), () -> String.join("\n", persons.examples()));
        }
    }

    @Test
    void aCellCountedOtherwiseOrOnOneSideOnlyIsReported() throws Exception {
        List<Row> wrong = new java.util.ArrayList<>(cubeCountedByHand());
        wrong.set(5, cell("UNKNOWN", "06", "0-17", "EMAIL", "PASSPORT", 1, 3)); // one record too many
        wrong.remove(3); // the unplaced person's cell: DuckDB's only
        wrong.add(cell("84", "69", "35-49", "NAME", "PASSPORT", 1, 1)); // the project's only
        CubeExports exports = handMade(SharedSpark.spark(), wrong);
        try (DuckDbCube duck = new DuckDbCube(2, "1GB", tmp.resolve("duck"))) {
            duck.fromRecords(exports, "from_records");
            DuckDbCube.Comparison c = duck.compare("from_records", exports);
            assertFalse(c.equal());
            assertEquals(3, c.differingCells());
            assertEquals(List.of("84 × 69 × 35-49 × NAME × PASSPORT: persons duckdb null, project 1; records duckdb null, project 1",
                    "UNKNOWN × 06 × 0-17 × EMAIL × PASSPORT: persons duckdb 1, project 1; records duckdb 2, project 3",
                    "UNKNOWN × UNKNOWN × UNKNOWN × NAME × PASSPORT: persons duckdb 1, project null; records duckdb 1, project null"),
                    c.examples());
        }
    }

    @Test
    void theDumpsCsvBecomesOneParquetFileOfItsLines() throws Exception {
        Path dump = java.nio.file.Files.createDirectories(tmp.resolve("dump"));
        java.nio.file.Files.writeString(dump.resolve("records-00001-of-00001.csv"), String.join("\n",
                "record_id,surname,street_address", "R1,Dupont,\"3, rue des Lilas\"", "R2,\"O\"\"Neil\",1 Grande Rue", "R3,Martin,") + "\n");
        try (DuckDbCube duck = new DuckDbCube(2, "1GB", tmp.resolve("duck"))) {
            assertEquals(3, duck.csvToParquet(dump, tmp.resolve("dump.parquet")));
        }
        List<Row> rows = SharedSpark.spark().read().parquet(tmp.resolve("dump.parquet").toString()).orderBy("record_id").collectAsList();
        assertEquals("3, rue des Lilas", rows.get(0).getString(2));
        assertEquals("O\"Neil", rows.get(1).getString(1));
    }

    @Test
    void onTheSamplesLakeBothCubesEqualTheProjectsUnsuppressedCube() throws Exception {
        SampleLake sample = SampleLake.get();
        SparkSession spark = SharedSpark.spark();
        CubeExports exports = new CubeExports(tmp.resolve("export")).write(spark, sample.lake());
        long recordClassPairs = spark.read().parquet(exports.records().toString()).agg(sum(size(col("data_classes")))).first().getLong(0);
        try (DuckDbCube duck = new DuckDbCube(2, "2GB", tmp.resolve("duck"))) {
            DuckDbCube.Cube fromRecords = duck.fromRecords(exports, "from_records");
            assertEquals(recordClassPairs, fromRecords.recordClassPairs());
            assertEquals(fromRecords, duck.fromPersons(exports, "from_persons"));
            for (String table : List.of("from_records", "from_persons")) {
                DuckDbCube.Comparison c = duck.compare(table, exports);
                assertTrue(c.equal(), () -> table + ": " + c.differingCells() + " cells differ\n" + String.join("\n", c.examples()));
                assertEquals(fromRecords, c.project());
            }
        }
    }
}
