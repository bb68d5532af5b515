package io.breachimpact.generate;

import io.breachimpact.model.DumpColumns;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Types;

import java.io.IOException;

import static org.apache.parquet.schema.LogicalTypeAnnotation.stringType;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.BINARY;

/**
 * Writes the dump as Parquet with every column a string, as received: a Parquet dump keeps the
 * value-level dirt (an impossible date stays text) but has no lines, so no line-level dirt.
 */
final class ParquetDumpSink implements DumpSink {
    static final MessageType SCHEMA = schema();

    private final ParquetWriter<Group> writer;
    private final SimpleGroupFactory groups = new SimpleGroupFactory(SCHEMA);

    ParquetDumpSink(Path file, Configuration hadoop, boolean gzip) throws IOException {
        this.writer = ExampleParquetWriter.builder(file)
                .withConf(hadoop)
                .withType(SCHEMA)
                .withCompressionCodec(gzip ? CompressionCodecName.GZIP : CompressionCodecName.SNAPPY)
                .withWriteMode(ParquetFileWriter.Mode.CREATE)
                .build();
    }

    private static MessageType schema() {
        Types.MessageTypeBuilder builder = Types.buildMessage();
        for (String column : DumpColumns.HEADER) {
            builder.optional(BINARY).as(stringType()).named(column);
        }
        return builder.named("agency_account_record");
    }

    @Override
    public void write(DumpRecord r) throws IOException {
        Group group = groups.newGroup();
        for (int i = 0; i < DumpColumns.COUNT; i++) {
            group.append(DumpColumns.HEADER.get(i), r.fields[i]);
        }
        writer.write(group);
    }

    @Override
    public void close() throws IOException {
        writer.close();
    }
}
