package io.breachimpact.identity;

import io.breachimpact.spark.DeltaTables;
import io.breachimpact.testing.SharedSpark;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class PersonDigestTest {
    private static final StructType LINK = new StructType().add("record_a", DataTypes.StringType).add("weight", DataTypes.DoubleType);
    private static final StructType SCHEMA = new StructType().add("person_id", DataTypes.StringType, false)
            .add("email", DataTypes.StringType).add("mobile_phone", DataTypes.StringType)
            .add("record_ids", DataTypes.createArrayType(DataTypes.StringType, true))
            .add("links", DataTypes.createArrayType(LINK, false));

    private static Row person(String id, String email, String phone, List<String> records, List<Row> links) {
        return RowFactory.create(id, email, phone, records, links);
    }

    private static long digestOf(Row person) {
        return PersonDigest.withDigest(SharedSpark.spark().createDataFrame(List.of(person), SCHEMA)).first().getAs(PersonDigest.COLUMN);
    }

    /** Spark's hashes skip nulls: what only a null's place tells apart must still give another digest. */
    @Test
    void rowsThatDifferOnlyWhereANullIsHaveDifferentDigests() {
        List<Row> links = List.of(RowFactory.create("r1", 3.5), RowFactory.create("r2", null));
        Row person = person("P1", "+33600000001", null, List.of("r1", "r2"), links);
        assertEquals(digestOf(person), digestOf(person(new String("P1"), "+33600000001", null, List.of("r1", "r2"), links)));

        List<Row> others = List.of(
                person("P1", null, "+33600000001", List.of("r1", "r2"), links),                      // the value moved to the next column
                person("P1", "+33600000001", null, Arrays.asList("r1", "r2", null), links),          // an array with a null more
                person("P1", "+33600000001", null, Arrays.asList(null, "r1", "r2"), links),
                person("P1", "+33600000001", null, List.of("r1", "r2"), List.of(RowFactory.create("r1", 3.5), RowFactory.create("r2", 0.0))),
                person("P1", "+33600000001", null, List.of("r1", "r2"), List.of(RowFactory.create("r1", 3.5))),
                person("P2", "+33600000001", null, List.of("r1", "r2"), links));                     // another id: another digest
        for (Row other : others) {
            assertNotEquals(digestOf(person), digestOf(other), other.toString());
        }
    }

    /** What the block pass computes from the values it makes equals what a rekey computes from the row Spark reads back. */
    @Test
    void theBlockPassAndARowReadBackGiveOneDigest() {
        StructType schema = SCHEMA.add("born", DataTypes.DateType).add("count", DataTypes.IntegerType).add("flag", DataTypes.BooleanType)
                .add("digests", DataTypes.createArrayType(DataTypes.LongType, true));
        Object[] values = {"P1", "a@x.fr", null, scala.collection.JavaConverters.asScalaBuffer(List.of("r1", "r2")).toList(),
                scala.collection.JavaConverters.asScalaBuffer(List.<Object>of(RowFactory.create("r2", 4.5))).toList(),
                java.sql.Date.valueOf("1990-02-03"), 2, true, scala.collection.JavaConverters.asScalaBuffer(Arrays.asList(7L, null)).toList()};
        long blockPass = PersonDigest.of(values, values.length);
        Row readBack = PersonDigest.withDigest(SharedSpark.spark().createDataFrame(List.of(RowFactory.create(values)), schema)).first();
        assertEquals(blockPass, readBack.<Long>getAs(PersonDigest.COLUMN));
    }

    @Test
    void aDigestAlreadyThereIsComputedAgainFromTheOtherColumns() {
        Dataset<Row> persons = SharedSpark.spark().createDataFrame(List.of(person("P1", "a@x.fr", null, List.of("r1"), List.of())), SCHEMA);
        Dataset<Row> once = PersonDigest.withDigest(persons);
        Dataset<Row> twice = PersonDigest.withDigest(once.withColumn("email", org.apache.spark.sql.functions.lit("b@x.fr")));
        assertEquals(List.of(SCHEMA.fieldNames().length + 1, SCHEMA.fieldNames().length + 1), List.of(once.columns().length, twice.columns().length));
        assertNotEquals(once.first().<Long>getAs(PersonDigest.COLUMN), twice.first().<Long>getAs(PersonDigest.COLUMN));
        assertEquals(once.first(), PersonDigest.withDigest(once).first());
    }

    /**
     * A table of persons with their digests changed as an incremental resolve changes it: a person made
     * again as it was is left alone (no commit when nothing else changes), one changed replaces its row,
     * a new one is added, one whose records went elsewhere is deleted.
     */
    @Test
    void changesByDigestLeaveThePersonsMadeAgainAsTheyWere(@TempDir Path dir) {
        SparkSession spark = SharedSpark.spark();
        String path = dir.resolve("persons").toString();
        List<Row> links = List.of(RowFactory.create("r2", 4.0));
        Dataset<Row> first = PersonDigest.withDigest(spark.createDataFrame(List.of(person("P1", "a@x.fr", null, List.of("r1", "r2"), links),
                person("P2", null, "+33600000002", List.of("r3"), List.of()), person("P3", "c@x.fr", null, List.of("r4"), List.of())), SCHEMA));
        DeltaTables.replace(first, path, 1);
        DeltaTables.useDeletionVectors(spark, path);
        long version = DeltaTables.version(spark, path).orElseThrow();
        Dataset<Row> noKeys = spark.createDataFrame(List.<Row>of(), new StructType().add("person_id", DataTypes.StringType));

        assertEquals(new DeltaTables.RowChanges(0, 0, 0), DeltaTables.applyChanges(spark, path, first.filter("person_id <> 'P3'"),
                noKeys, List.of("person_id"), PersonDigest.COLUMN));
        assertEquals(version, DeltaTables.version(spark, path).orElseThrow(), "made again as they were: no commit");
        // One row per person: a person made twice is refused before any commit, even as two equal rows.
        IllegalStateException twice = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, () -> DeltaTables.applyChanges(
                spark, path, first.union(first.filter("person_id = 'P3'")), noKeys, List.of("person_id"), PersonDigest.COLUMN));
        org.junit.jupiter.api.Assertions.assertTrue(twice.getMessage().contains("more than once"), twice.getMessage());
        assertEquals(version, DeltaTables.version(spark, path).orElseThrow(), "refused: no commit");

        Dataset<Row> night = PersonDigest.withDigest(spark.createDataFrame(List.of(person("P1", "a@x.fr", null, List.of("r1", "r2"), links),
                person("P2", "+33600000002", null, List.of("r3"), List.of()), person("P4", "d@x.fr", null, List.of("r5"), List.of())), SCHEMA));
        Dataset<Row> former = spark.createDataFrame(List.of(RowFactory.create("P1"), RowFactory.create("P2"), RowFactory.create("P3")),
                noKeys.schema());
        assertEquals(new DeltaTables.RowChanges(1, 1, 1), DeltaTables.applyChanges(spark, path, night, former, List.of("person_id"),
                PersonDigest.COLUMN));
        TreeMap<String, Row> rows = new TreeMap<>();
        DeltaTables.read(spark, path).collectAsList().forEach(r -> rows.put(r.getString(0), r));
        assertEquals(List.of("P1", "P2", "P4"), List.copyOf(rows.keySet()));
        TreeMap<String, Row> expected = new TreeMap<>();
        night.collectAsList().forEach(r -> expected.put(r.getString(0), r));
        assertEquals(expected, rows);
    }
}
