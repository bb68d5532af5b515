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

class JsonLinesReaderTest {
    private static final List<String> COLUMNS = List.of("docs.id", "who.name", "who.birth", "docs.type");

    private static List<RawRecord> read(byte[] bytes) {
        JsonLinesReader reader = new JsonLinesReader(new ByteArrayInputStream(bytes), COLUMNS, "docs", 1 << 20, true);
        List<RawRecord> records = new ArrayList<>();
        reader.forEachRemaining(records::add);
        assertEquals(bytes.length, reader.bytes());
        return records;
    }

    @Test
    void eachElementOfTheRecordsArrayIsARecordWithTheLinesFields() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes(("{\"who\": {\"Name\": \"Dupont\", \"birth\": null}, \"docs\": [{\"id\": \"R1\", \"type\": \"CNI\"}, {\"id\": 2}]}\n"
                + "{\"who\": {\"name\": \"Martin\"}, \"docs\": []}\n"
                + "\n"
                + "not json\n"
                + "{\"docs\": [{\"id\": \"R3\"}]}{\"docs\": [{\"id\": \"R4\"}]}\n").getBytes(StandardCharsets.UTF_8));
        bytes.writeBytes("{\"who\": {\"name\": \"Hélène\"}}\r\n".getBytes(LineEncoding.WINDOWS_1252));
        List<RawRecord> r = read(bytes.toByteArray());
        assertEquals(6, r.size());
        assertEquals(ParseProblem.MALFORMED_JSON, r.get(4).problem(), "two objects on one line: neither is guessed at");
        r.remove(4);
        assertEquals(Arrays.asList("R1", "Dupont", null, "CNI"), r.get(0).values());
        assertEquals(Arrays.asList("2", "Dupont", null, null), r.get(1).values(), "a number is read as its text");
        assertEquals(1, r.get(1).lineNumber());
        assertEquals(Arrays.asList(null, "Martin", null, null), r.get(2).values(), "no element: the line alone is one record");
        assertEquals(ParseProblem.MALFORMED_JSON, r.get(3).problem());
        assertEquals(4, r.get(3).lineNumber(), "a blank line holds no record but is counted as a line");
        assertEquals(Arrays.asList(null, "Hélène", null, null), r.get(4).values());
        assertEquals(List.of(LineRepair.REPAIRED_ENCODING), r.get(4).repairs());
        assertNull(r.get(4).problem());
    }
}
