package io.breachimpact.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * Reads a JSON Lines file: one object per line, its nested fields named by dotted paths
 * ({@code identity.surname}). When the profile names an array of records ({@code documents}), each of
 * its elements is one record, with the line's own fields; a line without one is one record. A line that
 * is not a JSON object is kept with its problem, as any unreadable line.
 */
public final class JsonLinesReader implements RecordSource {
    /** Text after the object on a line (two objects without a line break) is an error, not ignored. */
    private static final com.fasterxml.jackson.databind.ObjectReader JSON = new ObjectMapper().readerFor(JsonNode.class)
            .with(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final InputStream in;
    private final List<String> columns;
    /** Lower-case path of the array whose elements are the records, or null. */
    private final String recordsPath;
    private final int maxLineBytes;
    private final boolean repairEncoding;
    private final byte[] chunk = new byte[1 << 16];
    private byte[] line = new byte[8192];
    private int pos;
    private int limit;
    private boolean eof;
    private long lineNumber;
    private long physicalLines;
    private long bytes;
    private final ArrayDeque<RawRecord> pending = new ArrayDeque<>();

    /** @param columns the dotted paths the profile reads, lower case, in the order of the values produced */
    JsonLinesReader(InputStream in, List<String> columns, String recordsPath, int maxLineBytes, boolean repairEncoding) {
        this.in = in;
        this.columns = columns;
        this.recordsPath = recordsPath == null ? null : recordsPath.toLowerCase(Locale.ROOT);
        this.maxLineBytes = maxLineBytes;
        this.repairEncoding = repairEncoding;
    }

    @Override
    public long physicalLines() {
        return physicalLines;
    }

    @Override
    public long bytes() {
        return bytes;
    }

    @Override
    public long lastLineNumber() {
        return lineNumber;
    }

    @Override
    public boolean hasNext() {
        while (pending.isEmpty()) {
            if (!readRecords()) {
                return false;
            }
        }
        return true;
    }

    @Override
    public RawRecord next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return pending.poll();
    }

    /** Reads the next non-blank line into records; false at the end of the file. */
    private boolean readRecords() {
        int length = readLine();
        if (length < 0) {
            return false;
        }
        long number = lineNumber;
        if (length > maxLineBytes) {
            pending.add(new RawRecord(number, 1, null, cap(new String(line, 0, Math.min(length, maxLineBytes), StandardCharsets.UTF_8)),
                    ParseProblem.LINE_TOO_LONG, List.of()));
            return true;
        }
        List<LineRepair> repairs = List.of();
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(line, 0, length)).toString();
        } catch (CharacterCodingException e) {
            text = repairEncoding ? LineEncoding.asWindows1252(line, length) : null;
            if (text == null) {
                pending.add(new RawRecord(number, 1, null, cap(new String(line, 0, length, StandardCharsets.UTF_8)),
                        ParseProblem.INVALID_UTF8, List.of()));
                return true;
            }
            repairs = List.of(LineRepair.REPAIRED_ENCODING);
        }
        if (number == 1 && text.startsWith("\uFEFF")) {
            text = text.substring(1); // a byte-order mark
        }
        if (text.isBlank()) {
            return true; // a blank line holds no record (a file's trailing line end, usually)
        }
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            node = null;
        }
        if (node == null || !node.isObject()) {
            pending.add(new RawRecord(number, 1, null, cap(text), ParseProblem.MALFORMED_JSON, List.of()));
            return true;
        }
        for (Map<String, String> record : records(node, recordsPath)) {
            pending.add(new RawRecord(number, 1, values(record), null, null, repairs));
        }
        return true;
    }

    private List<String> values(Map<String, String> flat) {
        List<String> values = new ArrayList<>(columns.size());
        for (String c : columns) {
            values.add(flat.get(c));
        }
        return values;
    }

    /**
     * The records of one JSON object, each as its values by dotted lower-case path: the object's own
     * leaves, once per element of its records array (each element's leaves added under the array's
     * path), or once when it has no such array or an empty one. A nested array that is not the records
     * array is one value, its JSON text.
     *
     * @param recordsPath the path of the array of records (null: one record per object)
     */
    public static List<Map<String, String>> records(JsonNode object, String recordsPath) {
        String arrayPath = recordsPath == null ? null : recordsPath.toLowerCase(Locale.ROOT);
        Map<String, String> own = new LinkedHashMap<>();
        JsonNode array = flatten(object, "", arrayPath, own);
        if (array == null || !array.isArray() || array.isEmpty()) {
            return List.of(own);
        }
        List<Map<String, String>> records = new ArrayList<>(array.size());
        for (JsonNode element : array) {
            Map<String, String> record = new LinkedHashMap<>(own);
            if (element.isObject()) {
                flatten(element, arrayPath + ".", null, record);
            }
            records.add(record);
        }
        return records;
    }

    /** The object's leaves by dotted lower-case path; returns the records array when met (not flattened). */
    private static JsonNode flatten(JsonNode node, String prefix, String recordsPath, Map<String, String> out) {
        JsonNode records = null;
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String path = prefix + e.getKey().toLowerCase(Locale.ROOT);
            JsonNode v = e.getValue();
            if (path.equals(recordsPath)) {
                records = v;
            } else if (v.isObject()) {
                JsonNode inner = flatten(v, path + ".", recordsPath, out);
                records = records != null ? records : inner;
            } else if (v.isNull()) {
                out.put(path, null);
            } else if (v.isValueNode()) {
                out.put(path, v.asText());
            } else {
                out.put(path, v.toString());
            }
        }
        return records;
    }

    private static String cap(String text) {
        return text.length() <= DumpReader.RAW_TEXT_LIMIT ? text : text.substring(0, DumpReader.RAW_TEXT_LIMIT) + "…";
    }

    /** The next physical line into {@link #line}, its length (more than the limit when too long), or -1 at the end. */
    private int readLine() {
        if (eof) {
            return -1;
        }
        int length = 0;
        long total = 0;
        boolean newline = false;
        while (!newline) {
            if (pos == limit && !fill()) {
                eof = true;
                break;
            }
            int start = pos;
            while (pos < limit && chunk[pos] != '\n') {
                pos++;
            }
            int n = pos - start;
            total += n;
            int keep = (int) Math.min(n, Math.max(0, maxLineBytes + 1L - length));
            if (keep > 0) {
                if (length + keep > line.length) {
                    line = Arrays.copyOf(line, Math.max(line.length * 2, length + keep));
                }
                System.arraycopy(chunk, start, line, length, keep);
                length += keep;
            }
            if (pos < limit) {
                pos++;
                newline = true;
            }
        }
        if (!newline && total == 0) {
            return -1;
        }
        bytes += total + (newline ? 1 : 0);
        lineNumber++;
        physicalLines++;
        if (length > 0 && line[length - 1] == '\r' && total == length) {
            length--;
        }
        return total > maxLineBytes ? maxLineBytes + 1 : length;
    }

    private boolean fill() {
        try {
            int n = in.read(chunk);
            while (n == 0) {
                n = in.read(chunk);
            }
            if (n < 0) {
                return false;
            }
            pos = 0;
            limit = n;
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
