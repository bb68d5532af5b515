package io.breachimpact.ingest;

import io.breachimpact.error.BreachImpactException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Checks a dump file before ingest: its first line is the expected header (columns in any order,
 * none missing, none extra) and its text is UTF-8 (a file whose accented lines are mostly Latin-1
 * is a file in the wrong encoding, not a few dirty lines).
 */
final class DumpHeader {
    /** How much of the start of a file the encoding check reads. */
    static final int SNIFF_BYTES = 1 << 20;
    /** Below this many accented lines in the sniffed part, the encoding is not judged. */
    static final int MIN_ACCENTED_LINES = 20;

    private final List<String> expected;

    DumpHeader(List<String> expected) {
        this.expected = expected;
    }

    static InputStream open(FileSystem fs, Path path) throws IOException {
        InputStream raw = fs.open(path, 1 << 16);
        if (!path.getName().endsWith(".gz")) {
            return raw;
        }
        try {
            return new GZIPInputStream(raw, 1 << 16);
        } catch (ZipException e) {
            raw.close();
            throw BreachImpactException.badInput(path + " is not a valid gzip file (" + e.getMessage() + ")");
        }
    }

    /** @return for each expected column, its position in the file */
    int[] check(FileSystem fs, Path path) throws IOException {
        byte[] start;
        try (InputStream in = open(fs, path)) {
            start = in.readNBytes(SNIFF_BYTES);
        } catch (ZipException | java.io.EOFException e) {
            throw BreachImpactException.badInput(path + " is not a valid gzip file (" + e.getMessage() + ")");
        }
        if (start.length == 0) {
            throw BreachImpactException.badInput(path + " is empty: a dump file starts with its header line");
        }
        int end = indexOf(start, (byte) '\n', 0);
        int headerEnd = end < 0 ? start.length : end;
        int from = start.length >= 3 && (start[0] & 0xFF) == 0xEF && (start[1] & 0xFF) == 0xBB && (start[2] & 0xFF) == 0xBF ? 3 : 0;
        String header = decode(start, from, headerEnd);
        if (header == null || headerEnd - from > 4096) {
            throw BreachImpactException.badInput(path + " line 1: not a CSV header (binary data, or not text) — is this the dump?");
        }
        int[] positions = positions(path, header.endsWith("\r") ? header.substring(0, header.length() - 1) : header);
        checkEncoding(path, start, end < 0 ? start.length : end + 1);
        return positions;
    }

    private int[] positions(Path path, String header) {
        List<String> found = CsvFields.split(header);
        if (found == null) {
            throw BreachImpactException.badInput(path + " line 1: the header is not well-formed CSV");
        }
        List<String> names = found.stream().map(s -> s.strip().toLowerCase(Locale.ROOT)).toList();
        List<String> missing = new ArrayList<>();
        int[] positions = new int[expected.size()];
        for (int i = 0; i < expected.size(); i++) {
            positions[i] = names.indexOf(expected.get(i));
            if (positions[i] < 0) {
                missing.add(expected.get(i));
            }
        }
        List<String> unexpected = names.stream().filter(n -> !expected.contains(n)).toList();
        if (missing.size() == expected.size()) {
            // No expected name at all: a headerless part, or not a dump. Its values are never echoed: they may be a person's.
            throw BreachImpactException.badInput(path + " line 1: not the agency export's header (none of the expected column "
                    + "names; a part without its header line?). Expected: " + String.join(",", expected));
        }
        if (!missing.isEmpty() || !unexpected.isEmpty() || names.size() != expected.size()) {
            StringBuilder message = new StringBuilder(path + " line 1: the header does not match the agency export:");
            if (!missing.isEmpty()) {
                message.append(" missing column(s) ").append(missing);
            }
            if (!unexpected.isEmpty()) {
                message.append(missing.isEmpty() ? "" : ";").append(" unexpected column(s) ")
                        .append(unexpected.stream().map(DumpHeader::printable).toList());
            }
            if (missing.isEmpty() && unexpected.isEmpty()) {
                message.append(" a column appears twice");
            }
            message.append(". Expected: ").append(String.join(",", expected));
            throw BreachImpactException.badInput(message.toString());
        }
        return positions;
    }

    /** Fails on a file whose accented lines are mostly not UTF-8: the whole file is in another encoding. */
    private static void checkEncoding(Path path, byte[] start, int from) {
        int accented = 0;
        int invalid = 0;
        long firstInvalidLine = -1;
        long line = 2;
        int lineStart = from;
        while (lineStart < start.length) {
            int end = indexOf(start, (byte) '\n', lineStart);
            if (end < 0) {
                break; // the sniffed part ends inside a line
            }
            boolean nonAscii = false;
            for (int i = lineStart; i < end && !nonAscii; i++) {
                nonAscii = start[i] < 0;
            }
            if (nonAscii) {
                accented++;
                if (decode(start, lineStart, end) == null) {
                    invalid++;
                    if (firstInvalidLine < 0) {
                        firstInvalidLine = line;
                    }
                }
            }
            line++;
            lineStart = end + 1;
        }
        if (accented >= MIN_ACCENTED_LINES && invalid * 2 > accented) {
            throw BreachImpactException.badInput(path + " is not UTF-8: " + invalid + " of the " + accented
                    + " lines with accented characters in its first MB are not valid UTF-8 (first at line " + firstInvalidLine
                    + "); it looks ISO-8859-1 (Latin-1) encoded. Convert it (iconv -f ISO-8859-1 -t UTF-8) and ingest it again.");
        }
    }

    private static String decode(byte[] bytes, int from, int to) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, from, to - from)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static int indexOf(byte[] bytes, byte b, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    /** An unexpected column is named only when it looks like a column name, never a value. */
    private static String printable(String s) {
        return s.matches("[a-z0-9_ .-]{1,40}") ? s : "(a value that is not a column name)";
    }
}
