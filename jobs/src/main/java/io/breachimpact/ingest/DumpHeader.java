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
import io.breachimpact.ingest.profile.DumpProfile;
import io.breachimpact.ingest.profile.RecordMapper;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Checks a dump file before ingest, against its dump profile: its first line names the columns the
 * profile reads (in any order, none missing, no other column unless the profile ignores it), or the
 * profile names them for a file without a header; and a UTF-8 file is UTF-8 (a file whose accented
 * lines are mostly not is a file in another encoding, not a few dirty lines).
 */
final class DumpHeader {
    /** How much of the start of a file the encoding check reads. */
    static final int SNIFF_BYTES = 1 << 20;
    /** Below this many accented lines in the sniffed part, the encoding is not judged. */
    static final int MIN_ACCENTED_LINES = 20;

    private final DumpProfile profile;

    DumpHeader(DumpProfile profile) {
        this.profile = profile;
    }

    /** A file's layout: how many columns its lines have, and how they become the canonical fields. */
    record Layout(int columns, RecordMapper mapper) implements java.io.Serializable {
    }

    /** The file's bytes, uncompressed, and in UTF-8 when the profile's encoding is UTF-16. */
    static InputStream open(FileSystem fs, Path path, DumpProfile profile) throws IOException {
        InputStream in = open(fs, path);
        return profile.transcoded() ? new Utf8Transcoding(in, profile.encoding()) : in;
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

    Layout check(FileSystem fs, Path path) throws IOException {
        if (profile.format() == DumpProfile.Format.PARQUET) {
            return parquet(fs, path);
        }
        byte[] start;
        try (InputStream in = open(fs, path, profile)) {
            start = in.readNBytes(SNIFF_BYTES);
        } catch (ZipException | java.io.EOFException e) {
            throw BreachImpactException.badInput(path + " is not a valid gzip file (" + e.getMessage() + ")");
        } catch (java.io.UncheckedIOException e) {
            throw BreachImpactException.badInput(path + " is not " + profile.encoding().name() + " text as the dump profile '"
                    + profile.name() + "' says (" + e.getCause().getMessage() + ")");
        }
        if (start.length == 0) {
            throw BreachImpactException.badInput(path + " is empty: a dump file starts with its header line");
        }
        if (profile.format() == DumpProfile.Format.JSONL) {
            return jsonLines(path, start);
        }
        if (profile.format() == DumpProfile.Format.SQL) {
            return sqlDump(path, start);
        }
        if (!profile.header()) {
            if (profile.utf8()) {
                checkEncoding(path, start, 0);
            }
            return layout(profile.columns());
        }
        int end = indexOf(start, (byte) '\n', 0);
        int headerEnd = end < 0 ? start.length : end;
        int from = start.length >= 3 && (start[0] & 0xFF) == 0xEF && (start[1] & 0xFF) == 0xBB && (start[2] & 0xFF) == 0xBF ? 3 : 0;
        String header = profile.utf8() || profile.transcoded() ? decode(start, from, headerEnd) : decodeWith(start, headerEnd);
        if (header == null || headerEnd - from > 4096 || binary(header)) {
            throw BreachImpactException.badInput(path + " line 1: not a CSV header (binary data, or not text) — is this the dump?");
        }
        List<String> names = names(path, header.endsWith("\r") ? header.substring(0, header.length() - 1) : header);
        if (profile.utf8()) {
            checkEncoding(path, start, end < 0 ? start.length : end + 1);
        }
        return layout(names);
    }

    /** A JSON Lines file starts with an object; its columns are the paths the profile reads. */
    private Layout jsonLines(Path path, byte[] start) {
        int end = indexOf(start, (byte) '\n', 0);
        int from = start.length >= 3 && (start[0] & 0xFF) == 0xEF && (start[1] & 0xFF) == 0xBB && (start[2] & 0xFF) == 0xBF ? 3 : 0;
        String first = decode(start, from, end < 0 ? start.length : end);
        if (first == null || !first.stripLeading().startsWith("{")) {
            throw BreachImpactException.badInput(path + " line 1: not a JSON object, as the dump profile '" + profile.name()
                    + "' (format = jsonl) expects — is this the dump?");
        }
        checkEncoding(path, start, 0);
        return layout(profile.mappedColumns());
    }

    /** An SQL dump starts with comments or statements; its columns are the table.column names the profile reads. */
    private Layout sqlDump(Path path, byte[] start) {
        java.nio.charset.Charset charset = profile.transcoded() ? StandardCharsets.UTF_8 : profile.encoding();
        String text = new String(start, 0, Math.min(start.length, 4096), charset).replace("\uFEFF", "").stripLeading();
        String upper = text.toUpperCase(Locale.ROOT);
        boolean sql = java.util.stream.Stream.of("--", "/*", "#", "\\", "SET ", "CREATE ", "INSERT ", "COPY ", "DROP ", "LOCK ", "BEGIN",
                "START ", "USE ", "SELECT ", "ALTER ", "REPLACE ").anyMatch(upper::startsWith);
        if (!sql || binary(text.substring(0, Math.min(text.length(), 200)).replace("\n", ""))) {
            throw BreachImpactException.badInput(path + " line 1: not an SQL dump (it does not start with a comment or a statement), as "
                    + "the dump profile '" + profile.name() + "' (format = sql) expects — is this the dump?");
        }
        if (profile.utf8()) {
            checkEncoding(path, start, 0);
        }
        return layout(profile.mappedColumns());
    }

    /** A Parquet file's footer: it holds every column the profile reads (leaf paths, dotted), and no other unless ignored. */
    private Layout parquet(FileSystem fs, Path path) {
        List<String> leaves = new java.util.ArrayList<>();
        try (org.apache.parquet.hadoop.ParquetFileReader reader = org.apache.parquet.hadoop.ParquetFileReader.open(
                org.apache.parquet.hadoop.util.HadoopInputFile.fromPath(path, fs.getConf()))) {
            for (org.apache.parquet.column.ColumnDescriptor c : reader.getFooter().getFileMetaData().getSchema().getColumns()) {
                leaves.add(String.join(".", c.getPath()).toLowerCase(Locale.ROOT));
            }
        } catch (IOException | RuntimeException e) {
            throw BreachImpactException.badInput(path + " is not a readable Parquet file, as the dump profile '" + profile.name()
                    + "' (format = parquet) expects (" + e.getMessage() + ")");
        }
        List<String> expected = profile.mappedColumns();
        List<String> missing = expected.stream().filter(c -> !leaves.contains(c)).toList();
        List<String> unexpected = leaves.stream().filter(l -> !expected.contains(l) && profile.ignored().stream()
                .noneMatch(i -> l.equals(i) || l.startsWith(i + "."))).toList();
        if (!missing.isEmpty() || !unexpected.isEmpty()) {
            throw BreachImpactException.badInput(path + ": its columns do not match the dump profile '" + profile.name() + "':"
                    + (missing.isEmpty() ? "" : " missing column(s) " + missing)
                    + (unexpected.isEmpty() ? "" : (missing.isEmpty() ? "" : ";") + " unexpected column(s) " + unexpected
                    + " (map them in the profile's fields, or list them in its ignored-columns)") + ". The file has: " + leaves);
        }
        return layout(expected);
    }

    private Layout layout(List<String> names) {
        Map<String, Integer> positions = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            positions.put(names.get(i), i);
        }
        return new Layout(names.size(), new RecordMapper(profile, positions));
    }

    private List<String> names(Path path, String header) {
        List<String> found = CsvFields.split(header, new CsvDialect(profile.delimiter(), profile.quote(), profile.escape()));
        if (found == null) {
            throw BreachImpactException.badInput(path + " line 1: the header is not well-formed CSV");
        }
        List<String> names = found.stream().map(s -> s.strip().toLowerCase(Locale.ROOT)).toList();
        List<String> expected = profile.mappedColumns();
        List<String> missing = expected.stream().filter(c -> !names.contains(c)).toList();
        // An empty last name is a header written with a trailing delimiter (as its lines are): a column of nothing.
        List<String> unexpected = java.util.stream.IntStream.range(0, names.size())
                .filter(i -> !(i == names.size() - 1 && names.get(i).isEmpty()))
                .mapToObj(names::get).filter(n -> !expected.contains(n) && !profile.ignored().contains(n)).toList();
        String expectedText = String.join(String.valueOf(profile.delimiter()), expected);
        if (missing.size() == expected.size()) {
            // No expected name at all: a headerless part, or not a dump. Its values are never echoed: they may be a person's.
            throw BreachImpactException.badInput(path + " line 1: not the agency export's header (none of the column names the dump "
                    + "profile '" + profile.name() + "' reads; a part without its header line, or another layout?). Expected: " + expectedText);
        }
        if (!missing.isEmpty() || !unexpected.isEmpty() || names.stream().distinct().count() != names.size()) {
            StringBuilder message = new StringBuilder(path + " line 1: the header does not match the dump profile '" + profile.name() + "':");
            if (!missing.isEmpty()) {
                message.append(" missing column(s) ").append(missing);
            }
            if (!unexpected.isEmpty()) {
                message.append(missing.isEmpty() ? "" : ";").append(" unexpected column(s) ")
                        .append(unexpected.stream().map(DumpHeader::printable).toList())
                        .append(" (map them in the profile's fields, or list them in its ignored-columns)");
            }
            if (missing.isEmpty() && unexpected.isEmpty()) {
                message.append(" a column appears twice");
            }
            message.append(". Expected: ").append(expectedText);
            throw BreachImpactException.badInput(message.toString());
        }
        return names;
    }

    private String decodeWith(byte[] bytes, int to) {
        try {
            return profile.encoding().newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, 0, to)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** Control characters other than tab and CR: not a text header. */
    private static boolean binary(String header) {
        return header.chars().anyMatch(c -> c < 0x20 && c != '\t' && c != '\r');
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
                    + "); it looks ISO-8859-1 (Latin-1) encoded. Read it through a dump profile with encoding = windows-1252 "
                    + "(ingest --dump-profile FILE; `inspect` proposes one), or convert it (iconv -f WINDOWS-1252 -t UTF-8).");
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
