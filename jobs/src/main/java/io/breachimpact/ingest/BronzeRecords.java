package io.breachimpact.ingest;

import io.breachimpact.model.DumpColumns;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.sql.Timestamp;
import java.util.List;

/**
 * bronze/records: every record of the dump as received, its values as strings, with its lineage
 * (batch, file, line) — including the lines that could not be read, with their text and the problem,
 * and what was repaired to read the others ({@link LineRepair}).
 */
public final class BronzeRecords {
    private BronzeRecords() {
    }

    public static final StructType SCHEMA = schema();

    private static StructType schema() {
        StructType s = new StructType()
                .add("batch_id", DataTypes.StringType, false)
                .add("batch_seq", DataTypes.LongType, false)
                .add("source_file", DataTypes.StringType, false)
                .add("line_number", DataTypes.LongType, false)
                .add("line_count", DataTypes.IntegerType, false);
        for (String column : DumpColumns.HEADER) {
            s = s.add(column, DataTypes.StringType, true);
        }
        return s.add("column_count", DataTypes.IntegerType, true)
                .add("parse_problem", DataTypes.StringType, true)
                .add("raw_text", DataTypes.StringType, true)
                .add("ingested_at", DataTypes.TimestampType, false)
                // Last: added after the first lakes were written (a batch ingested before it reads as null).
                .add("line_repairs", DataTypes.createArrayType(DataTypes.StringType, false), true);
    }

    /** The fields every bronze row starts with, then the dump's columns in canonical order. */
    static Row row(String batch, long batchSeq, InputFile file, RawRecord r, Timestamp ingestedAt) {
        return row(batch, batchSeq, file.path(), file.layout().mapper(), r, ingestedAt);
    }

    static Row row(String batch, long batchSeq, String file, io.breachimpact.ingest.profile.RecordMapper mapper, RawRecord r,
                   Timestamp ingestedAt) {
        Object[] values = new Object[SCHEMA.size()];
        values[0] = batch;
        values[1] = batchSeq;
        values[2] = file;
        values[3] = r.lineNumber();
        values[4] = r.lineCount();
        List<String> fields = r.values();
        if (fields != null) {
            // A line with the wrong column count (kept for the quarantine) is mapped as far as its values go.
            String[] canonical = mapper.map(fields);
            System.arraycopy(canonical, 0, values, 5, DumpColumns.COUNT);
        }
        int after = 5 + DumpColumns.COUNT;
        values[after] = fields == null ? null : fields.size();
        values[after + 1] = r.problem() == null ? null : r.problem().name();
        values[after + 2] = r.text();
        values[after + 3] = ingestedAt;
        values[after + 4] = names(r.repairs());
        return RowFactory.create(values);
    }

    private static final String[] NO_REPAIRS = new String[0];

    /** Called for every line of a dump: no stream, and one shared array for the lines read as they came. */
    private static String[] names(List<LineRepair> repairs) {
        if (repairs.isEmpty()) {
            return NO_REPAIRS;
        }
        String[] names = new String[repairs.size()];
        for (int i = 0; i < names.length; i++) {
            names[i] = repairs.get(i).name();
        }
        return names;
    }
}
