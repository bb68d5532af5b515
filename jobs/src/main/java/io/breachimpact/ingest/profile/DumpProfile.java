package io.breachimpact.ingest.profile;

import io.breachimpact.model.DumpColumns;

import java.io.Serializable;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How to read one export of the agency's records: its text format and encoding, and where each
 * canonical field ({@link DumpColumns#HEADER}) comes from. Written as HOCON under {@code conf/dumps/}
 * and read by {@link DumpProfiles}; the generator's layout is the default one.
 *
 * @param name           for messages and the run ledger
 * @param encodingName   the file's encoding, as Java names it (UTF-16 needs its byte-order mark)
 * @param repairEncoding UTF-8 only: read a line that is not UTF-8 as Windows-1252 when that is unambiguous
 * @param delimiter      between fields
 * @param quote          around a field holding the delimiter, a quote or a line break
 * @param escape         an escape character inside quoted fields (as MySQL writes {@code \"}), or null
 * @param header         whether the first line names the columns
 * @param columns        the columns in file order when there is no header line (else empty)
 * @param ignored        source columns read and left out on purpose (lower case)
 * @param fields         canonical field → where it comes from; a field without a source is absent from the dump
 * @param recordsPath    JSON Lines: the array whose elements are the records (their fields are read as
 *                       {@code <path>.<field>}), or null for one record per line
 * @param fingerprint    a hash of the profile's content, so that a batch read through another profile is told apart
 * @param sql            SQL dumps: which tables make the records, else null; the fields then read {@code table.column}
 */
public record DumpProfile(String name, Format format, String encodingName, boolean repairEncoding, char delimiter, char quote,
                          Character escape, boolean header, List<String> columns, Set<String> ignored, Map<String, FieldSource> fields,
                          String recordsPath, String fingerprint, SqlTables sql) implements Serializable {

    /** How the file's records are written. */
    public enum Format {
        /** Delimited text: CSV, semicolons, tabs… */
        DELIMITED,
        /** JSON Lines: one object per line, nested fields by dotted path, optionally an array of records per line. */
        JSONL,
        /** An SQL dump (mysqldump, pg_dump): the rows of its INSERT and COPY statements, one table joined to another. */
        SQL,
        /** Parquet files: columns by name, nested fields by dotted path; values of any type read as text. */
        PARQUET
    }

    /** The file's encoding (kept by name: a Charset does not travel to Spark's tasks). */
    public Charset encoding() {
        return Charset.forName(encodingName);
    }

    public boolean utf8() {
        return encoding().equals(StandardCharsets.UTF_8);
    }

    /** UTF-16 is transcoded to UTF-8 before lines are split (its line feed is two bytes). */
    public boolean transcoded() {
        return encodingName.startsWith("UTF-16") || encodingName.startsWith("UTF-32");
    }

    /** The source columns the fields read, lower case, in the order fields first name them. */
    public List<String> mappedColumns() {
        Map<String, Boolean> seen = new LinkedHashMap<>();
        fields.values().forEach(f -> f.columns().forEach(c -> seen.put(c, true)));
        return List.copyOf(seen.keySet());
    }

    /** Whether the profile reads every field as the column of the same name, with no transform (the generator's layout). */
    public boolean canonical() {
        if (fields.size() != DumpColumns.COUNT) {
            return false;
        }
        for (String field : DumpColumns.HEADER) {
            FieldSource f = fields.get(field);
            if (f == null || !f.plain() || !f.columns().get(0).equals(field)) {
                return false;
            }
        }
        return true;
    }
}
