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
 * hand, and on the committed sample's lake against the project's own unsuppressed cube.
 * <pre>
 *   P1  r1 PASSPORT [NAME, EMAIL]  69/84 requested 2020   r2 NATIONAL_ID_CARD [NAME]  75/11 requested 2022 → placed 75/11, 35-49
 *   P2  r3 PASSPORT [NAME]  no place, no birth date                                                       → UNKNOWN × 3
 *   P3  r4 PASSPORT [NAME, EMAIL]  13/93 born 2010, batch 1   r5 PASSPORT [EMAIL]  06/93 no birth date, batch 2 → placed 06/93, 0-17
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

    /** A document exposure with NAME and EMAIL counts only (the other classes none). */
    private static Row exposure(String type, int records, int name, int email) {
        return RowFactory.create(type, records, name, email, 0, 0, 0, 0, 0);
    }

    private static List<Row> cubeCountedByHand() {
        return List.of(
                RowFactory.create("11", "75", "35-49", "NAME", "PASSPORT", 1L, 1L),
                RowFactory.create("11", "75", "35-49", "EMAIL", "PASSPORT", 1L, 1L),
                RowFactory.create("11", "75", "35-49", "NAME", "NATIONAL_ID_CARD", 1L, 1L),
                RowFactory.create("UNKNOWN", "UNKNOWN", "UNKNOWN", "NAME", "PASSPORT", 1L, 1L),
                RowFactory.create("93", "06", "0-17", "NAME", "PASSPORT", 1L, 1L),
                RowFactory.create("93", "06", "0-17", "EMAIL", "PASSPORT", 1L, 2L));
    }

    private CubeExports handMade(SparkSession spark, List<Row> projectCube) {
        CubeExports exports = new CubeExports(tmp.resolve("export"));
        spark.createDataFrame(List.of(
                record("r1", "PASSPORT", List.of("NAME", "EMAIL"), "69", "84", "35-49", "1980-01-01", "2020-01-01", 1, 1),
                record("r2", "NATIONAL_ID_CARD", List.of("NAME"), "75", "11", "35-49", "1980-01-01", "2022-05-01", 1, 2),
                record("r3", "PASSPORT", List.of("NAME"), null, null, null, null, null, 1, 3),
                record("r4", "PASSPORT", List.of("NAME", "EMAIL"), "13", "93", "0-17", "2010-02-02", null, 1, 4),
                record("r5", "PASSPORT", List.of("EMAIL"), "06", "93", null, null, null, 2, 1)), RECORDS)
                .write().parquet(exports.records().toString());
        spark.createDataFrame(List.of(RowFactory.create("r1", "P1"), RowFactory.create("r2", "P1"), RowFactory.create("r3", "P2"),
                        RowFactory.create("r4", "P3"), RowFactory.create("r5", "P3")),
                new StructType().add("record_id", DataTypes.StringType).add("person_id", DataTypes.StringType))
                .write().parquet(exports.personRecords().toString());
        spark.createDataFrame(List.of(
                        RowFactory.create("P1", "11", "75", "35-49", List.of(exposure("NATIONAL_ID_CARD", 1, 1, 0), exposure("PASSPORT", 1, 1, 1))),
                        RowFactory.create("P2", "UNKNOWN", "UNKNOWN", "UNKNOWN", List.of(exposure("PASSPORT", 1, 1, 0))),
                        RowFactory.create("P3", "93", "06", "0-17", List.of(exposure("PASSPORT", 2, 1, 2)))),
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
        try (DuckDbCube duck = new DuckDbCube(2, tmp.resolve("duck"))) {
            assertEquals(new DuckDbCube.Cube(6, 6, 7), duck.fromRecords(exports, "from_records"));
            assertEquals(new DuckDbCube.Cube(6, 6, 7), duck.fromPersons(exports, "from_persons"));
            DuckDbCube.Comparison records = duck.compare("from_records", exports);
            assertTrue(records.equal(), () -> String.join("\n", records.examples()));
            DuckDbCube.Comparison persons = duck.compare("from_persons", exports);
            assertTrue(persons.equal(), () -> String.join("\n", persons.examples()));
        }
    }

    @Test
    void aCellCountedOtherwiseOrMissingIsReported() throws Exception {
        List<Row> wrong = new java.util.ArrayList<>(cubeCountedByHand());
        wrong.set(5, RowFactory.create("93", "06", "0-17", "EMAIL", "PASSPORT", 1L, 3L)); // one record too many
        wrong.remove(3); // the unplaced person's cell missing
        CubeExports exports = handMade(SharedSpark.spark(), wrong);
        try (DuckDbCube duck = new DuckDbCube(2, tmp.resolve("duck"))) {
            duck.fromRecords(exports, "from_records");
            DuckDbCube.Comparison c = duck.compare("from_records", exports);
            assertFalse(c.equal());
            assertEquals(2, c.differingCells());
            assertEquals(List.of("93 × 06 × 0-17 × EMAIL × PASSPORT: persons 1 against 1, records 2 against 3",
                    "UNKNOWN × UNKNOWN × UNKNOWN × NAME × PASSPORT: persons 1 against null, records 1 against null"), c.examples());
        }
    }

    @Test
    void onTheSamplesLakeBothCubesEqualTheProjectsUnsuppressedCube() throws Exception {
        SampleLake sample = SampleLake.get();
        SparkSession spark = SharedSpark.spark();
        CubeExports exports = new CubeExports(tmp.resolve("export")).write(spark, sample.lake());
        long recordClassPairs = spark.read().parquet(exports.records().toString()).agg(sum(size(col("data_classes")))).first().getLong(0);
        try (DuckDbCube duck = new DuckDbCube(2, tmp.resolve("duck"))) {
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
