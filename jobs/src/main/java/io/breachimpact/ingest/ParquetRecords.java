package io.breachimpact.ingest;

import io.breachimpact.error.BreachImpactException;
import io.breachimpact.ingest.profile.DumpProfile;
import io.breachimpact.ingest.profile.RecordMapper;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.CollectionAccumulator;

import java.io.IOException;
import java.net.URI;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.apache.spark.sql.functions.col;

/**
 * Parquet files as bronze rows, read by Spark's Parquet reader: the profile's columns as text, each row
 * with its file and its place in it ({@code _metadata.row_index}, from 1 like a line). What each file
 * holds is taken from its footer, so the reconciliation compares what was written into bronze with
 * what the files say they hold.
 */
final class ParquetRecords {
    private ParquetRecords() {
    }

    static Dataset<Row> bronze(SparkSession spark, List<InputFile> files, String batch, long batchSeq, Timestamp ingestedAt,
                               DumpProfile profile, CollectionAccumulator<FileReadCount> reads) {
        Map<String, String> byPath = new HashMap<>();
        for (InputFile f : files) {
            reads.add(new FileReadCount(f.path(), footerRows(spark, f), 0, f.size()));
            byPath.put(new Path(f.path()).toUri().getPath(), f.path());
        }
        List<Column> columns = new ArrayList<>(List.of(col("_metadata.file_path"), col("_metadata.row_index")));
        profile.mappedColumns().forEach(c -> columns.add(col(c).cast("string")));
        Dataset<Row> parquet = spark.read().option("mergeSchema", "true")
                .parquet(files.stream().map(InputFile::path).toArray(String[]::new))
                .select(columns.toArray(Column[]::new));
        RecordMapper mapper = files.get(0).layout().mapper(); // the profile's columns: the same for every file
        int width = profile.mappedColumns().size();
        return spark.createDataFrame(parquet.javaRDD().map(r -> {
            String file = byPath.get(new Path(new URI(r.getString(0))).toUri().getPath());
            String[] values = new String[width];
            for (int i = 0; i < width; i++) {
                values[i] = r.isNullAt(2 + i) ? null : r.getString(2 + i);
            }
            RawRecord raw = new RawRecord(r.getLong(1) + 1, 1, Arrays.asList(values), null, null, List.of());
            return BronzeRecords.row(batch, batchSeq, file == null ? r.getString(0) : file, mapper, raw, ingestedAt);
        }), BronzeRecords.SCHEMA);
    }

    private static long footerRows(SparkSession spark, InputFile f) {
        Path path = new Path(f.path());
        try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(path, spark.sparkContext().hadoopConfiguration()))) {
            return reader.getRecordCount();
        } catch (IOException e) {
            throw BreachImpactException.badInput(f.path() + ": its Parquet footer cannot be read (" + e.getMessage() + ")", e);
        }
    }
}
