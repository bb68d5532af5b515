package io.breachimpact.spark;

import io.delta.tables.DeltaTable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.util.Optional;

/** The few Delta operations the jobs share. */
public final class DeltaTables {
    private DeltaTables() {
    }

    public static boolean exists(SparkSession spark, String path) {
        return DeltaTable.isDeltaTable(spark, path);
    }

    public static Dataset<Row> read(SparkSession spark, String path) {
        return spark.read().format("delta").load(path);
    }

    /** The table's current version, or empty when it does not exist yet. */
    public static Optional<Long> version(SparkSession spark, String path) {
        if (!exists(spark, path)) {
            return Optional.empty();
        }
        return Optional.of(DeltaTable.forPath(spark, path).history(1).select("version").first().getLong(0));
    }

    /**
     * Replaces one batch's rows (a partition) in a table partitioned by batch_id, creating the table
     * on first use: re-running a batch rewrites exactly its own rows, in one commit.
     */
    public static void replaceBatch(SparkSession spark, Dataset<Row> rows, String path, String batchId) {
        if (!exists(spark, path)) {
            rows.write().format("delta").mode("append").partitionBy("batch_id").save(path);
            return;
        }
        rows.write().format("delta").mode("overwrite").option("replaceWhere", "batch_id = '" + batchId + "'").save(path);
    }
}
