package io.breachimpact.spark;

import io.delta.tables.DeltaTable;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import scala.collection.JavaConverters;
import scala.collection.immutable.Seq;

import java.util.Arrays;
import java.util.List;
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

    /** Current versions of named tables (-1 for one that does not exist yet), for the run ledger. */
    public static java.util.Map<String, Long> versions(SparkSession spark, java.util.Map<String, String> tables) {
        java.util.Map<String, Long> versions = new java.util.LinkedHashMap<>();
        tables.forEach((name, path) -> versions.put(name, version(spark, path).orElse(-1L)));
        return versions;
    }

    /**
     * Replaces one batch's rows in a table with a batch_id column, creating the table on first use:
     * re-running a batch rewrites exactly its own rows, in one commit. The tables are not partitioned
     * by batch (a write would sort every row by it for nothing); each batch has its own files, found
     * through the batch_id statistics.
     *
     * @param indexedColumns how many leading columns carry data-skipping statistics (the lineage ones)
     */
    public static void replaceBatch(SparkSession spark, Dataset<Row> rows, String path, String batchId, int indexedColumns) {
        replaceBatch(spark, rows, path, batchId, indexedColumns, 0);
    }

    /** @param maxRecordsPerFile more files than write tasks, when positive (0: one file per task) */
    public static void replaceBatch(SparkSession spark, Dataset<Row> rows, String path, String batchId, int indexedColumns,
                                    long maxRecordsPerFile) {
        if (!exists(spark, path)) {
            create(rows, path, indexedColumns, maxRecordsPerFile, false);
            return;
        }
        // mergeSchema: a column added to the table's contract since the table was made (bronze's line_repairs).
        withFileSize(rows.write().format("delta").mode("overwrite").option("replaceWhere", "batch_id = '" + batchId + "'")
                .option("mergeSchema", "true"), maxRecordsPerFile).save(path);
    }

    /**
     * Writes a new table whose statistics cover only its leading columns: collecting min/max of every
     * long text column of millions of rows costs time and serves no query.
     */
    public static void create(Dataset<Row> rows, String path, int indexedColumns) {
        create(rows, path, indexedColumns, 0, false);
    }

    private static void create(Dataset<Row> rows, String path, int indexedColumns, long maxRecordsPerFile, boolean deletionVectors) {
        org.apache.spark.sql.DataFrameWriter<Row> writer = rows.write().format("delta").mode("append")
                .option("delta.dataSkippingNumIndexedCols", String.valueOf(indexedColumns));
        withFileSize(deletionVectors ? writer.option(DELETION_VECTORS, "true") : writer, maxRecordsPerFile).save(path);
    }

    /** The table property that lets row-level changes mark rows deleted instead of rewriting their files. */
    public static final String DELETION_VECTORS = "delta.enableDeletionVectors";

    /**
     * A new table that is changed row by row (MERGE, DELETE): with deletion vectors, a change marks the
     * old rows deleted in a small file beside theirs and writes the new rows, instead of rewriting every
     * file that holds a changed row (a follow-up batch's corrections touch nearly all of them).
     */
    public static void createForRowChanges(Dataset<Row> rows, String path, int indexedColumns) {
        create(rows, path, indexedColumns, 0, true);
    }

    /** Deletion vectors on a table made before they were used (a protocol upgrade, one commit, once). */
    public static void useDeletionVectors(SparkSession spark, String path) {
        Object enabled = DeltaTable.forPath(spark, path).detail().select("properties").first().getJavaMap(0).get(DELETION_VECTORS);
        if (!"true".equals(enabled)) {
            spark.sql("ALTER TABLE delta.`" + path.replace("`", "``") + "` SET TBLPROPERTIES ('" + DELETION_VECTORS + "' = 'true')");
        }
    }

    public static final String CHANGE_DATA_FEED = "delta.enableChangeDataFeed";

    /**
     * Has the table record, from its next commit on, which rows each commit inserted and deleted (Delta's
     * change data feed): what reads a night's changes then reads those rows, not the whole table.
     */
    public static void useChangeDataFeed(SparkSession spark, String path) {
        Object enabled = DeltaTable.forPath(spark, path).detail().select("properties").first().getJavaMap(0).get(CHANGE_DATA_FEED);
        if (!"true".equals(enabled)) {
            spark.sql("ALTER TABLE delta.`" + path.replace("`", "``") + "` SET TBLPROPERTIES ('" + CHANGE_DATA_FEED + "' = 'true')");
        }
    }

    /**
     * The keys of the rows inserted, updated or deleted after version {@code from} up to {@code to}, read
     * from the table's change data feed (stored); empty when the feed cannot say it both surely and
     * cheaply: a commit between them rewrote the table (an overwrite says every row changed), is of a
     * kind other than a MERGE, an append or a change of no row, or the history or the feed no longer
     * covers every commit (not recorded then, or vacuumed).
     */
    public static Optional<Dataset<Row>> changedKeys(SparkSession spark, String path, long from, long to, List<String> keys) {
        return changedRows(spark, path, from, to, keys).map(rows -> rows.select(keys.stream().map(functions::col).toArray(Column[]::new))
                .distinct().localCheckpoint(true));
    }

    /** The feed's column saying what a row of the change data feed is: {@link #INSERT}, {@code delete}, {@code update_preimage} or {@link #UPDATE_POSTIMAGE}. */
    public static final String CHANGE_TYPE = "_change_type";
    /** The feed's column holding the version of the commit that made the change. */
    public static final String COMMIT_VERSION = "_commit_version";
    public static final String INSERT = "insert";
    public static final String UPDATE_POSTIMAGE = "update_postimage";

    /** Whether a row of the change data feed was added to the table (inserted, or an update's new row), not taken out. */
    public static Column rowAdded() {
        return functions.col(CHANGE_TYPE).isin(INSERT, UPDATE_POSTIMAGE);
    }

    /**
     * Per key a change data feed names ({@link #changedRows}): {@code before}, what the table held for
     * it before the changes (its first row, when that row was taken out), and {@code after}, what it
     * holds after them (its last row, when that row was added), each null when there is none; the keys
     * the feed does not name did not change. Within one commit a row taken out comes before one added.
     *
     * @param row what of a row to keep (a column, or a struct of columns)
     */
    public static Dataset<Row> beforeAndAfter(Dataset<Row> feed, String key, Column row) {
        org.apache.spark.sql.expressions.WindowSpec byKey = org.apache.spark.sql.expressions.Window.partitionBy(key);
        Column version = functions.col(COMMIT_VERSION);
        return feed.withColumn("first_change", functions.row_number().over(byKey.orderBy(version.asc(), rowAdded().asc())))
                .withColumn("last_change", functions.row_number().over(byKey.orderBy(version.desc(), rowAdded().desc())))
                .groupBy(key)
                .agg(functions.first(functions.when(functions.col("first_change").equalTo(1).and(functions.not(rowAdded())), row), true).as("before"),
                        functions.first(functions.when(functions.col("last_change").equalTo(1).and(rowAdded()), row), true).as("after"));
    }

    /**
     * The rows inserted, updated or deleted after version {@code from} up to {@code to}, in
     * {@code columns} with {@link #CHANGE_TYPE} and {@link #COMMIT_VERSION}, read from the table's change
     * data feed (stored; a deleted row as it was, a row inserted as it is); empty under the same
     * conditions as {@link #changedKeys}.
     */
    public static Optional<Dataset<Row>> changedRows(SparkSession spark, String path, long from, long to, List<String> columns) {
        List<Column> wanted = new java.util.ArrayList<>(columns.stream().map(functions::col).toList());
        wanted.add(functions.col(CHANGE_TYPE));
        wanted.add(functions.col(COMMIT_VERSION));
        Column[] selected = wanted.toArray(new Column[0]);
        if (to < from) {
            return Optional.empty();
        }
        if (to == from) {
            return Optional.of(read(spark, path).withColumn(CHANGE_TYPE, functions.lit(INSERT)).withColumn(COMMIT_VERSION, functions.lit(to))
                    .select(selected).limit(0));
        }
        Optional<List<Row>> history = commitsAfter(spark, path, from, to, "operation", "operationParameters");
        if (history.isEmpty()) {
            return Optional.empty();
        }
        for (Row c : history.get()) {
            String operation = c.getString(0);
            java.util.Map<String, String> parameters = c.isNullAt(1) ? java.util.Map.of() : c.getJavaMap(1);
            boolean rowByRow = operation.equals("MERGE") || operation.equals("WRITE") && "Append".equals(parameters.get("mode"));
            if (!rowByRow && !ROW_NEUTRAL.contains(operation)) {
                return Optional.empty();
            }
        }
        try {
            return Optional.of(spark.read().format("delta").option("readChangeFeed", "true").option("startingVersion", from + 1)
                    .option("endingVersion", to).load(path).select(selected).localCheckpoint(true));
        } catch (Exception e) { // Delta's AnalysisException among them, which Java counts as checked
            org.slf4j.LoggerFactory.getLogger(DeltaTables.class).info("The change data feed of {} does not cover versions {} to {} ({}): "
                    + "the table is compared instead", path, from + 1, to, e.getClass().getSimpleName());
            return Optional.empty();
        }
    }

    /**
     * Rewrites the files that hold rows marked deleted, without those rows: until then a retracted or
     * superseded value is still in a file the table uses (hidden from readers); after it, VACUUM
     * removes the old files once past the retention.
     */
    public static void purgeDeletedRows(SparkSession spark, String path) {
        spark.sql("REORG TABLE delta.`" + path.replace("`", "``") + "` APPLY (PURGE)");
    }

    /**
     * When the oldest change since the last purge that left rows marked deleted was committed; empty
     * when every such change was purged (or the table never had one).
     */
    public static Optional<java.sql.Timestamp> oldestUnpurgedDeletion(SparkSession spark, String path) {
        List<Row> history = DeltaTable.forPath(spark, path).history().select("version", "timestamp", "operation", "operationMetrics")
                .orderBy(org.apache.spark.sql.functions.col("version").desc()).collectAsList();
        java.sql.Timestamp oldest = null;
        for (Row commit : history) {
            if ("REORG".equals(commit.getString(2))) {
                break;
            }
            java.util.Map<String, String> m = commit.isNullAt(3) ? java.util.Map.of() : commit.getJavaMap(3);
            long vectors = Long.parseLong(m.getOrDefault("numTargetDeletionVectorsAdded", "0")) + Long.parseLong(m.getOrDefault("numDeletionVectorsAdded", "0"))
                    + Long.parseLong(m.getOrDefault("numTargetDeletionVectorsUpdated", "0")) + Long.parseLong(m.getOrDefault("numDeletionVectorsUpdated", "0"));
            if (vectors > 0) {
                oldest = commit.getTimestamp(1);
            }
        }
        return Optional.ofNullable(oldest);
    }

    /** Commits that change no row: a property, a compaction, a purge of deleted rows, VACUUM. */
    public static final java.util.Set<String> ROW_NEUTRAL = java.util.Set.of("SET TBLPROPERTIES", "OPTIMIZE", "REORG", "VACUUM START",
            "VACUUM END", "UPGRADE PROTOCOL");

    /** Whether the table holds the rows it held at {@code version}: every commit since changed none (or there is none). */
    public static boolean rowsAsAt(SparkSession spark, String path, long version) {
        long current = version(spark, path).orElse(-1L);
        if (current <= version) {
            return current == version;
        }
        return commitsAfter(spark, path, version, current, "operation")
                .map(commits -> commits.stream().allMatch(c -> ROW_NEUTRAL.contains(c.getString(0)))).orElse(false);
    }

    /**
     * The commits after version {@code from} up to {@code to}, the given columns of the table's history;
     * empty when the history no longer holds every one of them (Delta's log retention cut it).
     */
    private static Optional<List<Row>> commitsAfter(SparkSession spark, String path, long from, long to, String... columns) {
        List<Row> commits = DeltaTable.forPath(spark, path).history()
                .filter(functions.col("version").gt(from).and(functions.col("version").leq(to)))
                .selectExpr(columns).collectAsList();
        return commits.size() == to - from ? Optional.of(commits) : Optional.empty();
    }

    /** What {@link #applyChanges} did to the table's rows. */
    public record RowChanges(long inserted, long updated, long deleted) {
        public java.util.Map<String, Long> asMap() {
            return java.util.Map.of("inserted", inserted, "updated", updated, "deleted", deleted);
        }
    }

    /**
     * Brings a table's rows to a new state row by row: each of {@code newRows} replaces the row of its
     * key, and the rows of {@code removedKeys} that {@code newRows} does not hold are deleted. The rows
     * of the keys concerned are read once (a join with those keys, broadcast up to {@link #BROADCAST_KEYS} of them): a new row equal to
     * the one it replaces is left out, and the others are told apart by whether their key is in the
     * table. The rows replaced or removed are deleted by a MERGE of their keys alone with a delete
     * clause alone, which marks them in deletion vectors and reads only the table's keys; the new rows
     * are then appended. A MERGE that updates reads every column of every file it touches, and one that
     * also inserts joins the whole table by a full outer join: a night's rows are spread over all the
     * files (at 4M records the three person tables' changes went from 84 s to 65 s, README). Two
     * commits: the caller's state check sees either as a change of the rows. {@code newRows} holds a
     * key once, in one row or in equal rows (checked before any commit: an append would keep both).
     */
    public static RowChanges applyChanges(SparkSession spark, String path, Dataset<Row> newRows, Dataset<Row> removedKeys, List<String> keys) {
        return applyChanges(spark, path, newRows, removedKeys, keys, Optional.empty(), BROADCAST_KEYS);
    }

    /**
     * {@link #applyChanges} for a table whose rows carry a digest of themselves ({@code digest}, computed
     * the same way for the new rows): a new row is left out when the table holds its key with the same
     * digest, so that only the keys and the digests of the rows concerned are read, not the whole rows.
     * {@code newRows} holds each key in one row: a key in two rows is refused even when they are equal
     * (they are not made distinct, a shuffle of the whole rows: at 4M records 1.2 s of the 1.6 s spent
     * staging 34,732 persons, README).
     */
    public static RowChanges applyChanges(SparkSession spark, String path, Dataset<Row> newRows, Dataset<Row> removedKeys, List<String> keys,
                                          String digest) {
        return applyChanges(spark, path, newRows, removedKeys, keys, Optional.of(digest), BROADCAST_KEYS);
    }

    /**
     * Keys up to this many are broadcast to find their rows and to delete them; more go through a
     * shuffle join (a broadcast is held whole by the driver and every executor, and a night that links
     * millions of records again has millions of keys).
     */
    static final long BROADCAST_KEYS = 1_000_000;

    /** {@link #applyChanges} with keys broadcast up to {@code broadcastKeys}. */
    static RowChanges applyChanges(SparkSession spark, String path, Dataset<Row> newRows, Dataset<Row> removedKeys, List<String> keys,
                                   Optional<String> digest, long broadcastKeys) {
        Seq<String> on = JavaConverters.asScalaBuffer(keys).toList();
        Column[] keyColumns = keys.stream().map(functions::col).toArray(Column[]::new);
        Dataset<Row> table = read(spark, path);
        Column[] tableColumns = Arrays.stream(table.columns()).map(functions::col).toArray(Column[]::new);
        // The new rows made once (a caller's rows may be costly to make: links are exploded from persons),
        // and checked before anything else: a key with two different rows, even where one of them equals
        // the table's, would otherwise replace the table's row silently.
        Dataset<Row> candidates = (digest.isPresent() ? newRows.select(tableColumns) : newRows.select(tableColumns).distinct()).localCheckpoint(true);
        if (!candidates.groupBy(keyColumns).count().filter(functions.col("count").gt(1)).isEmpty()) {
            throw new IllegalStateException("rows for " + path + " hold a key more than once: " + keys);
        }
        Dataset<Row> concerned = candidates.select(keyColumns).union(removedKeys.select(keyColumns)).distinct().localCheckpoint(true);
        // What tells a row kept from a row replaced: the whole row, or its digest beside its key.
        Column[] compared = digest.map(d -> java.util.stream.Stream.concat(Arrays.stream(keyColumns), java.util.stream.Stream.of(functions.col(d)))
                .toArray(Column[]::new)).orElse(tableColumns);
        Dataset<Row> current = table.select(compared).join(bounded(concerned, concerned.count(), broadcastKeys), on, "left_semi")
                .localCheckpoint(true);
        Dataset<Row> upserts = (digest.isPresent()
                ? candidates.join(current, JavaConverters.asScalaBuffer(Arrays.stream(current.columns()).toList()).toList(), "left_anti")
                .select(tableColumns)
                : candidates.except(current)).localCheckpoint(true);
        Dataset<Row> held = current.select(keyColumns);
        Dataset<Row> replaced = upserts.select(keyColumns).join(held, on, "left_semi").localCheckpoint(true);
        Dataset<Row> removed = removedKeys.select(keyColumns).distinct().join(candidates.select(keyColumns), on, "left_anti")
                .join(held, on, "left_semi").localCheckpoint(true);
        long updated = replaced.count();
        long deleted = removed.count();
        long written = upserts.count(); // counted before the first commit: after it, only the append is left
        deleteKeys(spark, path, replaced.union(removed), keys, updated + deleted, broadcastKeys);
        if (written > 0) {
            upserts.write().format("delta").mode("append").save(path);
        }
        return new RowChanges(written - updated, updated, deleted);
    }

    /**
     * Deletes the rows of {@code count} distinct keys (none: no commit) by a MERGE of the keys alone with a
     * delete clause alone: it marks them in deletion vectors and reads only the table's key columns.
     */
    public static void deleteKeys(SparkSession spark, String path, Dataset<Row> keyRows, List<String> keys, long count) {
        deleteKeys(spark, path, keyRows, keys, count, BROADCAST_KEYS);
    }

    private static void deleteKeys(SparkSession spark, String path, Dataset<Row> keyRows, List<String> keys, long count, long broadcastKeys) {
        if (count == 0) {
            return;
        }
        StringBuilder match = new StringBuilder();
        for (String k : keys) {
            match.append(match.length() == 0 ? "" : " AND ").append("t.`").append(k).append("` = s.`").append(k).append('`');
        }
        DeltaTable.forPath(spark, path).as("t").merge(bounded(keyRows, count, broadcastKeys).as("s"), match.toString())
                .whenMatched().delete()
                .execute();
    }

    /** The keys marked for broadcast when there are at most {@link #BROADCAST_KEYS} of them, for a join that finds their rows. */
    public static Dataset<Row> keysToJoin(Dataset<Row> keys, long count) {
        return bounded(keys, count, BROADCAST_KEYS);
    }

    /** The keys marked for broadcast when there are at most {@code bound} of them. */
    private static Dataset<Row> bounded(Dataset<Row> keys, long count, long bound) {
        return count <= bound ? functions.broadcast(keys) : keys;
    }

    /** The session's own setting stands unless a write asks for smaller files. */
    private static org.apache.spark.sql.DataFrameWriter<Row> withFileSize(org.apache.spark.sql.DataFrameWriter<Row> writer, long maxRecordsPerFile) {
        return maxRecordsPerFile > 0 ? writer.option("maxRecordsPerFile", String.valueOf(maxRecordsPerFile)) : writer;
    }

    /** Replaces a whole table in one commit (earlier versions stay readable by time travel). */
    public static void replace(Dataset<Row> rows, String path, int indexedColumns) {
        rows.write().format("delta").mode("overwrite").option("overwriteSchema", "true")
                .option("delta.dataSkippingNumIndexedCols", String.valueOf(indexedColumns))
                .save(path);
    }

    /**
     * Takes back what a run just wrote for one batch: the table goes back to the version it had before
     * (a new version, so the bad one stays inspectable by time travel), or, if the run created it,
     * loses the batch's rows. Jobs write their tables alone, so nothing else is undone.
     */
    public static void undoBatch(SparkSession spark, String path, Optional<Long> versionBefore, String batchId) {
        if (!exists(spark, path)) {
            return;
        }
        if (versionBefore.isPresent()) {
            DeltaTable.forPath(spark, path).restoreToVersion(versionBefore.get());
        } else {
            DeltaTable.forPath(spark, path).delete(org.apache.spark.sql.functions.col("batch_id").equalTo(batchId));
        }
    }

    /** The table, or a clear error naming it and the job that makes it. */
    public static Dataset<Row> require(SparkSession spark, String path, String name, String madeBy) {
        if (!exists(spark, path)) {
            throw io.breachimpact.error.BreachImpactException.badInput(name + " does not exist at " + path + ": run `" + madeBy
                    + "` first (or check lake.root)");
        }
        return read(spark, path);
    }
}
