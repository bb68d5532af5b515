package io.breachimpact.identity;

import io.breachimpact.testing.SharedSpark;
import io.delta.tables.DeltaTable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Date;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The slip search kept from one run to the next gives what the whole search gives on the records now:
 * after a batch of new records and corrections (a pair made, a pair undone, a placeholder back under
 * the cap), from the last run's result and a search of the keys they touch; after a change it cannot be
 * moved by (a record restored under an earlier batch, as a retraction does), searched whole. Real Delta
 * tables, versions as the run ledger would name them.
 */
class KeptSlipsTest {
    private static final int CAP = 3;
    private static final StructType SILVER = new StructType().add("record_id", DataTypes.StringType).add("batch_seq", DataTypes.LongType)
            .add("birth_date", DataTypes.DateType).add("email_key", DataTypes.StringType).add("phone_e164", DataTypes.StringType)
            .add("phone_valid", DataTypes.BooleanType).add("account_id", DataTypes.StringType).add("document_type", DataTypes.StringType)
            .add("document_number", DataTypes.StringType).add("document_number_valid", DataTypes.BooleanType);

    private static Row record(String id, long batch, String born, String email, String phone, String account) {
        return RowFactory.create(id, batch, born == null ? null : Date.valueOf(born), email, phone, phone != null, account, "PASSEPORT",
                "12AB" + id, false);
    }

    private static Dataset<Row> silver(SparkSession spark, String path) {
        return spark.read().format("delta").load(path).withColumn("node", Resolution.nodeKey());
    }

    private static Dataset<Row> silverAt(SparkSession spark, String path, long version) {
        return spark.read().format("delta").option("versionAsOf", version).load(path).withColumn("node", Resolution.nodeKey());
    }

    /** A batch as ingest applies it: the records it corrects deleted, then its records appended. */
    private static void ingest(SparkSession spark, String path, List<Row> batch) {
        List<String> ids = batch.stream().map(r -> r.getString(0)).toList();
        DeltaTable.forPath(spark, path).delete(col("record_id").isin(ids.toArray()));
        spark.createDataFrame(batch, SILVER).write().format("delta").mode("append").save(path);
    }

    private static List<String> described(BirthDateSlips.Found found) {
        List<String> out = new ArrayList<>();
        found.keyedPairs().forEach(p -> out.add(p[0] + ":" + p[1] + "~" + p[2]));
        for (long p : found.placeholders()) {
            out.add("placeholder " + p);
        }
        return out;
    }

    @Test
    void aNightsBatchesMoveTheKeptSearchToWhatTheWholeSearchFinds(@TempDir Path dir) {
        SparkSession spark = SharedSpark.spark();
        String path = dir.resolve("records").toString();
        spark.createDataFrame(List.of(
                record("R01", 1, "1980-03-12", "anne@x.fr", null, null),
                record("R02", 1, "1981-03-12", "anne@x.fr", null, null),            // a digit off R01: a pair
                record("R03", 1, "1975-06-03", null, "+33611111111", null),
                record("R04", 1, "1990-01-01", null, null, "ACC9"),
                record("R05", 1, "1970-01-01", "crowd@x.fr", null, null),           // four records: over the cap, a placeholder
                record("R06", 1, "1971-01-01", "crowd@x.fr", null, null),
                record("R07", 1, "1990-05-05", "crowd@x.fr", null, null),
                record("R08", 1, "1962-02-02", "crowd@x.fr", null, null),
                record("R09", 1, null, "undated@x.fr", null, null)), SILVER)
                .write().format("delta").save(path);
        KeptSlips.Searched first = KeptSlips.search(silver(spark, path), Optional.empty(), CAP);
        assertFalse(first.kept());
        assertEquals(8, first.tally().records(), "the dated records");
        assertEquals(1, first.tally().lastBatchSeq());
        assertEquals(1, first.found().pairs().size(), "R01 and R02");
        assertEquals(1, first.found().placeholders().length, "crowd@x.fr");
        assertEquals(described(first.found()), described(KeptSlips.of(KeptSlips.rows(first.found()))), "kept in the table and read back");

        ingest(spark, path, List.of(
                record("R10", 2, "1975-03-06", null, "+33611111111", null),         // new: R03's phone, day and month swapped
                record("R02", 2, "1981-03-12", "autre@x.fr", null, null),           // corrected away from R01's email: that pair goes
                record("R08", 2, "1962-02-02", "moved@x.fr", null, null),           // leaves the crowd: three left, R05 and R06 a digit apart
                record("R11", 2, "1990-01-07", null, null, "ACC9"),                 // new: R04's account, a digit off
                record("R09", 2, "1990-09-09", "undated@x.fr", null, null)));       // a birth date now
        KeptSlips.Previous previous = new KeptSlips.Previous(first.found(), first.tally(), silverAt(spark, path, 0));
        KeptSlips.Searched kept = KeptSlips.search(silver(spark, path), Optional.of(previous), CAP);
        KeptSlips.Searched whole = KeptSlips.whole(silver(spark, path), CAP);
        assertTrue(kept.kept(), "moved by the batch's records");
        assertEquals(described(whole.found()), described(kept.found()));
        assertEquals(whole.tally(), kept.tally());
        assertEquals(0, kept.found().placeholders().length, "the crowd's email back under the cap");
        assertEquals(3, kept.found().pairs().size(), "R03~R10, R04~R11, R05~R06; R01~R02 gone");
        assertEquals(7, kept.keysSearched(), "the keys the batch's records hold or held (R09's none: undated before), the placeholder among them");

        KeptSlips.Searched again = KeptSlips.search(silver(spark, path), Optional.of(new KeptSlips.Previous(kept.found(), kept.tally(),
                silverAt(spark, path, 2))), CAP);
        assertTrue(again.kept() && again.keysSearched() == 0, "nothing new, no placeholder: no key searched");
        assertEquals(described(kept.found()), described(again.found()));

        // Silver/records as the last run read it fails to read (vacuumed files: Spark's own, checked exception).
        KeptSlips.Searched unreadable = KeptSlips.search(silver(spark, path), Optional.of(new KeptSlips.Previous(first.found(), first.tally(),
                silverAt(spark, path, 0).filter(org.apache.spark.sql.functions.assert_true(org.apache.spark.sql.functions.lit(false)).isNull()))),
                CAP);
        assertFalse(unreadable.kept(), "searched whole when the records as they were cannot be read");
        assertEquals(described(whole.found()), described(unreadable.found()));

        // A retraction restores a record under its earlier batch: the batch numbers no longer say what changed.
        DeltaTable.forPath(spark, path).delete(col("record_id").equalTo("R02"));
        spark.createDataFrame(List.of(record("R02", 1, "1981-03-12", "anne@x.fr", null, null)), SILVER).write().format("delta").mode("append").save(path);
        KeptSlips.Previous after = new KeptSlips.Previous(kept.found(), kept.tally(), silverAt(spark, path, 2));
        KeptSlips.Searched restored = KeptSlips.search(silver(spark, path), Optional.of(after), CAP);
        assertFalse(restored.kept(), "searched whole: the records differ from the kept ones otherwise than by new batches");
        assertEquals(described(KeptSlips.whole(silver(spark, path), CAP).found()), described(restored.found()));
        assertEquals(4, restored.found().pairs().size(), "R01~R02 back");
    }
}
