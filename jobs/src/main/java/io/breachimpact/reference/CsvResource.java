package io.breachimpact.reference;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Reads a reference table packaged under {@code reference/} (from {@code data-samples/reference/}). */
final class CsvResource {
    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder()
            .setHeader().setSkipHeaderRecord(true).setIgnoreSurroundingSpaces(true).build();

    private final String name;
    private final List<CSVRecord> records;

    private CsvResource(String name, List<CSVRecord> records) {
        this.name = name;
        this.records = records;
    }

    static CsvResource read(String file, String... requiredColumns) {
        String resource = "reference/" + file;
        InputStream in = CsvResource.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException("reference table " + resource + " is not on the class path (packaged from data-samples/reference/)");
        }
        try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8);
             CSVParser parser = FORMAT.parse(reader)) {
            List<String> header = parser.getHeaderNames();
            for (String column : requiredColumns) {
                if (!header.contains(column)) {
                    throw new IllegalStateException("reference table " + file + " has no column '" + column + "' (has " + header + ")");
                }
            }
            return new CsvResource(file, parser.getRecords());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read reference table " + file, e);
        }
    }

    List<CSVRecord> records() {
        return records;
    }

    long number(CSVRecord record, String column) {
        String text = record.get(column);
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalStateException(name + " line " + record.getRecordNumber() + ": column " + column
                    + " is not a whole number: '" + text + "'");
        }
    }

    double decimal(CSVRecord record, String column) {
        String text = record.get(column);
        try {
            return Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalStateException(name + " line " + record.getRecordNumber() + ": column " + column
                    + " is not a number: '" + text + "'");
        }
    }
}
