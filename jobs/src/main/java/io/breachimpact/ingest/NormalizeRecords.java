package io.breachimpact.ingest;

import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.functions;

/** Accepted bronze records → silver records ({@link RecordNormalizer} on every row). */
public final class NormalizeRecords {
    private NormalizeRecords() {
    }

    public static Dataset<Row> apply(Dataset<Row> acceptedBronze, RecordNormalizer normalizer) {
        // The normalizer reads columns by position: put them in bronze's order, whatever joins did.
        Column[] columns = java.util.Arrays.stream(BronzeRecords.SCHEMA.fieldNames()).map(functions::col).toArray(Column[]::new);
        return acceptedBronze.select(columns).map((MapFunction<Row, Row>) normalizer::normalize, Encoders.row(SilverRecords.SCHEMA));
    }
}
