package io.breachimpact.spark;

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
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Taking back one batch's write, as ingest does when its counts do not reconcile; a night's rows applied one by one. */
class DeltaTablesTest {
    private static final StructType SCHEMA = new StructType().add("batch_id", DataTypes.StringType).add("value", DataTypes.IntegerType);

    private static Dataset<Row> rows(SparkSession spark, String batch, int... values) {
        List<Row> list = new java.util.ArrayList<>();
        for (int v : values) {
            list.add(RowFactory.create(batch, v));
        }
        return spark.createDataFrame(list, SCHEMA);
    }

    private static List<String> content(SparkSession spark, String path) {
        return DeltaTables.read(spark, path).orderBy("batch_id", "value").collectAsList().stream()
                .map(r -> r.getString(0) + ":" + r.getInt(1)).toList();
    }

    @Test
    void undoRestoresTheVersionBeforeTheBatchWasReplaced(@TempDir Path dir) {
        SparkSession spark = SharedSpark.spark();
        String path = dir.resolve("t").toString();
        DeltaTables.replaceBatch(spark, rows(spark, "a", 1, 2), path, "a", 1);
        DeltaTables.replaceBatch(spark, rows(spark, "b", 3), path, "b", 1);
        Optional<Long> before = DeltaTables.version(spark, path);
        DeltaTables.replaceBatch(spark, rows(spark, "b", 4, 5, 6), path, "b", 1);

        DeltaTables.undoBatch(spark, path, before, "b");

        assertEquals(List.of("a:1", "a:2", "b:3"), content(spark, path));
        assertEquals(before.get() + 2, DeltaTables.version(spark, path).orElseThrow()); // the bad write stays in history
    }

    @Test
    void undoOfTheWriteThatCreatedTheTableLeavesItWithoutTheBatch(@TempDir Path dir) {
        SparkSession spark = SharedSpark.spark();
        String path = dir.resolve("t").toString();
        Optional<Long> before = DeltaTables.version(spark, path);
        DeltaTables.replaceBatch(spark, rows(spark, "a", 1), path, "a", 1);

        DeltaTables.undoBatch(spark, path, before, "a");

        assertEquals(List.of(), content(spark, path));
    }

    /**
     * Keys a, b, c, d; then a made again as it was, b changed, e new, c removed, b also listed as removed, z unknown.
     * Keys broadcast, and (a bound of none) joined by a shuffle.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(longs = {DeltaTables.BROADCAST_KEYS, 0})
    void changesReplaceAddAndDeleteRowsAndLeaveRowsMadeAgainAsTheyWere(long broadcastKeys, @TempDir Path dir) {
        SparkSession spark = SharedSpark.spark();
        // Spark would broadcast tiny key sets on its own: with none of ours, none of its own either.
        String threshold = spark.conf().get("spark.sql.autoBroadcastJoinThreshold");
        spark.conf().set("spark.sql.autoBroadcastJoinThreshold", broadcastKeys == 0 ? "-1" : threshold);
        try {
            changeRows(spark, dir.resolve("t").toString(), broadcastKeys);
        } finally {
            spark.conf().set("spark.sql.autoBroadcastJoinThreshold", threshold);
        }
    }

    private void changeRows(SparkSession spark, String path, long broadcastKeys) {
        DeltaTables.replace(rows(spark, "a", 1).union(rows(spark, "b", 2)).union(rows(spark, "c", 3)).union(rows(spark, "d", 4)), path, 2);
        DeltaTables.useDeletionVectors(spark, path);
        StructType keySchema = new StructType().add("batch_id", DataTypes.StringType);
        Dataset<Row> removed = spark.createDataFrame(List.of(RowFactory.create("c"), RowFactory.create("b"), RowFactory.create("z")), keySchema);

        DeltaTables.RowChanges changes = DeltaTables.applyChanges(spark, path,
                rows(spark, "a", 1).union(rows(spark, "b", 20)).union(rows(spark, "e", 5)), removed, List.of("batch_id"), java.util.Optional.empty(), broadcastKeys);

        assertEquals(new DeltaTables.RowChanges(1, 1, 1), changes);
        assertEquals(List.of("a:1", "b:20", "d:4", "e:5"), content(spark, path));
        long version = DeltaTables.version(spark, path).orElseThrow();
        assertEquals(new DeltaTables.RowChanges(0, 0, 0), DeltaTables.applyChanges(spark, path, rows(spark, "b", 20), removed.limit(0),
                List.of("batch_id")));
        assertEquals(version, DeltaTables.version(spark, path).orElseThrow(), "nothing to change, no commit");

        // A key with two different rows is refused before any commit, also when one of them equals the
        // table's row (left out as unchanged, it would let the other replace it); equal rows are one row.
        for (Dataset<Row> twice : List.of(rows(spark, "e", 6).union(rows(spark, "e", 7)), rows(spark, "e", 5).union(rows(spark, "e", 7)))) {
            IllegalStateException refused = assertThrows(IllegalStateException.class,
                    () -> DeltaTables.applyChanges(spark, path, twice, removed.limit(0), List.of("batch_id")));
            assertTrue(refused.getMessage().contains("more than once"), refused.getMessage());
        }
        assertEquals(version, DeltaTables.version(spark, path).orElseThrow(), "refused, no commit");
        assertEquals(new DeltaTables.RowChanges(0, 1, 0), DeltaTables.applyChanges(spark, path, rows(spark, "e", 8).union(rows(spark, "e", 8)),
                removed.limit(0), List.of("batch_id")));
        assertEquals(List.of("a:1", "b:20", "d:4", "e:8"), content(spark, path));
    }

    /** Rows made again with nulls and nested arrays equal to the table's are left alone; a change inside an array is one. */
    @Test
    void rowsWithNullsAndNestedArraysAreComparedWhole(@TempDir Path dir) {
        SparkSession spark = SharedSpark.spark();
        String path = dir.resolve("nested").toString();
        StructType link = new StructType().add("record", DataTypes.StringType).add("level", DataTypes.IntegerType);
        StructType schema = new StructType().add("person_id", DataTypes.StringType, false).add("note", DataTypes.StringType)
                .add("links", DataTypes.createArrayType(link));
        java.util.function.Function<Integer, Dataset<Row>> persons = level -> spark.createDataFrame(List.of(
                RowFactory.create("p1", null, List.of(RowFactory.create("r1", 1), RowFactory.create(null, level))),
                RowFactory.create("p2", "n", null)), schema);
        DeltaTables.replace(persons.apply(2), path, 1);
        DeltaTables.useDeletionVectors(spark, path);
        long version = DeltaTables.version(spark, path).orElseThrow();
        Dataset<Row> noKeys = spark.createDataFrame(List.<Row>of(), new StructType().add("person_id", DataTypes.StringType));

        assertEquals(new DeltaTables.RowChanges(0, 0, 0), DeltaTables.applyChanges(spark, path, persons.apply(2), noKeys, List.of("person_id")));
        assertEquals(version, DeltaTables.version(spark, path).orElseThrow(), "made again as they were: no commit");
        assertEquals(new DeltaTables.RowChanges(0, 1, 0), DeltaTables.applyChanges(spark, path, persons.apply(3), noKeys, List.of("person_id")));
        assertEquals(3, DeltaTables.read(spark, path).filter("person_id = 'p1'").first().<Row>getList(2).get(1).getInt(1));
        assertEquals(2, DeltaTables.read(spark, path).count());
    }
}
