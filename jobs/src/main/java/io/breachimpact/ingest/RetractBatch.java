package io.breachimpact.ingest;

import io.breachimpact.error.BreachImpactException;
import io.breachimpact.pipeline.RunContext;
import io.breachimpact.pipeline.RunLedger;
import io.breachimpact.spark.DeltaTables;
import io.breachimpact.spark.Lake;
import io.breachimpact.spark.SparkSessions;
import io.delta.tables.DeltaTable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;

import java.sql.Timestamp;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.desc;
import static org.apache.spark.sql.functions.row_number;

/**
 * Removes a batch's effect: silver records whose current version came from it go back to their
 * version from the latest remaining batch (or disappear when no other batch had them), in one MERGE;
 * then the batch's quarantine and bronze rows are deleted. Safe to run again after a crash: silver is
 * repaired first, from what bronze still holds.
 */
public final class RetractBatch {
    public static final io.breachimpact.pipeline.JobName JOB = io.breachimpact.pipeline.JobName.RETRACT;

    /** What a retraction counts, in ops/runs. */
    public enum Count implements io.breachimpact.pipeline.CountKey {
        BRONZE_DELETED, SILVER_DELETED, SILVER_RESTORED
    }

    private final Lake lake;
    private final String batch;
    private final RecordNormalizer normalizer;
    private final RunContext run;
    private final java.time.LocalDate referenceDate;

    public RetractBatch(Lake lake, String batch, RecordNormalizer normalizer, RunContext run) {
        this.referenceDate = normalizer.referenceDate();
        this.lake = lake;
        this.batch = IngestJob.requireBatchId(batch);
        this.normalizer = normalizer;
        this.run = run;
    }

    public Map<String, Long> run(SparkSession spark) {
        run.tagCommits(spark);
        Timestamp started = new Timestamp(System.currentTimeMillis());
        if (!DeltaTables.exists(spark, lake.bronzeRecords()) || !DeltaTables.exists(spark, lake.silverRecords())) {
            throw BreachImpactException.config("nothing to retract: the lake at " + lake.root() + " has no ingested batch");
        }
        Dataset<Row> bronze = DeltaTables.read(spark, lake.bronzeRecords());
        Dataset<Row> silver = DeltaTables.read(spark, lake.silverRecords());
        long bronzeRows = bronze.filter(col("batch_id").equalTo(batch)).count();
        Dataset<Row> affected = silver.filter(col("batch_id").equalTo(batch)).select("record_id").cache();
        long affectedCount = affected.count();
        RunLedger ledger = new RunLedger(spark, lake);
        IngestJob.requireSilverFinishedOrOwn(ledger, null);
        if (bronzeRows == 0 && affectedCount == 0) {
            boolean ingested = ledger.lastSucceeded(batch, IngestJob.JOB, JOB).map(r -> r.is(IngestJob.JOB)).orElse(false);
            if (!ingested) {
                throw BreachImpactException.config("batch " + batch + " is not in the lake (no bronze or silver rows)");
            }
            // A retraction that crashed after removing the rows: finish it by recording it.
        }

        SparkSessions.describe(spark, JOB.id(), "restore the records batch " + batch + " had changed");
        // Only batches whose ingest succeeded (and was not retracted) may give a record its previous version.
        List<String> published = ledger.publishedBatches();
        Dataset<Row> earlier = bronze.filter(col("batch_id").notEqual(batch).and(col("batch_id").isin(published.toArray())))
                .join(affected, "record_id", "left_semi");
        Dataset<Row> latest = QuarantineRules.accepted(QuarantineRules.withReasons(earlier, referenceDate))
                .withColumn("rank", row_number().over(Window.partitionBy("record_id")
                        .orderBy(desc("batch_seq"), desc("source_file"), desc("line_number"))))
                .filter(col("rank").equalTo(1)).drop("rank");
        Dataset<Row> restored = NormalizeRecords.apply(latest, normalizer);
        Dataset<Row> source = affected.join(restored, "record_id", "left_outer")
                .withColumn("_delete", col("content_hash").isNull());
        Map<String, String> update = new LinkedHashMap<>();
        for (String c : SilverRecords.SCHEMA.fieldNames()) {
            update.put(c, "src." + c);
        }
        DeltaTables.useDeletionVectors(spark, lake.silverRecords());
        DeltaTable.forPath(spark, lake.silverRecords()).as("s")
                .merge(source.as("src"), "s.record_id = src.record_id")
                .whenMatched("src._delete").delete()
                .whenMatched().updateExpr(update)
                .execute();
        Row metrics = DeltaTable.forPath(spark, lake.silverRecords()).history(1).select("operationMetrics").first();
        // A retracted record must leave the files the table uses, not only be hidden by a deletion vector.
        DeltaTables.purgeDeletedRows(spark, lake.silverRecords());
        scala.collection.Map<String, String> m = metrics.getMap(0);

        DeltaTable.forPath(spark, lake.silverQuarantine()).delete(col("batch_id").equalTo(batch));
        DeltaTable.forPath(spark, lake.bronzeRecords()).delete(col("batch_id").equalTo(batch));
        affected.unpersist();

        Map<String, Long> counts = new io.breachimpact.pipeline.Counts().put(Count.BRONZE_DELETED, bronzeRows)
                .put(Count.SILVER_DELETED, Long.parseLong(m.getOrElse("numTargetRowsDeleted", () -> "0")))
                .put(Count.SILVER_RESTORED, Long.parseLong(m.getOrElse("numTargetRowsUpdated", () -> "0"))).asMap();
        Map<String, Long> versions = DeltaTables.versions(spark, io.breachimpact.pipeline.LakeTable.paths(lake,
                io.breachimpact.pipeline.LakeTable.writtenBy(IngestJob.JOB)));
        ledger.record(run.record(JOB, batch, RunLedger.Status.SUCCEEDED, started, null, versions, counts, null));
        return counts;
    }
}
