package io.breachimpact.generate;

import io.breachimpact.error.BreachImpactException;
import io.breachimpact.error.ExitCode;
import io.breachimpact.testing.DumpFiles;
import io.breachimpact.testing.Generated;
import io.breachimpact.testing.SharedSpark;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The job's contract: reproducible output, nothing half-written, the truth kept apart. */
class GenerateJobTest {

    @Test
    void sameSeedAndRowsGiveTheSameFilesDifferentSeedOthers(@TempDir Path dir) throws Exception {
        GenerateConfig config = Generated.config(12_000, 99, 5_000, OutputFormat.CSV, false);
        Generated.generate(config, dir.resolve("a"));
        Generated.generate(config, dir.resolve("b"));
        Generated.generate(Generated.config(12_000, 100, 5_000, OutputFormat.CSV, false), dir.resolve("c"));

        Map<String, String> a = digests(dir.resolve("a"));
        assertEquals(List.of("dump/records-00001-of-00003.csv", "dump/records-00002-of-00003.csv", "dump/records-00003-of-00003.csv",
                "truth/truth-records-00001-of-00003.csv", "truth/truth-records-00002-of-00003.csv", "truth/truth-records-00003-of-00003.csv"),
                List.copyOf(a.keySet()), "one dump file and one truth file per task, nothing else");
        assertEquals(a, digests(dir.resolve("b")));
        Map<String, String> c = digests(dir.resolve("c"));
        for (String file : a.keySet()) {
            assertNotEquals(a.get(file), c.get(file), file);
        }
    }

    @Test
    void aParquetDumpIsReproducibleToo(@TempDir Path dir) {
        GenerateConfig config = Generated.config(6_000, 5, 3_000, OutputFormat.PARQUET, false);
        Generated.generate(config, dir.resolve("a"));
        Generated.generate(config, dir.resolve("b"));
        Dataset<Row> a = SharedSpark.spark().read().parquet(dir.resolve("a/dump").toString()).orderBy("record_id");
        Dataset<Row> b = SharedSpark.spark().read().parquet(dir.resolve("b/dump").toString()).orderBy("record_id");
        assertEquals(6_000, a.count());
        assertEquals(io.breachimpact.model.DumpColumns.HEADER, List.of(a.columns()));
        SharedSpark.assertDataFrameEquals(a, b);
        // Value-level dirt is kept as text; line-level dirt has no meaning in Parquet.
        assertTrue(a.filter("email = ''").count() > 0);
        assertEquals(0, DumpFiles.readTruth(dir.resolve("a/truth")).values().stream()
                .filter(t -> t.has("truncated-line") || t.has("latin1-bytes") || t.has("crlf-line-end")).count());
    }

    @Test
    void gzipCompressesTheSameRecords(@TempDir Path dir) throws IOException {
        Generated.generate(Generated.config(4_000, 8, 4_000, OutputFormat.CSV, false), dir.resolve("plain"));
        Generated.generate(Generated.config(4_000, 8, 4_000, OutputFormat.CSV, true), dir.resolve("gz"));
        byte[] plain = Files.readAllBytes(dir.resolve("plain/dump/records-00001-of-00001.csv"));
        byte[] unzipped;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(dir.resolve("gz/dump/records-00001-of-00001.csv.gz")))) {
            unzipped = in.readAllBytes();
        }
        assertArrayEquals(plain, unzipped);
    }

    @Test
    void anExistingDumpIsKeptUnlessOverwriteIsAsked(@TempDir Path dir) throws Exception {
        GenerateConfig first = Generated.config(2_000, 1, 1_000, OutputFormat.CSV, false);
        Generated.generate(first, dir);
        Map<String, String> before = digests(dir);

        BreachImpactException refused = assertThrows(BreachImpactException.class,
                () -> Generated.generate(Generated.config(3_000, 2, 1_000, OutputFormat.CSV, false), dir));
        assertEquals(ExitCode.USAGE_OR_CONFIG, refused.exitCode());
        assertTrue(refused.getMessage().contains("--overwrite"), refused.getMessage());
        assertEquals(before, digests(dir), "a refused run leaves the previous dump as it was");

        new GenerateJob(Generated.config(3_000, 2, 1_000, OutputFormat.CSV, false), dir.resolve("dump").toString(),
                dir.resolve("truth").toString(), true).run(SharedSpark.spark());
        assertEquals(3_000, DumpFiles.readDump(dir.resolve("dump")).size());
        try (Stream<Path> siblings = Files.list(dir)) {
            assertEquals(List.of("dump", "truth"), siblings.map(p -> p.getFileName().toString()).sorted().toList(),
                    "no temporary or swapped-out directory is left behind");
        }
    }

    @Test
    void theTruthIsNeverWrittenInsideTheDump(@TempDir Path dir) {
        GenerateJob job = new GenerateJob(Generated.config(10, 1, 10, OutputFormat.CSV, false),
                dir.resolve("dump").toString(), dir.resolve("dump/truth").toString(), false);
        BreachImpactException e = assertThrows(BreachImpactException.class, () -> job.run(SharedSpark.spark()));
        assertTrue(e.getMessage().contains("must not be written inside the dump"));
        assertFalse(Files.exists(dir.resolve("dump")));
    }

    @Test
    void theCommittedSampleIsWhatTheGeneratorWritesFromItsDocumentedSeed(@TempDir Path dir) throws Exception {
        Path samples = Path.of(System.getProperty("breachimpact.project.root"), "data-samples");
        GenerateConfig sample = Generated.config(SampleDump.ROWS, SampleDump.SEED, SampleDump.ROWS, OutputFormat.CSV, false);
        Generated.generate(sample, dir);
        assertEquals(digestsOf(samples.resolve("dump"), ".csv"), digestsOf(dir.resolve("dump"), ".csv"),
                "data-samples/dump is stale: regenerate it with the command in data-samples/README.md");
        assertEquals(digestsOf(samples.resolve("ground-truth"), ".csv"), digestsOf(dir.resolve("truth"), ".csv"));
    }

    private static Map<String, String> digests(Path dir) throws IOException, NoSuchAlgorithmException {
        Map<String, String> result = new LinkedHashMap<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().endsWith(".json")).sorted().toList()) {
                result.put(dir.relativize(f).toString(), sha256(f));
            }
        }
        return result;
    }

    private static Map<String, String> digestsOf(Path dir, String suffix) throws IOException, NoSuchAlgorithmException {
        Map<String, String> result = new LinkedHashMap<>();
        for (Path f : DumpFiles.files(dir, suffix)) {
            result.put(f.getFileName().toString(), sha256(f));
        }
        return result;
    }

    private static String sha256(Path f) throws IOException, NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f)));
    }

    /** Cut lines, extra columns and Latin-1 bytes are drawn alike in every layout and format: the same seed, the same people. */
    @Test
    void everyLayoutAndFormatGivesTheSamePopulationWithLineDirt(@TempDir Path dir) throws Exception {
        String[] dirt = {"generate.dirt.truncated-line=0.05", "generate.dirt.extra-columns=0.05", "generate.dirt.latin1-bytes=0.3"};
        Generated.generate(Generated.config(4_000, 11, 4_000, OutputFormat.CSV, false, dirt), dir.resolve("csv"));
        List<String> people = people(dir.resolve("csv"));
        assertEquals(4_000, people.size());
        for (DumpLayout layout : DumpLayout.values()) {
            Generated.generate(Generated.config(4_000, 11, 4_000, OutputFormat.CSV, false, dirt).withLayout(layout), dir.resolve(layout.name()));
            assertEquals(people, people(dir.resolve(layout.name())), layout.configName());
        }
        Generated.generate(Generated.config(4_000, 11, 4_000, OutputFormat.PARQUET, false, dirt), dir.resolve("parquet"));
        assertEquals(people, people(dir.resolve("parquet")), "parquet");
    }

    /** Each record's id, person, kind, variation and contact owner, from the ground truth (its dirt column aside). */
    private static List<String> people(Path generated) throws java.io.IOException {
        try (var files = java.nio.file.Files.list(generated.resolve("truth"))) {
            List<String> rows = new java.util.ArrayList<>();
            for (Path f : files.filter(p -> p.getFileName().toString().matches("truth-.*\\.csv")).sorted().toList()) {
                try (var parser = org.apache.commons.csv.CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).build()
                        .parse(java.nio.file.Files.newBufferedReader(f))) {
                    parser.forEach(r -> rows.add(String.join(",", r.get(0), r.get(1), r.get(2), r.get(3), r.get(4))));
                }
            }
            return rows;
        }
    }
}
