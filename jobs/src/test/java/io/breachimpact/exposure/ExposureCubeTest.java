package io.breachimpact.exposure;

import io.breachimpact.identity.PersonAssembler;
import io.breachimpact.testing.SharedSpark;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The cube and its roll-ups on three hand-made persons and five records, every expected figure
 * counted by hand:
 * <pre>
 *   P1  84 / 69 / 35-49  HIGH       r1 PASSPORT [NAME, EMAIL]   r2 NATIONAL_ID_CARD [NAME]
 *   P2  84 / 69 / 35-49  MEDIUM     r3 PASSPORT [NAME]
 *   P3  11 / 75 / 0-17   VERY_HIGH  r4 PASSPORT [NAME, EMAIL]   r5 PASSPORT [EMAIL]
 * </pre>
 */
class ExposureCubeTest {
    /** A person's document exposure: document type, records, and records exposing NAME and EMAIL (no other class here). */
    private static Row document(String type, int records, int name, int email) {
        return RowFactory.create(type, records, name, email, 0, 0, 0, 0, 0);
    }

    /** The persons as exposure scores them: dimensions, level, and the document exposures resolve counted. */
    private static Dataset<Row> scoredPersons(SparkSession spark) {
        StructType s = new StructType().add("person_id", DataTypes.StringType).add("region_code", DataTypes.StringType)
                .add("departement_code", DataTypes.StringType).add("age_band", DataTypes.StringType).add("level", DataTypes.StringType)
                .add("document_exposures", DataTypes.createArrayType(PersonAssembler.DOCUMENT_EXPOSURE));
        return spark.createDataFrame(List.of(
                RowFactory.create("P1", "84", "69", "35-49", "HIGH", List.of(document("NATIONAL_ID_CARD", 1, 1, 0), document("PASSPORT", 1, 1, 1))),
                RowFactory.create("P2", "84", "69", "35-49", "MEDIUM", List.of(document("PASSPORT", 1, 1, 0))),
                RowFactory.create("P3", "11", "75", "0-17", "VERY_HIGH", List.of(document("PASSPORT", 2, 1, 2)))), s);
    }

    private static Dataset<Row> severity(SparkSession spark) {
        StructType s = new StructType().add("person_id", DataTypes.StringType).add("region_code", DataTypes.StringType)
                .add("departement_code", DataTypes.StringType).add("age_band", DataTypes.StringType).add("level", DataTypes.StringType)
                .add("record_count", DataTypes.IntegerType).add("data_classes", DataTypes.createArrayType(DataTypes.StringType))
                .add("documents_held", DataTypes.createArrayType(DataTypes.StringType));
        return spark.createDataFrame(List.of(
                RowFactory.create("P1", "84", "69", "35-49", "HIGH", 2, List.of("EMAIL", "NAME"), List.of("NATIONAL_ID_CARD", "PASSPORT")),
                RowFactory.create("P2", "84", "69", "35-49", "MEDIUM", 1, List.of("NAME"), List.of("PASSPORT")),
                RowFactory.create("P3", "11", "75", "0-17", "VERY_HIGH", 2, List.of("EMAIL", "NAME"), List.of("PASSPORT"))), s);
    }

    private static final StructType COUNTS = new StructType()
            .add("region_code", DataTypes.StringType).add("departement_code", DataTypes.StringType).add("age_band", DataTypes.StringType)
            .add("data_class", DataTypes.StringType).add("document_type", DataTypes.StringType)
            .add("persons", DataTypes.LongType).add("records", DataTypes.LongType)
            .add("low", DataTypes.LongType).add("medium", DataTypes.LongType).add("high", DataTypes.LongType).add("very_high", DataTypes.LongType);

    private static Row c(String region, String dept, String band, String dc, String dt, long persons, long records,
                         long low, long medium, long high, long veryHigh) {
        return RowFactory.create(region, dept, band, dc, dt, persons, records, low, medium, high, veryHigh);
    }

    private static Dataset<Row> counts(Dataset<Row> rows) {
        return rows.select(col("region_code"), col("departement_code"), col("age_band"), col("data_class"), col("document_type"),
                col("persons"), col("records"), col("low"), col("medium"), col("high"), col("very_high"));
    }

    /**
     * A night's changes as weighted rows: P2 moves from MEDIUM to HIGH (its former row out, its new row
     * in), P3 is gone (its row out, leaving Corse's cells empty), P4 is new. The kept cells plus the
     * changes' cells are the cells of the persons after the night, and no emptied cell remains.
     */
    @Test
    void cellsOfANightsChangesAddedToTheKeptCellsAreTheCellsOfThePersonsAfterIt() {
        SparkSession spark = SharedSpark.spark();
        Dataset<Row> scored = scoredPersons(spark);
        Dataset<Row> severity = severity(spark);
        java.util.function.Function<Dataset<Row>, Dataset<Row>> after = rows -> rows.filter(col("person_id").isin("P1", "P2"))
                .withColumn("level", org.apache.spark.sql.functions.when(col("person_id").equalTo("P2"), "HIGH").otherwise(col("level")))
                .unionByName(rows.filter(col("person_id").equalTo("P1")).withColumn("person_id", org.apache.spark.sql.functions.lit("P4")));
        java.util.function.Function<Dataset<Row>, Dataset<Row>> changes = rows -> rows.filter(col("person_id").isin("P2", "P3"))
                .withColumn(ExposureCube.WEIGHT, org.apache.spark.sql.functions.lit(-1L))
                .unionByName(after.apply(rows).filter(col("person_id").isin("P2", "P4")).withColumn(ExposureCube.WEIGHT,
                        org.apache.spark.sql.functions.lit(1L)));

        Dataset<Row> personCells = ExposureCube.addedUp(ExposureCube.personCells(severity), ExposureCube.personCells(changes.apply(severity)),
                ExposureCube.PERSON_CELL);
        SharedSpark.assertDataFrameNoOrderEquals(ExposureCube.personCells(after.apply(severity)), personCells);
        Dataset<Row> documentCells = ExposureCube.addedUp(ExposureCube.documentCells(ExposureCube.personDocuments(scored)),
                ExposureCube.documentCells(ExposureCube.personDocuments(changes.apply(scored))), ExposureCube.DOCUMENT_CELL);
        SharedSpark.assertDataFrameNoOrderEquals(ExposureCube.documentCells(ExposureCube.personDocuments(after.apply(scored))), documentCells);
        assertEquals(0, documentCells.filter(col("region_code").equalTo("11")).count(), "Corse's only person is gone: no cell left");
        assertEquals(0, personCells.filter(col("persons").equalTo(0)).count());
    }

    @Test
    void cubeCellsCountedByHand() {
        SparkSession spark = SharedSpark.spark();
        Dataset<Row> documentCells = ExposureCube.documentCells(ExposureCube.personDocuments(scoredPersons(spark)));
        Dataset<Row> cube = ExposureCube.cube(documentCells, ExposureCube.regionAgePopulation(spark));
        List<Row> expected = List.of(
                c("84", "69", "35-49", "NAME", "PASSPORT", 2, 2, 0, 1, 1, 0),
                c("84", "69", "35-49", "EMAIL", "PASSPORT", 1, 1, 0, 0, 1, 0),
                c("84", "69", "35-49", "NAME", "NATIONAL_ID_CARD", 1, 1, 0, 0, 1, 0),
                c("11", "75", "0-17", "NAME", "PASSPORT", 1, 1, 0, 0, 0, 1),
                c("11", "75", "0-17", "EMAIL", "PASSPORT", 1, 2, 0, 0, 0, 1));
        SharedSpark.assertSameRows(spark.createDataFrame(expected, COUNTS), counts(cube));

        // The denominator is INSEE's population of the région and age band (population_by_region_age.csv).
        Row lyon = cube.filter(col("region_code").equalTo("84").and(col("data_class").equalTo("NAME"))
                .and(col("document_type").equalTo("PASSPORT"))).first();
        assertEquals(1_519_313L, (long) lyon.getAs("population"));
        assertEquals(2 * 1000.0 / 1_519_313, (double) lyon.getAs("rate_per_1000"), 1e-12);
    }

    @Test
    void rollupsCountedByHand() {
        SparkSession spark = SharedSpark.spark();
        Dataset<Row> documentCells = ExposureCube.documentCells(ExposureCube.personDocuments(scoredPersons(spark)));
        Dataset<Row> rollups = ExposureCube.rollups(spark, ExposureCube.personCells(severity(spark)), documentCells);
        List<Row> expected = List.of(
                c(null, null, null, null, null, 3, 5, 0, 1, 1, 1),
                c("84", null, null, null, null, 2, 3, 0, 1, 1, 0),
                c("11", null, null, null, null, 1, 2, 0, 0, 0, 1),
                c("84", "69", null, null, null, 2, 3, 0, 1, 1, 0),
                c("11", "75", null, null, null, 1, 2, 0, 0, 0, 1),
                c(null, null, "35-49", null, null, 2, 3, 0, 1, 1, 0),
                c(null, null, "0-17", null, null, 1, 2, 0, 0, 0, 1),
                c("84", null, "35-49", null, null, 2, 3, 0, 1, 1, 0),
                c("11", null, "0-17", null, null, 1, 2, 0, 0, 0, 1),
                // A person counts once per class it exposed; records once per class they expose.
                c(null, null, null, "NAME", null, 3, 4, 0, 1, 1, 1),
                c(null, null, null, "EMAIL", null, 2, 3, 0, 0, 1, 1),
                c(null, null, null, null, "PASSPORT", 3, 4, 0, 1, 1, 1),
                c(null, null, null, null, "NATIONAL_ID_CARD", 1, 1, 0, 0, 1, 0),
                // Document type × age band: P1 and P2's passports, P1's ID card, P3's two passports.
                c(null, null, "35-49", null, "PASSPORT", 2, 2, 0, 1, 1, 0),
                c(null, null, "35-49", null, "NATIONAL_ID_CARD", 1, 1, 0, 0, 1, 0),
                c(null, null, "0-17", null, "PASSPORT", 1, 2, 0, 0, 0, 1));
        SharedSpark.assertSameRows(spark.createDataFrame(expected, COUNTS), counts(rollups));
    }

    @Test
    void combinationsAndTotalsFromThePersonCells() {
        SparkSession spark = SharedSpark.spark();
        Dataset<Row> personCells = ExposureCube.personCells(severity(spark));
        StructType s = new StructType().add("combination", DataTypes.StringType).add("persons", DataTypes.LongType)
                .add("records", DataTypes.LongType).add("low", DataTypes.LongType).add("medium", DataTypes.LongType)
                .add("high", DataTypes.LongType).add("very_high", DataTypes.LongType);
        // P1 and P3 exposed the same two classes in different régions: one combination.
        SharedSpark.assertSameRows(spark.createDataFrame(List.of(
                        RowFactory.create("EMAIL + NAME", 2L, 4L, 0L, 0L, 1L, 1L),
                        RowFactory.create("NAME", 1L, 1L, 0L, 1L, 0L, 0L)), s),
                ExposureCube.combinations(personCells).select("combination", "persons", "records", "low", "medium", "high", "very_high"));

        // 3 persons, 5 records, 2 + 1 + 2 (person, class) pairs, 2 + 1 + 1 (person, document) pairs.
        assertEquals(new ExposureJob.Totals(3, 5, 5, 4), ExposureJob.Totals.of(personCells));
    }
}
