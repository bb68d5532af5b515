package io.breachimpact.ingest;

import io.breachimpact.ingest.profile.DumpProfile;
import io.breachimpact.spark.HadoopConf;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.CollectionAccumulator;

import java.io.IOException;
import java.io.InputStream;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The files of a batch as bronze rows: one task per file (a gzip file cannot be split, and a record
 * may span lines), each counting what it read into an accumulator for the reconciliation.
 */
final class ReadDump {
    private ReadDump() {
    }

    /**
     * @param counts receives one {@link FileReadCount} per file when the rows are consumed (once, by
     *               the action that writes bronze)
     * @param joins  an SQL dump's rows joined into the records of other rows, per file
     */
    static Dataset<Row> bronze(SparkSession spark, List<InputFile> files, String batch, long batchSeq, Timestamp ingestedAt,
                               IngestConfig config, DumpProfile profile, CollectionAccumulator<FileReadCount> counts,
                               CollectionAccumulator<FileJoinCount> joins) {
        if (profile.format() == DumpProfile.Format.PARQUET) {
            return ParquetRecords.bronze(spark, files, batch, batchSeq, ingestedAt, profile, counts);
        }
        if (profile.format() == DumpProfile.Format.SQL) {
            return spark.createDataFrame(SqlRecords.bronze(spark, files, batch, batchSeq, ingestedAt, profile, counts, joins),
                    BronzeRecords.SCHEMA);
        }
        HadoopConf hadoop = new HadoopConf(spark.sparkContext().hadoopConfiguration());
        int maxLineBytes = config.maxLineBytes();
        int maxLines = config.maxLinesPerRecord();
        List<InputFile> ordered = new ArrayList<>(files);
        DumpReader.LineFormat format = new DumpReader.LineFormat(new CsvDialect(profile.delimiter(), profile.quote(), profile.escape()),
                profile.header(), profile.transcoded() ? "UTF-8" : profile.encodingName(), profile.repairEncoding());
        var rows = new JavaSparkContext(spark.sparkContext())
                .parallelize(ordered, Math.max(1, ordered.size()))
                .flatMap(file -> rowsOf(file, hadoop, batch, batchSeq, ingestedAt, maxLineBytes, maxLines, profile, format, counts));
        return spark.createDataFrame(rows, BronzeRecords.SCHEMA);
    }

    private static Iterator<Row> rowsOf(InputFile file, HadoopConf hadoop, String batch, long batchSeq, Timestamp ingestedAt,
                                        int maxLineBytes, int maxLines, DumpProfile profile, DumpReader.LineFormat format,
                                        CollectionAccumulator<FileReadCount> counts)
            throws IOException {
        Path path = new Path(file.path());
        InputStream in = DumpHeader.open(path.getFileSystem(hadoop.get()), path, profile);
        RecordSource reader = profile.format() == DumpProfile.Format.JSONL
                ? new JsonLinesReader(in, profile.mappedColumns(), profile.recordsPath(), maxLineBytes, profile.repairEncoding())
                : new DumpReader(in, file.layout().columns(), maxLineBytes, maxLines, format);
        return new FileRows<>(file.path(), reader, in, reader::lastLineNumber,
                records -> new FileReadCount(file.path(), records, reader.physicalLines(), reader.bytes()), counts,
                r -> BronzeRecords.row(batch, batchSeq, file, r, ingestedAt), "a corrupt or truncated file, or bytes that are not in its dump profile's encoding");
    }
}
