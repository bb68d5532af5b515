package io.breachimpact.ingest;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** Splits one logical record of a delimited file (RFC 4180 and its dialects) into its values. */
public final class CsvFields {
    private CsvFields() {
    }

    private static final java.util.Map<CsvDialect, CSVFormat> FORMATS = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * @return the values, or null when the text is not one well-formed CSV record
     */
    static List<String> split(String text) {
        return split(text, CsvDialect.RFC4180);
    }

    public static List<String> split(String text, CsvDialect dialect) {
        char delimiter = dialect.delimiter();
        if (text.indexOf(dialect.quote()) < 0 && (dialect.escape() == null || text.indexOf(dialect.escape()) < 0)) {
            // The common case, with the same result as the full parser: no quoting, split on the delimiter.
            List<String> values = new ArrayList<>(16);
            int start = 0;
            for (int i = 0; i < text.length(); i++) {
                if (text.charAt(i) == delimiter) {
                    values.add(text.substring(start, i));
                    start = i + 1;
                }
            }
            values.add(text.substring(start));
            return values;
        }
        try (CSVParser parser = CSVParser.parse(text, FORMATS.computeIfAbsent(dialect, CsvDialect::format))) {
            List<CSVRecord> records = parser.getRecords();
            if (records.size() != 1) {
                return null;
            }
            return records.get(0).toList();
        } catch (UncheckedIOException | IllegalStateException e) {
            return null;
        } catch (IOException e) {
            return null;
        }
    }
}
