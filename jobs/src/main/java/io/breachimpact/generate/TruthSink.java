package io.breachimpact.generate;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The ground truth of one file: which person each record belongs to, why it exists, and what dirt
 * it carries. Written apart from the dump so that identity resolution can be measured, never helped.
 */
final class TruthSink implements AutoCloseable {
    static final List<String> HEADER = List.of("record_id", "person_id", "record_kind", "variation", "contact_owner", "dirt",
            "entry_errors", "correction");

    private final Writer writer;
    // The printer formats a whole line in memory; the writer then gets one write per line, not per character.
    private final StringBuilder line = new StringBuilder(96);
    private final CSVPrinter printer;

    TruthSink(OutputStream out) throws IOException {
        this.writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        this.printer = new CSVPrinter(line, CSVFormat.RFC4180.builder().setRecordSeparator("\n").build());
        printer.printRecord(HEADER);
        flush();
    }

    void write(DumpRecord r) throws IOException {
        printer.printRecord(r.fields[0], r.personId, r.kind.name(), r.variation.name(),
                r.guardianContact ? "GUARDIAN" : "SELF", r.dirtList(), r.entryErrorList(),
                r.correction.configName());
        flush();
    }

    private void flush() throws IOException {
        writer.append(line);
        line.setLength(0);
    }

    @Override
    public void close() throws IOException {
        writer.close();
    }
}
