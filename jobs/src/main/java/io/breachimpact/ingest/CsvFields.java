package io.breachimpact.ingest;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Splits one logical record of a delimited file (RFC 4180 and its dialects) into its values. */
public final class CsvFields {
    private CsvFields() {
    }

    private static final Map<CsvDialect, CSVFormat> FORMATS = new ConcurrentHashMap<>();

    /**
     * @return the values, or null when the text is not one well-formed CSV record
     */
    static List<String> split(String text) {
        return split(text, CsvDialect.RFC4180);
    }

    public static List<String> split(String text, CsvDialect dialect) {
        if (dialect.escape() == null || text.indexOf(dialect.escape()) < 0) {
            List<String> values = text.indexOf(dialect.quote()) < 0 ? unquoted(text, dialect.delimiter())
                    : quoted(text, dialect.delimiter(), dialect.quote());
            if (values != null) {
                return values;
            }
        }
        return parsed(text, dialect);
    }

    /** The common case: no quoting, split on the delimiter (what the full parser gives for such a line). */
    private static List<String> unquoted(String text, char delimiter) {
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

    /**
     * Quoted fields written the plain RFC 4180 way ({@code "a, b"}, {@code "say ""hi"""}), split here
     * because building a parser per line costs more than reading it. Anything else — a line end outside
     * quotes, text after a closing quote, an unclosed quote — returns null and is left to the full
     * parser, which judges it.
     */
    private static List<String> quoted(String text, char delimiter, char quote) {
        List<String> values = new ArrayList<>(16);
        int n = text.length();
        int i = 0;
        while (true) {
            if (i < n && text.charAt(i) == quote) {
                StringBuilder value = new StringBuilder();
                i++;
                while (true) {
                    if (i >= n) {
                        return null;
                    }
                    char c = text.charAt(i);
                    if (c == quote) {
                        if (i + 1 < n && text.charAt(i + 1) == quote) {
                            value.append(quote);
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    value.append(c);
                    i++;
                }
                values.add(value.toString());
                if (i == n) {
                    return values;
                }
                if (text.charAt(i) != delimiter) {
                    return null;
                }
                i++;
            } else {
                int start = i;
                while (i < n && text.charAt(i) != delimiter) {
                    char c = text.charAt(i);
                    if (c == '\n' || c == '\r') {
                        return null;
                    }
                    i++;
                }
                values.add(text.substring(start, i));
                if (i == n) {
                    return values;
                }
                i++;
            }
        }
    }

    /** The full parser (Apache Commons CSV): the reference for every line. */
    static List<String> parsed(String text, CsvDialect dialect) {
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
