package io.breachimpact.ingest;

import io.breachimpact.ingest.profile.DumpProfile;
import io.breachimpact.ingest.profile.RecordMapper;
import io.breachimpact.ingest.sql.SqlDumpParser;
import io.breachimpact.spark.HadoopConf;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.CollectionAccumulator;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

import static org.apache.spark.sql.functions.col;

/**
 * An SQL dump's files as bronze rows: one task per file reads its tables' rows; when the profile joins
 * a table (accounts to their documents), the rows are brought together by their key across all files
 * (one shuffle, sorted within partitions: an account and its documents may be anywhere in the dump) and
 * joined into records.
 */
final class SqlRecords {
    private SqlRecords() {
    }

    /** A source row as Spark carries it to the join: its group key first (the join key, or its own place). */
    private static final StructType SOURCE = new StructType()
            .add("group_key", DataTypes.StringType, false)
            .add("joined", DataTypes.BooleanType, false)
            .add("file", DataTypes.StringType, false)
            .add("line", DataTypes.LongType, false)
            .add("line_count", DataTypes.IntegerType, false)
            .add("key", DataTypes.StringType, true)
            .add("values", DataTypes.createArrayType(DataTypes.StringType, true), true)
            .add("problem", DataTypes.StringType, true)
            .add("text", DataTypes.StringType, true);

    static JavaRDD<Row> bronze(SparkSession spark, List<InputFile> files, String batch, long batchSeq, Timestamp ingestedAt,
                               DumpProfile profile, CollectionAccumulator<FileReadCount> reads, CollectionAccumulator<FileJoinCount> joins) {
        HadoopConf hadoop = new HadoopConf(spark.sparkContext().hadoopConfiguration());
        RecordMapper mapper = files.get(0).layout().mapper(); // the profile's columns: the same for every file
        boolean join = profile.sql().joined() != null;
        JavaRDD<Row> rows = new JavaSparkContext(spark.sparkContext())
                .parallelize(files, Math.max(1, files.size()))
                .flatMap(file -> read(file, hadoop, profile, reads));
        if (!join) {
            return rows.map(r -> record(batch, batchSeq, mapper, TableJoin.single(sourceRow(r)), ingestedAt));
        }
        TableJoin.Shape shape = shape(profile);
        int partitions = Math.max(files.size(), Integer.parseInt(spark.conf().get("spark.sql.shuffle.partitions", "200")));
        // One shuffle by key, sorted within partitions: each key's rows arrive together (Spark's own row format,
        // not Java serialization), and are joined as they pass.
        return spark.createDataFrame(rows, SOURCE).repartition(partitions, col("group_key"))
                .sortWithinPartitions(col("group_key"), col("joined").desc())
                .javaRDD()
                .mapPartitions(sorted -> joined(sorted, shape, joins))
                .map(j -> record(batch, batchSeq, mapper, j, ingestedAt));
    }

    private static Row record(String batch, long batchSeq, RecordMapper mapper, TableJoin.Joined j, Timestamp ingestedAt) {
        return BronzeRecords.row(batch, batchSeq, j.file(), mapper, j.record(), ingestedAt);
    }

    private static TableJoin.Shape shape(DumpProfile profile) {
        List<String> mapped = profile.mappedColumns();
        boolean[] of = new boolean[mapped.size()];
        for (int i = 0; i < of.length; i++) {
            of[i] = mapped.get(i).startsWith(profile.sql().records() + ".");
        }
        int recordId = mapped.indexOf(profile.fields().get("record_id").columns().get(0));
        return new TableJoin.Shape(of, recordId, profile.sql().joined());
    }

    private static Row sourceRow(String groupKey, SourceRow r) {
        return RowFactory.create(groupKey, r.joined(), r.file(), r.line(), r.lineCount(), r.key(), r.values(),
                r.problem() == null ? null : r.problem().name(), r.text());
    }

    private static SourceRow sourceRow(Row r) {
        Object v = r.get(6);
        // As read (a Java array), or back from Spark's shuffle (a list).
        String[] values = v == null ? null : v instanceof String[] array ? array : r.<String>getList(6).toArray(new String[0]);
        return new SourceRow(r.getBoolean(1), r.getString(2), r.getLong(3), r.getInt(4), r.getString(5), values,
                r.isNullAt(7) ? null : ParseProblem.valueOf(r.getString(7)), r.getString(8));
    }

    /**
     * A partition's rows, sorted by group key with the joined table's rows first in each key: joined as
     * they pass (a key's records are never held together); the joined rows are counted per file once the
     * partition is done.
     */
    private static Iterator<TableJoin.Joined> joined(Iterator<Row> sorted, TableJoin.Shape shape, CollectionAccumulator<FileJoinCount> joins) {
        Map<String, Long> joinedByFile = new HashMap<>();
        return new Iterator<>() {
            private Iterator<TableJoin.Joined> ended = java.util.Collections.emptyIterator();
            private TableJoin.Joined ready;
            private TableJoin.Group group;
            private String groupKey;
            private boolean counted;

            @Override
            public boolean hasNext() {
                while (ready == null) {
                    if (ended.hasNext()) {
                        ready = ended.next();
                        break;
                    }
                    if (!sorted.hasNext()) {
                        if (group != null) {
                            endGroup();
                            continue;
                        }
                        if (!counted) {
                            counted = true;
                            joinedByFile.forEach((file, n) -> joins.add(new FileJoinCount(file, n)));
                        }
                        return false;
                    }
                    Row row = sorted.next();
                    String key = row.getString(0);
                    SourceRow r = sourceRow(row);
                    if (!r.joinable()) {
                        ready = TableJoin.unjoinable(r, shape);
                        continue;
                    }
                    if (group != null && !key.equals(groupKey)) {
                        endGroup();
                    }
                    if (group == null) {
                        group = new TableJoin.Group(shape);
                        groupKey = key;
                    }
                    if (r.joined()) {
                        group.addJoined(r);
                    } else {
                        ready = group.record(r);
                    }
                }
                return true;
            }

            private void endGroup() {
                TableJoin.Result result = group.end();
                result.joinedFiles().forEach(f -> joinedByFile.merge(f, 1L, Long::sum));
                ended = result.records().iterator();
                group = null;
            }

            @Override
            public TableJoin.Joined next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                TableJoin.Joined j = ready;
                ready = null;
                return j;
            }
        };
    }

    /** One file's rows, each with the key it is grouped by: its join key, or its own place when it joins nothing. */
    private static Iterator<Row> read(InputFile file, HadoopConf hadoop, DumpProfile profile,
                                                            CollectionAccumulator<FileReadCount> reads) throws IOException {
        Path path = new Path(file.path());
        CountingStream in = new CountingStream(DumpHeader.open(path.getFileSystem(hadoop.get()), path, profile));
        Charset charset = profile.transcoded() ? StandardCharsets.UTF_8 : profile.encoding();
        // An undecodable byte becomes U+FFFD: its row goes to the quarantine (INVALID_UTF8), the others are read.
        InputStreamReader reader = new InputStreamReader(in, charset.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE));
        SqlDumpParser parser = new SqlDumpParser(reader, profile.sql().dialect());
        SqlSourceRows rows = new SqlSourceRows(file.path(), parser, profile);
        long[] ordinal = new long[1];
        return new FileRows<>(file.path(), rows, in, rows::line,
                handedOut -> new FileReadCount(file.path(), rows.rows(), parser.linesRead(), in.count), reads,
                r -> {
                    // Every row's place in the file (not only the unjoinable ones'): the grouping keys, hence the shuffle, stay as they were.
                    long place = ordinal[0]++;
                    return sourceRow(r.joinable() ? "k" + r.key() : "u" + file.path() + "\u0000" + place, r);
                }, "a corrupt or truncated file");
    }

    /** Counts the bytes read. */
    private static final class CountingStream extends FilterInputStream {
        long count;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }
}
