package io.breachimpact.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Reads the records of one dump file, after its header line, without ever dropping one: each
 * physical line ends up in exactly one {@link RawRecord}, well-formed or not. A record continues
 * over further lines only while a quote is open (an address with a newline), and at most
 * {@code maxLinesPerRecord} lines; an unclosed quote gives up on its first line alone so that one
 * bad line cannot swallow the rest of the file.
 */
public final class DumpReader implements RecordSource {
    /** Longest text kept for a quarantined record. */
    static final int RAW_TEXT_LIMIT = 16_384;

    private final InputStream in;
    private final int columns;
    private final LineFormat format;
    private final int maxLineBytes;
    private final int maxLinesPerRecord;
    private final CharsetDecoder strict = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    private final ArrayDeque<Line> lookahead = new ArrayDeque<>();
    private byte[] buffer = new byte[8192];
    private final byte[] chunk = new byte[1 << 16];
    private int pos;
    private int limit;
    private long nextLineNumber = 1;
    private boolean eof;
    private long physicalLines;
    private long bytes;
    private RawRecord next;

    /**
     * A physical line, decoded.
     *
     * @param invalidUtf8 neither UTF-8 nor, unambiguously, Windows-1252
     * @param windows1252 not UTF-8, read as Windows-1252 (see {@link LineEncoding})
     */
    private record Line(long number, String text, boolean invalidUtf8, boolean windows1252, boolean tooLong, long bytes) {
    }

    private boolean ascii(int length) {
        for (int i = 0; i < length; i++) {
            if (buffer[i] < 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * How the lines of a file are written: the dialect, whether a header line comes first, and the
     * encoding (UTF-8, where an invalid line may be repaired, or a single-byte one).
     */
    record LineFormat(CsvDialect dialect, boolean header, String encodingName, boolean repairEncoding)
            implements java.io.Serializable {
        static final LineFormat DEFAULT = new LineFormat(CsvDialect.RFC4180, true, "UTF-8", true);

        java.nio.charset.Charset encoding() {
            return java.nio.charset.Charset.forName(encodingName);
        }

        boolean utf8() {
            return encoding().equals(StandardCharsets.UTF_8);
        }
    }

    /** A UTF-8 file in RFC 4180 CSV with a header: the generator's layout. */
    DumpReader(InputStream in, int columns, int maxLineBytes, int maxLinesPerRecord) {
        this(in, columns, maxLineBytes, maxLinesPerRecord, LineFormat.DEFAULT);
    }

    /**
     * @param in positioned at the start of the file (a header is read and skipped here); UTF-16 already
     *           transcoded to UTF-8
     */
    DumpReader(InputStream in, int columns, int maxLineBytes, int maxLinesPerRecord, LineFormat format) {
        this.in = in;
        this.columns = columns;
        this.maxLineBytes = maxLineBytes;
        this.maxLinesPerRecord = maxLinesPerRecord;
        this.format = format;
        this.single = format.utf8() ? null : format.encoding().newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        if (format.header()) {
            readLine(); // the header, checked before any task starts
        }
    }

    /** The decoder of a single-byte encoding (null for UTF-8). */
    private final CharsetDecoder single;

    public long physicalLines() {
        return physicalLines;
    }

    public long bytes() {
        return bytes;
    }

    /** The number of the last physical line read (the header is line 1). */
    @Override
    public long lastLineNumber() {
        return nextLineNumber - 1;
    }

    @Override
    public boolean hasNext() {
        if (next == null) {
            next = advance();
        }
        return next != null;
    }

    @Override
    public RawRecord next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        RawRecord r = next;
        next = null;
        return r;
    }

    private RawRecord advance() {
        Line first = take();
        if (first == null) {
            return null;
        }
        if (first.tooLong) {
            return problem(first, ParseProblem.LINE_TOO_LONG);
        }
        if (!openAfter(first.text, false)) {
            return first.invalidUtf8 ? problem(first, invalidText()) : split(first.number, 1, first.text, first.windows1252);
        }
        // A quoted field goes on over the next lines until it closes (an address with a newline). Invalid
        // UTF-8 in one of them does not change where the record ends (quotes are ASCII), only how it is judged.
        StringBuilder text = new StringBuilder(first.text);
        boolean invalid = first.invalidUtf8;
        boolean windows1252 = first.windows1252;
        for (int i = 1; i < maxLinesPerRecord; i++) {
            Line line = peek(i);
            if (line == null || line.tooLong) {
                break;
            }
            text.append('\n').append(line.text);
            invalid |= line.invalidUtf8;
            windows1252 |= line.windows1252;
            if (!openAfter(line.text, true)) {
                String joined = text.toString();
                if (invalid) {
                    consume(i);
                    return new RawRecord(first.number, i + 1, null, cap(joined), invalidText(), List.of());
                }
                if (CsvFields.split(joined, format.dialect()) != null) {
                    consume(i);
                    return split(first.number, i + 1, joined, windows1252); // one record, well- or ill-counted
                }
                break; // not one CSV record after all: the first line alone is bad, the next ones are read again
            }
        }
        return problem(first, first.invalidUtf8 ? invalidText() : ParseProblem.UNBALANCED_QUOTE);
    }

    private void consume(int lines) {
        for (int k = 0; k < lines; k++) {
            lookahead.poll();
        }
    }

    /** What an undecodable line is: invalid UTF-8, or bytes the file's single-byte encoding does not define. */
    private ParseProblem invalidText() {
        return format.utf8() ? ParseProblem.INVALID_UTF8 : ParseProblem.INVALID_ENCODING;
    }

    private boolean openAfter(String text, boolean inside) {
        return openAfter(text, inside, format.dialect());
    }

    /**
     * Whether a quoted field is still open after this text. As in RFC 4180, a quote opens a field only
     * at its start ({@code O"Neil} is a stray quote, not an opening), and {@code ""} inside is a quote
     * (as is an escaped one, when the dialect has an escape character).
     *
     * @param inside whether the text starts inside a quoted field (a continuation line)
     */
    public static boolean openAfter(String text, boolean inside, CsvDialect dialect) {
        char quote = dialect.quote();
        char delimiter = dialect.delimiter();
        char escape = dialect.escape() == null ? '\uFFFF' : dialect.escape();
        boolean fieldStart = !inside;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (inside) {
                if (c == escape) {
                    i++;
                } else if (c == quote) {
                    if (i + 1 < text.length() && text.charAt(i + 1) == quote) {
                        i++;
                    } else {
                        inside = false;
                    }
                }
            } else if (c == delimiter) {
                fieldStart = true;
            } else {
                inside = c == quote && fieldStart;
                fieldStart = false;
            }
        }
        return inside;
    }

    private RawRecord split(long lineNumber, int lineCount, String text, boolean windows1252) {
        List<String> values = CsvFields.split(text, format.dialect());
        if (values == null) {
            return new RawRecord(lineNumber, lineCount, null, cap(text), ParseProblem.MALFORMED_CSV, List.of());
        }
        List<LineRepair> repairs = windows1252 ? List.of(LineRepair.REPAIRED_ENCODING) : List.of();
        LineShape.Fitted fitted = LineShape.fit(values, columns);
        if (fitted == null) {
            return new RawRecord(lineNumber, lineCount, values, cap(text), ParseProblem.WRONG_COLUMN_COUNT, repairs);
        }
        if (fitted.repair() != null) {
            repairs = new java.util.ArrayList<>(repairs);
            repairs.add(fitted.repair());
            // The text as received stays beside what was read from it (a cut field, the dropped extra ones).
            return new RawRecord(lineNumber, lineCount, fitted.values(), cap(text), null, List.copyOf(repairs));
        }
        return new RawRecord(lineNumber, lineCount, values, null, null, repairs);
    }

    private RawRecord problem(Line line, ParseProblem problem) {
        return new RawRecord(line.number, 1, null, cap(line.text), problem, List.of());
    }

    private static String cap(String text) {
        return text.length() <= RAW_TEXT_LIMIT ? text
                : text.substring(0, RAW_TEXT_LIMIT) + "…[" + (text.length() - RAW_TEXT_LIMIT) + " more characters]";
    }

    /** The next line to start a record with (the first of the look-ahead, else a new one). */
    private Line take() {
        Line line = lookahead.poll();
        return line != null ? line : readLine();
    }

    /** The i-th line after the one just taken (1-based), reading ahead as needed. */
    private Line peek(int i) {
        while (lookahead.size() < i) {
            Line line = readLine();
            if (line == null) {
                return null;
            }
            lookahead.add(line);
        }
        return lookahead.stream().skip(i - 1).findFirst().orElse(null);
    }

    /** Reads the next physical line (without its LF or CRLF), or null at the end of the file. */
    private Line readLine() {
        if (eof) {
            return null;
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
            int keep = Math.min(n, maxLineBytes - length);
            if (keep > 0) {
                if (length + keep > buffer.length) {
                    buffer = Arrays.copyOf(buffer, Math.min(maxLineBytes, Math.max(buffer.length * 2, length + keep)));
                }
                System.arraycopy(chunk, start, buffer, length, keep);
                length += keep;
            }
            if (pos < limit) {
                pos++; // the LF
                newline = true;
            }
        }
        if (!newline && total == 0) {
            return null; // the file ended with a line end
        }
        bytes += total + (newline ? 1 : 0);
        if (length > 0 && buffer[length - 1] == '\r' && total == length) {
            length--; // CRLF line end
        }
        long number = nextLineNumber++;
        if (number > 1 || !format.header()) {
            physicalLines++;
        }
        Line line = decode(number, length, total > maxLineBytes, total);
        if (number == 1 && line.text().startsWith("\uFEFF")) {
            // A byte-order mark (a headerless file, or UTF-16 transcoded): not part of the first value.
            line = new Line(line.number(), line.text().substring(1), line.invalidUtf8(), line.windows1252(), line.tooLong(), line.bytes());
        }
        return line;
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

    private Line decode(long number, int length, boolean tooLong, long total) {
        if (ascii(length)) {
            return new Line(number, new String(buffer, 0, length, StandardCharsets.ISO_8859_1), false, false, tooLong, total);
        }
        if (single != null) {
            try {
                return new Line(number, single.reset().decode(ByteBuffer.wrap(buffer, 0, length)).toString(), false, false, tooLong, total);
            } catch (CharacterCodingException e) {
                // A byte the encoding does not define: kept for the quarantine with the byte replaced.
                return new Line(number, new String(buffer, 0, length, format.encoding()), true, false, tooLong, total);
            }
        }
        ByteBuffer bytes = ByteBuffer.wrap(buffer, 0, length);
        try {
            CharBuffer chars = strict.reset().decode(bytes);
            return new Line(number, chars.toString(), false, false, tooLong, total);
        } catch (CharacterCodingException e) {
            String windows1252 = tooLong || !format.repairEncoding() ? null : LineEncoding.asWindows1252(buffer, length);
            if (windows1252 != null) {
                return new Line(number, windows1252, false, true, false, total);
            }
            // Kept for the quarantine as it would display in UTF-8, invalid bytes replaced.
            return new Line(number, new String(buffer, 0, length, StandardCharsets.UTF_8), true, false, tooLong, total);
        }
    }
}
