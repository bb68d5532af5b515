package io.breachimpact.pipeline;

import io.breachimpact.testing.SharedSpark;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

import java.sql.Timestamp;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** The digest sees the rows, not their order, their run ids, their timestamps or a map's insertion order. */
class TableChecksumsTest {
    private static final StructType SCHEMA = new StructType()
            .add("person_id", DataTypes.StringType)
            .add("classes", DataTypes.createArrayType(DataTypes.StringType))
            .add("counts", DataTypes.createMapType(DataTypes.StringType, DataTypes.LongType))
            .add("run_id", DataTypes.StringType)
            .add("decided_at", DataTypes.TimestampType);

    private static Row row(String person, List<String> classes, Map<String, Long> counts, String run, long at) {
        return RowFactory.create(person, classes, counts, run, new Timestamp(at));
    }

    private static Map<String, Long> map(String k1, long v1, String k2, long v2) {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put(k1, v1);
        m.put(k2, v2);
        return m;
    }

    private static TableChecksums.Checksum of(Row... rows) {
        Dataset<Row> table = SharedSpark.spark().createDataFrame(List.of(rows), SCHEMA);
        return TableChecksums.of("t", 0, table);
    }

    @Test
    void sameRowsInAnyOrderFromAnotherRunGiveTheSameDigest() {
        TableChecksums.Checksum a = of(row("P1", List.of("NAME", "EMAIL"), map("a", 1, "b", 2), "run-1", 1_000),
                row("P2", List.of("NAME"), map("a", 3, "b", 4), "run-1", 2_000));
        TableChecksums.Checksum b = of(row("P2", List.of("NAME"), map("b", 4, "a", 3), "run-9", 9_000),
                row("P1", List.of("NAME", "EMAIL"), map("b", 2, "a", 1), "run-9", 8_000));
        assertEquals(2, a.rows());
        assertEquals(a.digest(), b.digest());
    }

    @Test
    void aValueMovedToTheNextColumnChangesIt() {
        StructType two = new StructType().add("email", DataTypes.StringType).add("phone", DataTypes.StringType);
        Dataset<Row> a = SharedSpark.spark().createDataFrame(List.of(RowFactory.create("x", null)), two);
        Dataset<Row> b = SharedSpark.spark().createDataFrame(List.of(RowFactory.create(null, "x")), two);
        assertNotEquals(TableChecksums.of("t", 0, a).digest(), TableChecksums.of("t", 0, b).digest());
    }

    @Test
    void aValueAnOrderInsideAnArrayOrARowMoreChangesIt() {
        TableChecksums.Checksum base = of(row("P1", List.of("NAME", "EMAIL"), map("a", 1, "b", 2), "r", 0));
        assertNotEquals(base.digest(), of(row("P1", List.of("NAME", "PHONE"), map("a", 1, "b", 2), "r", 0)).digest());
        assertNotEquals(base.digest(), of(row("P1", List.of("EMAIL", "NAME"), map("a", 1, "b", 2), "r", 0)).digest());
        assertNotEquals(base.digest(), of(row("P1", List.of("NAME", "EMAIL"), map("a", 1, "b", 3), "r", 0)).digest());
        assertNotEquals(of(row("P1", List.of(), map("a", 1, "b", 2), "r", 0)).digest(),
                of(row("P1", null, map("a", 1, "b", 2), "r", 0)).digest(), "an empty array is not a null one");
        assertNotEquals(of(row("P1", java.util.Arrays.asList("NAME", null), map("a", 1, "b", 2), "r", 0)).digest(),
                of(row("P1", List.of("NAME"), map("a", 1, "b", 2), "r", 0)).digest(), "an array that lost a null element");
        TableChecksums.Checksum twice = of(row("P1", List.of("NAME", "EMAIL"), map("a", 1, "b", 2), "r", 0),
                row("P1", List.of("NAME", "EMAIL"), map("a", 1, "b", 2), "r", 0));
        assertEquals(2, twice.rows());
        assertNotEquals(base.digest(), twice.digest());
    }
}
