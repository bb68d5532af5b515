package io.breachimpact.ingest;

import org.apache.commons.csv.CSVFormat;

import java.io.Serializable;

/** How a delimited file writes its fields: the delimiter, the quote, and an escape character if any. */
public record CsvDialect(char delimiter, char quote, Character escape) implements Serializable {
    public static final CsvDialect RFC4180 = new CsvDialect(',', '"', null);

    public CSVFormat format() {
        CSVFormat.Builder b = CSVFormat.RFC4180.builder().setDelimiter(delimiter).setQuote(quote);
        if (escape != null) {
            b.setEscape(escape);
        }
        return b.build();
    }
}
