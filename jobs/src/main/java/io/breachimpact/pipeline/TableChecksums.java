package io.breachimpact.pipeline;

import io.breachimpact.spark.DeltaTables;
import io.breachimpact.spark.Lake;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.TimestampType;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map_entries;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.xxhash64;

/**
 * An order-free digest of each table's rows, leaving out what two runs of the same work differ in by
 * nature: timestamps, run ids, the paths files were read from. Two lakes that went through the same
 * work give the same digests table by table (`status --checksums`): how a benchmark shows that one way
 * of running a night gives what another gives, and an operator that a re-run changed nothing.
 */
public final class TableChecksums {
    private TableChecksums() {
    }

    /** One table: its version (which differs between lakes), its rows and the digest of their stable columns. */
    public record Checksum(String table, long version, long rows, String digest) {
        public String line() {
            return String.format(Locale.ROOT, "%-32s %,14d  %s", table, rows, digest);
        }
    }

    /**
     * The columns that two runs of the same work write alike: not timestamps, run ids or source paths,
     * nor the wave dates decide counts from the day it runs, nor the silver version the match model
     * was trained at (a count of commits, not of content).
     */
    public static Dataset<Row> stable(Dataset<Row> rows) {
        List<Column> kept = new ArrayList<>();
        for (StructField f : rows.schema().fields()) {
            if (!(f.dataType() instanceof TimestampType) && !f.name().contains("run_id") && !f.name().equals("source_file")
                    && !f.name().endsWith("wave_date") && !f.name().equals("silver_version")) {
                // A map's entries in key order: its hash must not depend on the order they were put in.
                kept.add(f.dataType() instanceof MapType ? array_sort(map_entries(rows.col(f.name()))).as(f.name()) : rows.col(f.name()));
            }
        }
        return rows.select(kept.toArray(new Column[0]));
    }

    /**
     * Rows and the exact sum of their hashes: equal for the same rows in any order. A row is hashed as
     * its JSON with nulls written, so that a value moved to the next column, an empty array and a null
     * one, or an array that lost a null element all change it (a hash of the columns skips nulls).
     */
    public static Checksum of(String table, long version, Dataset<Row> rows) {
        Dataset<Row> kept = stable(rows);
        Column[] columns = java.util.Arrays.stream(kept.columns()).map(kept::col).toArray(Column[]::new);
        Column json = to_json(struct(columns), Map.of("ignoreNullFields", "false"));
        Row r = kept.agg(count(lit(1)), coalesce(sum(xxhash64(json).cast("decimal(38,0)")), lit(0).cast("decimal(38,0)"))).first();
        return new Checksum(table, version, r.getLong(0), r.getDecimal(1).toPlainString());
    }

    /** Every data table of the lake that exists (the run ledger apart: it records when and how long, by nature). */
    public static List<Checksum> of(SparkSession spark, Lake lake) {
        List<Checksum> result = new ArrayList<>();
        Map<String, Long> versions = DeltaTables.versions(spark, lake.tables());
        for (Map.Entry<String, String> t : lake.tables().entrySet()) {
            if (DeltaTables.exists(spark, t.getValue())) {
                long version = versions.getOrDefault(t.getKey(), -1L);
                // At the version listed, whatever a writer commits meanwhile.
                result.add(of(t.getKey(), version, spark.read().format("delta").option("versionAsOf", version).load(t.getValue())));
            }
        }
        return result;
    }
}
