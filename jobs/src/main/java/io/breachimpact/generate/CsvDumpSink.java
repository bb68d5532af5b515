package io.breachimpact.generate;

import io.breachimpact.model.DumpColumns;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes RFC 4180 CSV in UTF-8 with LF line ends, then applies the line-level dirt a real export
 * carries: CRLF ends, Latin-1 bytes, truncated lines, extra columns.
 */
final class CsvDumpSink implements DumpSink {
    static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setRecordSeparator("\n").build();

    private final OutputStream out;
    private final DirtInjector dirt;
    private final GenerationStats stats;
    private final StringBuilder line = new StringBuilder(256);
    private final CSVPrinter printer;

    CsvDumpSink(OutputStream out, DirtInjector dirt, GenerationStats stats) throws IOException {
        this.out = out;
        this.dirt = dirt;
        this.stats = stats;
        this.printer = new CSVPrinter(line, FORMAT);
        printer.printRecord(DumpColumns.HEADER);
        flushLine(false);
    }

    @Override
    public void write(DumpRecord r) throws IOException {
        String[] fields = r.fields;
        if (r.has(Dirt.TRUNCATED_LINE)) {
            fields = dirt.truncate(fields);
        } else if (r.has(Dirt.EXTRA_COLUMNS)) {
            fields = dirt.extraColumns(fields);
        }
        printer.printRecord((Object[]) fields);
        if (r.has(Dirt.CRLF_LINE_END)) {
            line.setLength(line.length() - 1);
            line.append("\r\n");
        }
        boolean latin1 = false;
        if (!Text.isAscii(line)) {
            stats.nonAsciiLine();
            if (dirt.chance(Dirt.LATIN1_BYTES)) {
                r.mark(Dirt.LATIN1_BYTES);
                latin1 = true;
            }
        }
        flushLine(latin1);
    }

    /** What "Latin-1" means in practice on Windows: windows-1252, which also has œ, Œ and €. */
    private static final java.nio.charset.Charset LATIN1 = java.nio.charset.Charset.forName("windows-1252");

    private void flushLine(boolean latin1) throws IOException {
        out.write(line.toString().getBytes(latin1 ? LATIN1 : StandardCharsets.UTF_8));
        line.setLength(0);
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
