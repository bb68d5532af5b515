package io.breachimpact.testing;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Reads a generated dump and its ground truth back with Commons CSV, independently of the
 * generator's own code, the way a consumer of the files would.
 */
public final class DumpFiles {
    private DumpFiles() {
    }

    /** One CSV record of the dump as parsed, with whether its bytes were valid UTF-8. */
    public record Parsed(List<String> values, boolean validUtf8, String file) {
        public String get(int i) {
            return values.get(i);
        }
    }

    /** Truth row: person, kind, variation, contact owner, dirt list. */
    public record Truth(String recordId, String personId, String kind, String variation, String contactOwner, List<String> dirt,
                        List<String> entryErrors, String correction) {
        public boolean has(String d) {
            return dirt.contains(d);
        }
    }

    public static List<Path> files(Path dir, String suffix) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every record of every dump file (header skipped), decoding invalid UTF-8 as U+FFFD. */
    public static List<Parsed> readDump(Path dir) {
        List<Parsed> result = new ArrayList<>();
        for (Path file : files(dir, ".csv")) {
            result.addAll(readDumpFile(file, false));
        }
        for (Path file : files(dir, ".csv.gz")) {
            result.addAll(readDumpFile(file, true));
        }
        return result;
    }

    private static List<Parsed> readDumpFile(Path file, boolean gzip) {
        try (InputStream raw = Files.newInputStream(file);
             InputStream in = gzip ? new GZIPInputStream(raw) : raw;
             Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                     .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE));
             CSVParser parser = CSVFormat.RFC4180.parse(reader)) {
            List<Parsed> result = new ArrayList<>();
            boolean header = true;
            for (CSVRecord r : parser) {
                if (header) {
                    header = false;
                    continue;
                }
                List<String> values = r.toList();
                boolean valid = values.stream().noneMatch(v -> v.indexOf('\uFFFD') >= 0);
                result.add(new Parsed(values, valid, file.getFileName().toString()));
            }
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    public static Map<String, Truth> readTruth(Path dir) {
        Map<String, Truth> result = new HashMap<>();
        for (Path file : files(dir, ".csv")) {
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                 CSVParser parser = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).build().parse(reader)) {
                for (CSVRecord r : parser) {
                    String dirt = r.get("dirt");
                    String errors = r.isMapped("entry_errors") ? r.get("entry_errors") : "";
                    result.put(r.get("record_id"), new Truth(r.get("record_id"), r.get("person_id"), r.get("record_kind"),
                            r.get("variation"), r.get("contact_owner"), dirt.isEmpty() ? List.of() : List.of(dirt.split("\\|")),
                            errors.isEmpty() ? List.of() : List.of(errors.split("\\|")), r.isMapped("correction") ? r.get("correction") : "none"));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }
        return result;
    }

    /** Counts of a list's elements by key. */
    public static <T> Map<String, Long> countBy(List<T> items, java.util.function.Function<T, String> key) {
        Map<String, Long> counts = new HashMap<>();
        for (T item : items) {
            counts.merge(key.apply(item), 1L, Long::sum);
        }
        return counts;
    }
}
