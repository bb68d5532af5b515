package io.breachimpact.generate;

import io.breachimpact.model.DumpColumns;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Types;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;

import static org.apache.parquet.schema.LogicalTypeAnnotation.stringType;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.BINARY;

/**
 * Writes the dump as Parquet with every column a string, as received: a Parquet dump keeps the
 * value-level dirt (an impossible date stays text) but has no lines, so no line-level dirt.
 * Records go straight to Parquet's record consumer, without an intermediate object per row.
 */
final class ParquetDumpSink implements DumpSink {
    static final MessageType SCHEMA = schema();
    /** Columns of (nearly) unique values, where a dictionary only costs time. */
    private static final List<String> UNIQUE = List.of("record_id", "account_id", "email", "phone", "street_address",
            "document_number");

    private final ParquetWriter<String[]> writer;
    private final DirtInjector dirt;

    ParquetDumpSink(Path file, Configuration hadoop, boolean gzip, DirtInjector dirt) throws IOException {
        this.dirt = dirt;
        Builder builder = new Builder(HadoopOutputFile.fromPath(file, hadoop))
                .withConf(hadoop)
                .withCompressionCodec(gzip ? CompressionCodecName.GZIP : CompressionCodecName.SNAPPY)
                .withWriteMode(ParquetFileWriter.Mode.CREATE);
        for (String column : UNIQUE) {
            builder = builder.withDictionaryEncoding(column, false);
        }
        this.writer = builder.build();
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
        dirt.lineDirtWithoutLines(r);
        writer.write(r.fields);
    }

    @Override
    public void close() throws IOException {
        writer.close();
    }

    private static final class Builder extends ParquetWriter.Builder<String[], Builder> {
        Builder(OutputFile file) {
            super(file);
        }

        @Override
        protected Builder self() {
            return this;
        }

        @Override
        protected WriteSupport<String[]> getWriteSupport(Configuration conf) {
            return new FieldsWriteSupport();
        }
    }

    /** One dump record (its string fields, in column order) as one Parquet record. */
    private static final class FieldsWriteSupport extends WriteSupport<String[]> {
        private RecordConsumer consumer;

        @Override
        public WriteContext init(Configuration configuration) {
            return new WriteContext(SCHEMA, new HashMap<>());
        }

        @Override
        public void prepareForWrite(RecordConsumer recordConsumer) {
            this.consumer = recordConsumer;
        }

        @Override
        public void write(String[] fields) {
            consumer.startMessage();
            for (int i = 0; i < fields.length; i++) {
                if (fields[i] != null) {
                    String name = DumpColumns.HEADER.get(i);
                    consumer.startField(name, i);
                    // A heap byte array: dictionary look-ups compare it much faster than a string-backed Binary.
                    consumer.addBinary(Binary.fromConstantByteArray(fields[i].getBytes(StandardCharsets.UTF_8)));
                    consumer.endField(name, i);
                }
            }
            consumer.endMessage();
        }
    }
}
