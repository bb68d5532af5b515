package io.breachimpact.report;

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
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * "Changes since the previous report" from gold/severity's change data feed equal those of comparing
 * every person with the version the previous report read: gold/severity changed row by row over two
 * nights as an incremental exposure changes it, persons new, risen, fallen, gone, gone and back,
 * changed and changed back.
 */
class ReportChangesTest {
    private static final StructType SEVERITY = new StructType().add("person_id", DataTypes.StringType, false)
            .add("level", DataTypes.StringType);

    private static Dataset<Row> severity(String... idLevel) {
        List<Row> rows = new java.util.ArrayList<>();
        for (int i = 0; i < idLevel.length; i += 2) {
            rows.add(RowFactory.create(idLevel[i], idLevel[i + 1]));
        }
        return SharedSpark.spark().createDataFrame(rows, SEVERITY);
    }

    private static void night(SparkSession spark, String path, Dataset<Row> now, Dataset<Row> before) {
        DeltaTables.applyChanges(spark, path, now, before.select("person_id"), List.of("person_id"));
    }

    @Test
    void theFeedGivesTheCountsTheComparisonGives(@TempDir Path dir) {
        SparkSession spark = SharedSpark.spark();
        String path = dir.resolve("severity").toString();
        Dataset<Row> reported = severity("P1", "LOW", "P2", "MEDIUM", "P3", "HIGH", "P4", "HIGH", "P5", "MEDIUM", "P6", "LOW");
        DeltaTables.replace(reported, path, 1);
        DeltaTables.useChangeDataFeed(spark, path);
        DeltaTables.useDeletionVectors(spark, path);
        long then = DeltaTables.version(spark, path).orElseThrow();
        // Night 1: P1 rises, P2 falls, P3 goes, P4 goes, P7 is new, P6 rises.
        Dataset<Row> first = severity("P1", "HIGH", "P2", "LOW", "P5", "MEDIUM", "P6", "MEDIUM", "P7", "VERY_HIGH");
        night(spark, path, first, reported);
        // Night 2: P4 back at a higher level, P6 back where it was, P8 new, P7 falls (still new since the report).
        Dataset<Row> second = severity("P1", "HIGH", "P2", "LOW", "P4", "VERY_HIGH", "P5", "MEDIUM", "P6", "LOW", "P7", "LOW", "P8", "LOW");
        night(spark, path, second, first);
        long now = DeltaTables.version(spark, path).orElseThrow();

        Row compared = ReportReader.levelChanges(DeltaTables.read(spark, path), reported);
        assertEquals(List.of(2L, 2L, 1L), List.of(compared.getLong(0), compared.getLong(1), compared.getLong(2)),
                "new P7 P8; risen P1 P4; fallen P2");
        Dataset<Row> feed = DeltaTables.changedRows(spark, path, then, now, List.of("person_id", "level")).orElseThrow();
        assertEquals(compared, ReportReader.levelChanges(feed));
        Row none = ReportReader.levelChanges(DeltaTables.changedRows(spark, path, now, now, List.of("person_id", "level")).orElseThrow());
        assertEquals(List.of(0L, 0L, 0L), List.of(none.getLong(0), none.getLong(1), none.getLong(2)));

        DeltaTables.replace(second, path, 1);
        assertTrue(DeltaTables.changedRows(spark, path, now, DeltaTables.version(spark, path).orElseThrow(), List.of("person_id")).isEmpty(),
                "a full exposure rewrites every row: compared instead");
    }
}
