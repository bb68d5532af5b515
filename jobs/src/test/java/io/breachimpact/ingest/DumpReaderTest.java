package io.breachimpact.ingest;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The reader never drops a line, and one bad line never swallows the next ones. */
class DumpReaderTest {
    private static List<RawRecord> read(byte[] bytes, int maxLineBytes) {
        DumpReader reader = new DumpReader(new ByteArrayInputStream(bytes), 3, maxLineBytes, 5);
        List<RawRecord> records = new ArrayList<>();
        reader.forEachRemaining(records::add);
        return records;
    }

    private static List<RawRecord> read(String text) {
        return read(text.getBytes(StandardCharsets.UTF_8), 1 << 20);
    }

    @Test
    void plainQuotedMultilineAndCrlfRecords() {
        List<RawRecord> r = read("a,b,c\n1,x,y\r\n2,\"Bât. A\n12 rue, Paris\",z\n3,\"say \"\"hi\"\"\",w");
        assertEquals(3, r.size());
        assertEquals(List.of("1", "x", "y"), r.get(0).values());
        assertEquals(2, r.get(0).lineNumber());
        assertEquals(List.of("2", "Bât. A\n12 rue, Paris", "z"), r.get(1).values());
        assertEquals(3, r.get(1).lineNumber());
        assertEquals(2, r.get(1).lineCount());
        assertEquals(List.of("3", "say \"hi\"", "w"), r.get(2).values(), "a last line without a line end is still read");
        assertEquals(5, r.get(2).lineNumber());
        r.forEach(x -> assertNull(x.problem()));
    }

    @Test
    void linesOfTheWrongShapeOrEncodingAreRepairedWhenThatIsUnambiguousAndKeptWithTheirProblemOtherwise() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes("a,b,c\n1,x\n2,x,y,extra\n".getBytes(StandardCharsets.UTF_8));
        bytes.writeBytes("3,H\u00e9l\u00e8ne,y\n".getBytes(LineEncoding.WINDOWS_1252));
        bytes.writeBytes("4,ok,y,,N/A\n".getBytes(StandardCharsets.UTF_8));
        bytes.writeBytes("5,H\u00e9l\u00e8ne,".getBytes(LineEncoding.WINDOWS_1252));
        bytes.writeBytes("H\u00e9l\u00e8ne\n".getBytes(StandardCharsets.UTF_8));
        List<RawRecord> r = read(bytes.toByteArray(), 1 << 20);
        assertEquals(5, r.size());
        assertNull(r.get(0).problem());
        assertEquals(Arrays.asList("1", null, null), r.get(0).values(), "a short line keeps its whole fields; the last may be cut");
        assertEquals(List.of(LineRepair.TRUNCATED_LINE), r.get(0).repairs());
        assertEquals(ParseProblem.WRONG_COLUMN_COUNT, r.get(1).problem(), "a value past the header is not guessed at");
        assertNull(r.get(2).problem());
        assertEquals(List.of("3", "H\u00e9l\u00e8ne", "y"), r.get(2).values());
        assertEquals(List.of(LineRepair.REPAIRED_ENCODING), r.get(2).repairs());
        assertEquals(List.of("4", "ok", "y"), r.get(3).values());
        assertEquals(List.of(LineRepair.EXTRA_EMPTY_FIELDS), r.get(3).repairs());
        assertEquals(ParseProblem.INVALID_UTF8, r.get(4).problem(), "two encodings on one line: not repaired");
        assertTrue(r.get(4).text().startsWith("5,H"));
    }

    @Test
    void aByteOrderMarkIsNotPartOfAHeaderlessFilesFirstValue() {
        DumpReader reader = new DumpReader(new ByteArrayInputStream("\uFEFFR1;x;y\nR2;x;y\n".getBytes(StandardCharsets.UTF_8)), 3, 1 << 20, 5,
                new DumpReader.LineFormat(new CsvDialect(';', '"', null), false, "UTF-8", true));
        List<RawRecord> records = new ArrayList<>();
        reader.forEachRemaining(records::add);
        assertEquals(List.of("R1", "x", "y"), records.get(0).values());
        assertEquals(1, records.get(0).lineNumber());
        assertEquals(2, reader.physicalLines());
    }

    @Test
    void anUnclosedQuoteGivesUpOnItsLineAndReadingGoesOn() {
        List<RawRecord> r = read("a,b,c\n1,\"open,y\n2,x,y\n3,x,y\n4,x,y\n5,x,y\n6,x,y\n7,x,y\n");
        assertEquals(7, r.size(), "every physical line is in exactly one record");
        assertEquals(ParseProblem.UNBALANCED_QUOTE, r.get(0).problem());
        assertEquals(2, r.get(0).lineNumber());
        for (int i = 1; i < 7; i++) {
            assertNull(r.get(i).problem());
            assertEquals(i + 2, r.get(i).lineNumber());
        }
    }

    @Test
    void aLineLongerThanTheLimitIsCutAndFlagged() {
        String longValue = "x".repeat(50_000);
        List<RawRecord> r = read(("a,b,c\n1," + longValue + ",y\n2,x,y\n").getBytes(StandardCharsets.UTF_8), 10_000);
        assertEquals(2, r.size());
        assertEquals(ParseProblem.LINE_TOO_LONG, r.get(0).problem());
        assertTrue(r.get(0).text().length() <= DumpReader.RAW_TEXT_LIMIT + 40);
        assertEquals(List.of("2", "x", "y"), r.get(1).values());
    }

    @Test
    void aStrayQuoteInsideAFieldDoesNotSwallowTheNextLines() {
        List<RawRecord> r = read("a,b,c\n1,O\"Neil,y\n2,x,y\n3,d\"Hères,z\n");
        assertEquals(3, r.size());
        assertEquals(List.of("1", "O\"Neil", "y"), r.get(0).values());
        assertEquals(List.of("2", "x", "y"), r.get(1).values());
        assertEquals(List.of("3", "d\"Hères", "z"), r.get(2).values());
    }

    @Test
    void anOpenQuoteThatDoesNotMakeOneRecordLeavesTheNextLinesToBeReadAgain() {
        List<RawRecord> r = read("a,b,c\n1,\"open\n2,x\"y,z\n3,x,y\n");
        assertEquals(ParseProblem.UNBALANCED_QUOTE, r.get(0).problem());
        assertEquals(2, r.get(0).lineNumber());
        assertEquals(3, r.get(1).lineNumber(), "the next line is read again as its own record");
        assertEquals(List.of("3", "x", "y"), r.get(2).values());
    }

    @Test
    void aMultiLineRecordWithTheWrongColumnCountStaysOneRecord() {
        List<RawRecord> r = read("a,b,c\n1,\"Bât. A\n12 rue\",y,extra\n3,x,y\n");
        assertEquals(2, r.size());
        assertEquals(ParseProblem.WRONG_COLUMN_COUNT, r.get(0).problem());
        assertEquals(2, r.get(0).lineCount());
        r.forEach(x -> assertTrue(x.repairs().isEmpty()));
        assertEquals(List.of("3", "x", "y"), r.get(1).values());
    }

    @Test
    void malformedCsvIsQuarantinedNotGuessed() {
        List<RawRecord> r = read("a,b,c\n1,\"x\"y,z\n");
        assertEquals(1, r.size());
        assertEquals(ParseProblem.MALFORMED_CSV, r.get(0).problem());
    }
}
