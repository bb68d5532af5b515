package io.breachimpact.identity;

import io.breachimpact.identity.match.MatchModel;
import io.breachimpact.pipeline.JobScope;
import io.breachimpact.pipeline.LakeTable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The match model as the lake keeps it ({@code internal/match_model}, one row): trained once, then used
 * again while the records stay within {@code resolve.model.retrain-after-change} of those it was
 * trained on. A night's new records then link by the same weights as the rest, the persons elsewhere do
 * not move because weights moved, and a night's result is what a full run with the lake's model gives.
 *
 * @param trainingKey    the settings and comparisons it was trained under ({@link #trainingKey})
 * @param records        the records it was trained on
 * @param silverVersion  silver/records' version it was last checked against (trained at, or used again at)
 * @param changedRecords records inserted, updated or deleted between its training and {@code silverVersion}
 */
public record StoredModel(MatchModel model, String trainingKey, long records, long silverVersion, long changedRecords, long trainingRecords,
                          double candidatePairs, int iterations) {

    /** What a model depends on besides the records: the persons' version (its comparisons) and the block cap. */
    static String trainingKey(ResolveConfig config) {
        return "persons " + ResolveJob.PERSONS_VERSION + "; max-block-size " + config.maxBlockSize();
    }

    static Optional<StoredModel> read(JobScope scope) {
        // A table of an earlier shape (without changed_records) is not this model: trained again.
        if (!scope.exists(LakeTable.INTERNAL_MATCH_MODEL)) {
            return Optional.empty();
        }
        Dataset<Row> table = scope.read(LakeTable.INTERNAL_MATCH_MODEL);
        if (!LakeTable.INTERNAL_MATCH_MODEL.breaches(table.schema()).isEmpty()) {
            return Optional.empty();
        }
        List<Row> rows = table.collectAsList();
        return rows.size() == 1 ? Optional.of(of(rows.get(0))) : Optional.empty();
    }

    /**
     * Why the model cannot serve the records, or empty when it can: trained under other settings, or
     * before more than {@code retrainAfterChange} of the records it was trained on were inserted,
     * updated or deleted (0: it never serves a second run).
     *
     * @param changedSince records changed since {@link #silverVersion}; empty when silver/records' history
     *                     cannot say (cut by Delta's log retention, or a commit of unknown effect)
     */
    Optional<String> staleFor(String key, Optional<Long> changedSince, double retrainAfterChange) {
        if (!trainingKey.equals(key)) {
            return Optional.of("it was trained under other settings (" + trainingKey + ")");
        }
        if (retrainAfterChange == 0) {
            return Optional.of("resolve.model.retrain-after-change is 0");
        }
        if (changedSince.isEmpty()) {
            return Optional.of("silver/records' history since v" + silverVersion + " cannot say how many records changed");
        }
        long changed = changedRecords + changedSince.get();
        double change = changed / (double) Math.max(1, records);
        if (change > retrainAfterChange) {
            return Optional.of(String.format(Locale.ROOT, "%,d records were inserted, updated or deleted since it was trained on %,d: "
                    + "%.1f %%, more than resolve.model.retrain-after-change (%.1f %%)", changed, records, 100 * change,
                    100 * retrainAfterChange));
        }
        return Optional.empty();
    }

    /** The same model, checked at a later version of silver/records with that many more changed records. */
    StoredModel checkedAt(long version, long changedSince) {
        return new StoredModel(model, trainingKey, records, version, changedRecords + changedSince, trainingRecords, candidatePairs, iterations);
    }

    /** Operations whose metrics count the rows they changed. */
    private static final java.util.Set<String> COUNTED = java.util.Set.of("MERGE", "WRITE", "DELETE", "UPDATE", "CREATE TABLE",
            "CREATE OR REPLACE TABLE", "REPLACE TABLE", "CREATE TABLE AS SELECT", "REPLACE TABLE AS SELECT");

    /**
     * Records inserted, updated or deleted in a table after {@code version}, from its commits' metrics (a
     * record a batch corrects counts twice: ingest deletes its row, then writes the new one);
     * empty when the history no longer holds every commit since, or holds one whose effect on the
     * records it cannot count (a RESTORE).
     */
    static Optional<Long> changedSince(SparkSession spark, String path, long version) {
        List<Row> commits = io.delta.tables.DeltaTable.forPath(spark, path).history()
                .filter(org.apache.spark.sql.functions.col("version").gt(version)).select("operation", "operationMetrics").collectAsList();
        long current = io.breachimpact.spark.DeltaTables.version(spark, path).orElse(version);
        if (commits.size() != current - version) {
            return Optional.empty();
        }
        long changed = 0;
        for (Row c : commits) {
            String operation = c.getString(0);
            if (io.breachimpact.spark.DeltaTables.ROW_NEUTRAL.contains(operation)) {
                continue;
            }
            if (!COUNTED.contains(operation)) {
                return Optional.empty();
            }
            Map<String, String> m = c.isNullAt(1) ? Map.of() : c.getJavaMap(1);
            for (String metric : List.of("numTargetRowsInserted", "numTargetRowsUpdated", "numTargetRowsDeleted", "numDeletedRows",
                    "numUpdatedRows", "numOutputRows")) {
                if (metric.equals("numOutputRows") && m.containsKey("numTargetRowsInserted")) {
                    continue; // a MERGE's output rows are its inserted and updated ones, counted already
                }
                changed += Long.parseLong(m.getOrDefault(metric, "0"));
            }
        }
        return Optional.of(changed);
    }

    /**
     * After rekey rewrote silver/records with new person keys only (which the model does not read): the
     * model is checked at the new version with no record changed, not trained again for a new key.
     */
    public static void keyRotated(SparkSession spark, String modelPath, long silverVersion) {
        if (io.breachimpact.spark.DeltaTables.exists(spark, modelPath)) {
            io.delta.tables.DeltaTable.forPath(spark, modelPath).update(
                    Map.of("silver_version", org.apache.spark.sql.functions.lit(silverVersion)));
        }
    }

    Dataset<Row> toRows(SparkSession spark) {
        Map<String, Double> frequency = new HashMap<>(model.surnameFrequency());
        Row row = RowFactory.create(trainingKey, records, silverVersion, changedRecords, trainingRecords, candidatePairs, iterations,
                model.priorBits(),
                nested(model.m()), nested(model.u()), frequency, model.rarestSurname(), new Timestamp(System.currentTimeMillis()));
        return spark.createDataFrame(List.of(row), LakeTable.INTERNAL_MATCH_MODEL.columns()).coalesce(1);
    }

    static StoredModel of(Row r) {
        MatchModel model = new MatchModel(array(r.getList(r.fieldIndex("m"))), array(r.getList(r.fieldIndex("u"))),
                r.getDouble(r.fieldIndex("prior_bits")), new HashMap<>(r.getJavaMap(r.fieldIndex("surname_frequency"))),
                r.getDouble(r.fieldIndex("rarest_surname")));
        return new StoredModel(model, r.getString(r.fieldIndex("training_key")), r.getLong(r.fieldIndex("records")),
                r.getLong(r.fieldIndex("silver_version")), r.getLong(r.fieldIndex("changed_records")), r.getLong(r.fieldIndex("training_records")),
                r.getDouble(r.fieldIndex("candidate_pairs")), r.getInt(r.fieldIndex("iterations")));
    }

    private static List<List<Double>> nested(double[][] values) {
        List<List<Double>> rows = new ArrayList<>(values.length);
        for (double[] v : values) {
            List<Double> row = new ArrayList<>(v.length);
            for (double x : v) {
                row.add(x);
            }
            rows.add(row);
        }
        return rows;
    }

    private static double[][] array(List<Object> rows) {
        double[][] values = new double[rows.size()][];
        for (int i = 0; i < rows.size(); i++) {
            Object row = rows.get(i);
            List<?> list = row instanceof scala.collection.Seq<?> seq ? scala.collection.JavaConverters.seqAsJavaList(seq) : (List<?>) row;
            values[i] = new double[list.size()];
            for (int j = 0; j < list.size(); j++) {
                values[i][j] = ((Number) list.get(j)).doubleValue();
            }
        }
        return values;
    }
}
