package io.breachimpact.ingest.inspect;

import io.breachimpact.error.BreachImpactException;
import io.breachimpact.ingest.CsvDialect;
import io.breachimpact.ingest.CsvFields;
import io.breachimpact.ingest.DumpReader;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads the start of dump files and judges how they are written: the encoding, the delimiter, whether
 * the first line is a header, and what each column holds. It keeps shapes and counts, never values.
 */
public final class DumpInspector {
    /** How much of each file is read. */
    static final int SAMPLE_BYTES = 4 << 20;
    private static final char[] DELIMITERS = {',', ';', '\t', '|'};

    private DumpInspector() {
    }

    /**
     * What the sample says, for the proposal.
     *
     * @param dialect   delimited text: its delimiter and quote, else null
     * @param structure JSON Lines and SQL: where the records are (columns are then named by path)
     */
    public record Findings(List<String> files, long sampledBytes, String encoding, String encodingReason, CsvDialect dialect,
                           boolean header, List<ColumnStats> columns, long rows, Structure structure) {
    }

    public static Findings inspect(List<String> paths, Configuration hadoop) {
        if (paths.isEmpty()) {
            throw BreachImpactException.config("inspect needs at least one file");
        }
        List<byte[]> samples = new ArrayList<>();
        for (String p : paths) {
            samples.add(sample(p, hadoop));
        }
        byte[] first = samples.get(0);
        String format = refuseOtherFormats(paths.get(0), first);
        String[] encoding = encoding(first);
        if (format.equals("jsonl")) {
            return jsonLines(paths, samples, encoding);
        }
        if (format.equals("sql")) {
            return sqlDump(paths, samples, encoding, hadoop);
        }
        Charset charset = Charset.forName(encoding[0]);
        List<List<String>> firstLines = lines(decode(first, charset, encoding[0]), null);
        CsvDialect dialect = dialect(paths.get(0), firstLines);
        List<ColumnStats> columns = null;
        boolean header = false;
        long rows = 0;
        long bytes = 0;
        for (int f = 0; f < samples.size(); f++) {
            byte[] bytesOf = samples.get(f);
            bytes += bytesOf.length;
            List<List<String>> records = lines(decode(bytesOf, charset, encoding[0]), dialect);
            if (records.isEmpty()) {
                throw BreachImpactException.badInput(paths.get(f) + " holds no line to inspect");
            }
            if (columns == null) {
                header = looksLikeHeader(records);
                List<String> names = header ? records.get(0) : numbered(records.get(0).size());
                columns = new ArrayList<>();
                for (String n : names) {
                    columns.add(new ColumnStats(n.strip()));
                }
            }
            for (int i = header ? 1 : 0; i < records.size(); i++) {
                List<String> r = records.get(i);
                rows++;
                for (int c = 0; c < columns.size(); c++) {
                    columns.get(c).add(c < r.size() ? r.get(c) : null);
                }
            }
        }
        return new Findings(paths, bytes, encoding[0], encoding[1], dialect, header, columns, rows, Structure.delimited());
    }

    /** JSON Lines: the records (an array's elements, or the lines) as columns named by path. */
    private static Findings jsonLines(List<String> paths, List<byte[]> samples, String[] encoding) {
        List<com.fasterxml.jackson.databind.JsonNode> objects = new ArrayList<>();
        long bytes = 0;
        for (byte[] sample : samples) {
            bytes += sample.length;
            objects.addAll(JsonLinesSample.objects(decode(sample, StandardCharsets.UTF_8, "UTF-8")));
        }
        if (objects.isEmpty()) {
            throw BreachImpactException.badInput(paths.get(0) + " holds no JSON object on a line of its own: JSON Lines has one object "
                    + "per line (a file holding one JSON array is not read)");
        }
        String recordsPath = JsonLinesSample.recordsPath(objects);
        List<Map<String, String>> records = JsonLinesSample.records(objects, recordsPath);
        Map<String, ColumnStats> columns = new java.util.LinkedHashMap<>();
        records.forEach(r -> r.keySet().forEach(k -> columns.computeIfAbsent(k, ColumnStats::new)));
        for (Map<String, String> r : records) {
            columns.forEach((path, stats) -> stats.add(r.get(path)));
        }
        return new Findings(paths, bytes, "UTF-8", encoding[1], null, true, new ArrayList<>(columns.values()), records.size(),
                Structure.jsonLines(recordsPath));
    }

    /**
     * An SQL dump: its tables from the start of each file, and from where each later table is created or
     * filled (a mysqldump creates and fills its tables one after the other; pg_dump fills them after creating
     * them all). Those places are found by a scan of the whole file for the statements' first words.
     */
    private static Findings sqlDump(List<String> paths, List<byte[]> samples, String[] encoding, Configuration hadoop) {
        Charset charset = Charset.forName(encoding[0]);
        List<String> texts = new ArrayList<>();
        long bytes = 0;
        for (int f = 0; f < samples.size(); f++) {
            bytes += samples.get(f).length;
            texts.add(decode(samples.get(f), charset, encoding[0]));
            for (String window : SqlDumpWindows.later(paths.get(f), hadoop, charset, SAMPLE_BYTES)) {
                bytes += window.length();
                texts.add(window);
            }
        }
        io.breachimpact.ingest.sql.SqlDialect dialect = SqlDumpSample.dialect(texts.get(0));
        Map<String, SqlDumpSample.Table> tables = SqlDumpSample.tables(texts, dialect);
        if (tables.isEmpty()) {
            throw BreachImpactException.badInput(paths.get(0) + " looks like an SQL dump but holds no CREATE TABLE, INSERT or COPY");
        }
        Structure structure = SqlDumpSample.structure(tables, dialect);
        List<ColumnStats> columns = new ArrayList<>();
        long rows = 0;
        for (String name : java.util.Arrays.asList(structure.joinedTable(), structure.recordsTable())) {
            SqlDumpSample.Table t = name == null ? null : tables.get(name);
            if (t == null) {
                continue;
            }
            List<ColumnStats> own = new ArrayList<>();
            t.columns().forEach(c -> own.add(new ColumnStats(t.name() + "." + c)));
            for (List<String> row : t.rows()) {
                for (int c = 0; c < own.size(); c++) {
                    own.get(c).add(row.get(c));
                }
            }
            columns.addAll(own);
            rows = t.rows().size();
        }
        return new Findings(paths, bytes, encoding[0], encoding[1], null, true, columns, rows, structure);
    }

    private static byte[] sample(String file, Configuration hadoop) {
        Path path = new Path(file);
        try {
            FileSystem fs = path.getFileSystem(hadoop);
            if (fs.getFileStatus(path).isDirectory()) {
                throw BreachImpactException.badInput(file + " is a directory: give inspect the dump's files");
            }
            try (InputStream raw = fs.open(path);
                 InputStream in = file.endsWith(".gz") ? new GZIPInputStream(raw) : raw) {
                byte[] bytes = in.readNBytes(SAMPLE_BYTES);
                if (bytes.length == 0) {
                    throw BreachImpactException.badInput(file + " is empty");
                }
                return bytes;
            }
        } catch (FileNotFoundException e) {
            throw BreachImpactException.badInput("file not found: " + file);
        } catch (ZipException | java.io.EOFException e) {
            throw BreachImpactException.badInput(file + " is not a valid gzip file (" + e.getMessage() + ")");
        } catch (IOException e) {
            throw BreachImpactException.badInput("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** "jsonl", "sql" or "delimited"; Parquet and JSON arrays are named, rather than misread as text. */
    private static String refuseOtherFormats(String file, byte[] start) {
        boolean utf16 = start.length >= 2 && ((start[0] & 0xFF) == 0xFE && (start[1] & 0xFF) == 0xFF
                || (start[0] & 0xFF) == 0xFF && (start[1] & 0xFF) == 0xFE);
        String head = (utf16 ? new String(start, 0, Math.min(start.length, 400), StandardCharsets.UTF_16)
                : new String(start, 0, Math.min(start.length, 200), StandardCharsets.ISO_8859_1))
                .replace("\u00EF\u00BB\u00BF", "").replace("\uFEFF", "").stripLeading();
        String what = null;
        String example = null;
        if (start.length >= 4 && start[0] == 'P' && start[1] == 'A' && start[2] == 'R' && start[3] == '1') {
            what = "a Parquet file";
            example = "format = parquet, as conf/dumps/agency-parquet.conf";
        } else if (head.startsWith("[")) {
            what = "a JSON array";
            example = "format = jsonl reads one object per line";
        } else if (utf16 && (head.startsWith("{") || head.startsWith("--") || head.regionMatches(true, 0, "INSERT", 0, 6))) {
            what = "UTF-16 JSON or SQL";
            example = "convert it to UTF-8 first (iconv -f UTF-16 -t UTF-8)";
        }
        if (what != null) {
            throw BreachImpactException.badInput(file + " looks like " + what + ": inspect proposes profiles for delimited text, "
                    + "JSON Lines and SQL dumps (" + example + ")");
        }
        if (head.startsWith("{")) {
            return "jsonl";
        }
        String upper = head.toUpperCase(java.util.Locale.ROOT);
        if (head.startsWith("--") || head.startsWith("/*")
                || java.util.stream.Stream.of("INSERT INTO", "CREATE TABLE", "SET ", "DROP TABLE", "COPY ", "LOCK TABLES")
                .anyMatch(upper::startsWith)) {
            return "sql";
        }
        int controls = 0;
        for (int i = 0; i < Math.min(start.length, 4096); i++) {
            int b = start[i] & 0xFF;
            controls += b < 0x09 || (b > 0x0D && b < 0x20) ? 1 : 0;
        }
        if (!utf16 && controls > 8) {
            throw BreachImpactException.badInput(file + " is not text (binary data in its first 4 KB): is this the dump?");
        }
        return "delimited";
    }

    /** {encoding, why}. A byte-order mark decides; else UTF-8 if the sample is valid UTF-8; else Windows-1252. */
    static String[] encoding(byte[] start) {
        if (start.length >= 2 && (start[0] & 0xFF) == 0xFE && (start[1] & 0xFF) == 0xFF
                || start.length >= 2 && (start[0] & 0xFF) == 0xFF && (start[1] & 0xFF) == 0xFE) {
            return new String[] {"UTF-16", "a UTF-16 byte-order mark"};
        }
        int end = start.length;
        if (start.length == SAMPLE_BYTES) {
            while (end > 0 && start[end - 1] != '\n') {
                end--; // the sample may end inside a character
            }
        }
        int invalidLines = 0;
        int accentedLines = 0;
        int lineStart = 0;
        for (int i = 0; i <= end; i++) {
            if (i == end || start[i] == '\n') {
                boolean accented = false;
                for (int k = lineStart; k < i && !accented; k++) {
                    accented = start[k] < 0;
                }
                if (accented) {
                    accentedLines++;
                    try {
                        StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                                .decode(ByteBuffer.wrap(start, lineStart, i - lineStart));
                    } catch (CharacterCodingException e) {
                        invalidLines++;
                    }
                }
                lineStart = i + 1;
            }
        }
        if (invalidLines * 2 > accentedLines && accentedLines > 0) {
            return new String[] {"windows-1252", invalidLines + " of the " + accentedLines + " lines with accents are not UTF-8"};
        }
        if (invalidLines > 0) {
            return new String[] {"UTF-8", "valid UTF-8 but for " + invalidLines + " of the " + accentedLines
                    + " lines with accents (repaired per line on ingest when unambiguous)"};
        }
        return new String[] {"UTF-8", accentedLines == 0 ? "ASCII only in the sample (UTF-8 reads it)" : "valid UTF-8"};
    }

    private static String decode(byte[] bytes, Charset charset, String name) {
        int end = bytes.length;
        if (bytes.length == SAMPLE_BYTES) {
            while (end > 0 && bytes[end - 1] != '\n') {
                end--; // the last line is cut by the sample
            }
        }
        String text = new String(bytes, 0, end, charset);
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    /**
     * The sample's records: lines, joined while a quote is open when the dialect is known; without a
     * dialect, physical lines as one-value records (to judge the delimiter on).
     */
    private static List<List<String>> lines(String text, CsvDialect dialect) {
        List<List<String>> records = new ArrayList<>();
        String[] physical = text.split("\r?\n", -1);
        StringBuilder pending = null;
        for (String line : physical) {
            if (dialect == null) {
                if (!line.isBlank()) {
                    records.add(List.of(line));
                }
                continue;
            }
            if (pending != null) {
                pending.append('\n').append(line);
                if (pending.length() > 100_000 || !DumpReader.openAfter(line, true, dialect)) {
                    add(records, pending.toString(), dialect);
                    pending = null;
                }
                continue;
            }
            if (line.isBlank()) {
                continue;
            }
            if (DumpReader.openAfter(line, false, dialect)) {
                pending = new StringBuilder(line);
            } else {
                add(records, line, dialect);
            }
        }
        return records;
    }

    private static void add(List<List<String>> records, String text, CsvDialect dialect) {
        List<String> values = CsvFields.split(text, dialect);
        if (values != null) {
            records.add(values);
        }
    }

    /** The delimiter that splits the most lines into the same number of fields, more than one. */
    private static CsvDialect dialect(String file, List<List<String>> lines) {
        CsvDialect best = null;
        double bestScore = 0;
        for (char d : DELIMITERS) {
            CsvDialect dialect = new CsvDialect(d, '"', null);
            Map<Integer, Integer> counts = new HashMap<>();
            int n = 0;
            for (List<String> line : lines.subList(0, Math.min(lines.size(), 500))) {
                List<String> values = CsvFields.split(line.get(0), dialect);
                if (values != null) {
                    counts.merge(values.size(), 1, Integer::sum);
                }
                n++;
            }
            Map.Entry<Integer, Integer> mode = counts.entrySet().stream().max(Map.Entry.comparingByValue()).orElse(null);
            if (mode == null || mode.getKey() < 2) {
                continue;
            }
            double score = (double) mode.getValue() / n + mode.getKey() / 1000.0;
            if (score > bestScore) {
                bestScore = score;
                best = dialect;
            }
        }
        if (best == null) {
            throw BreachImpactException.badInput(file + ": no delimiter (comma, semicolon, tab, vertical bar) splits its lines into "
                    + "columns; a one-column file, or not delimited text");
        }
        return best;
    }

    /**
     * The first line names the columns only when some of its values are column names known here and none
     * looks like data. A header of names nobody here knows is then taken for data and the columns numbered:
     * its values are printed as column names otherwise, and they may be a person's.
     */
    private static boolean looksLikeHeader(List<List<String>> records) {
        List<String> first = records.get(0);
        int recognised = 0;
        for (int i = 0; i < first.size(); i++) {
            String s = first.get(i).strip();
            if (s.isEmpty() && i == first.size() - 1) {
                continue; // a trailing delimiter
            }
            if (s.isEmpty() || s.contains("@") || s.chars().anyMatch(Character::isDigit) && FieldGuess.byName(s) == null) {
                return false;
            }
            recognised += FieldGuess.byName(s) != null ? 1 : 0;
        }
        return recognised * 3 >= first.size();
    }

    private static List<String> numbered(int n) {
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            names.add("column_" + i);
        }
        return names;
    }
}
