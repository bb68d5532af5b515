package io.breachimpact.ingest;

import io.breachimpact.pipeline.FailPoints;
import io.breachimpact.spark.DeltaTables;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.apache.spark.sql.functions.col;

/**
 * A batch's accepted records into an existing silver/records: a new record id is inserted; a record a
 * batch of the same or a later place in ingest order changes (another content hash) replaces the held
 * one; a record delivered again unchanged, or an older version than the one held, is left alone. The
 * held rows are read by three columns (id, place, hash) for the batch's ids; the replaced ones are
 * deleted by their ids (deletion vectors; only the key column read), then the batch's new and changed
 * rows are appended. A MERGE that updates and inserts joins every column of every file it touches, and
 * a follow-up's corrections are spread over all the files: at 19M records that MERGE took 94 s for a
 * 1 % batch (README).
 * <p>
 * Two commits: a run killed between them leaves the replaced records out of the table. The batch's
 * ingest then has no successful run, so the nightly takes it again, and resolve and report refuse the
 * table until then (it is not as the last successful ingest left it); the rerun finds those records
 * absent and appends them (counted as inserted by that run).
 */
final class SilverChanges {
    /** The point a crash test kills a run at: the replaced records deleted, the batch's rows being appended. */
    static final String APPEND_POINT = "ingest.silver-append";

    /** Rows per appended file at most: a 1 % follow-up at 19M is one file, a whole second dump a few dozen. */
    static final long ROWS_PER_FILE = 1_000_000;

    private SilverChanges() {
    }

    /** @return inserted and updated records */
    static Map<String, Long> apply(SparkSession spark, String path, Dataset<Row> batchRows) {
        Dataset<Row> table = DeltaTables.read(spark, path);
        Column[] tableColumns = Arrays.stream(table.columns()).map(c -> col("b." + c)).toArray(Column[]::new);
        Dataset<Row> rows = batchRows.localCheckpoint(true);
        long batchCount = rows.count();
        Dataset<Row> held = table.select(col("record_id"), col("batch_seq").as("held_seq"), col("content_hash").as("held_hash"))
                .join(DeltaTables.keysToJoin(rows.select("record_id"), batchCount), "record_id", "left_semi");
        Dataset<Row> compared = rows.as("b").join(held.as("h"), col("b.record_id").equalTo(col("h.record_id")), "left")
                .localCheckpoint(true);
        Column isNew = col("h.record_id").isNull();
        Column replaces = col("h.record_id").isNotNull().and(col("b.batch_seq").geq(col("held_seq")))
                .and(col("b.content_hash").notEqual(col("held_hash")));
        Dataset<Row> replaced = compared.filter(replaces).select(col("b.record_id").as("record_id")).localCheckpoint(true);
        long updated = replaced.count();
        Dataset<Row> written = compared.filter(isNew.or(replaces)).select(tableColumns);
        long inserted = compared.filter(isNew).count();

        DeltaTables.deleteKeys(spark, path, replaced, List.of("record_id"), updated);
        if (inserted + updated > 0) {
            int files = (int) Math.max(1, (inserted + updated + ROWS_PER_FILE - 1) / ROWS_PER_FILE);
            FailPoints.duringWrite(written.coalesce(files), APPEND_POINT).write().format("delta").mode("append").save(path);
        }
        Map<String, Long> changes = new LinkedHashMap<>();
        changes.put("inserted", inserted);
        changes.put("updated", updated);
        return changes;
    }
}
