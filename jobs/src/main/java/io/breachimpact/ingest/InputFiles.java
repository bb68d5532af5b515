package io.breachimpact.ingest;

import io.breachimpact.error.BreachImpactException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import io.breachimpact.spark.HadoopConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import java.io.InputStream;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;

/**
 * The files of a batch: the given files, or the delimited-text files (plain or gzip) of the given directories.
 * Each is checked before any task starts (exists, not empty, the expected header, UTF-8), so a
 * wrong input is reported by name and nothing is written.
 */
final class InputFiles {
    private InputFiles() {
    }

    static List<InputFile> resolve(List<String> inputs, Configuration hadoop, DumpHeader header) {
        List<InputFile> files = new ArrayList<>();
        for (String input : inputs) {
            Path path = new Path(input);
            try {
                FileSystem fs = path.getFileSystem(hadoop);
                FileStatus status = fs.getFileStatus(path);
                List<FileStatus> candidates = status.isDirectory()
                        ? Arrays.stream(fs.listStatus(path)).filter(InputFiles::isDumpFile)
                            .sorted(Comparator.comparing(s -> s.getPath().getName())).toList()
                        : List.of(status);
                if (candidates.isEmpty()) {
                    throw BreachImpactException.badInput("no dump file (*.csv, *.tsv, *.txt, *.dat, *.jsonl, *.ndjson, *.sql, plain or .gz; *.parquet) in the input directory "
                            + input);
                }
                for (FileStatus file : candidates) {
                    String name = file.getPath().toString();
                    if (file.getLen() == 0) {
                        throw BreachImpactException.badInput(name + " is empty: a dump file starts with its header line");
                    }
                    files.add(new InputFile(name, file.getLen(), header.check(fs, file.getPath())));
                }
            } catch (FileNotFoundException e) {
                throw BreachImpactException.badInput("input not found: " + input);
            } catch (IOException e) {
                throw BreachImpactException.badInput("cannot read the input " + input + ": " + e.getMessage(), e);
            }
        }
        if (files.stream().map(InputFile::path).distinct().count() != files.size()) {
            throw BreachImpactException.config("the same file is given twice in --input");
        }
        return files;
    }

    private static boolean isDumpFile(FileStatus s) {
        String name = s.getPath().getName();
        String plain = name.endsWith(".gz") ? name.substring(0, name.length() - 3) : name;
        return s.isFile() && !name.startsWith(".") && !name.startsWith("_")
                && (plain.endsWith(".csv") || plain.endsWith(".tsv") || plain.endsWith(".txt") || plain.endsWith(".dat")
                || plain.endsWith(".jsonl") || plain.endsWith(".ndjson") || plain.endsWith(".json") || plain.endsWith(".sql") || name.endsWith(".parquet"));
    }

    /**
     * What identifies the batch's input: the SHA-256 of every file's bytes (computed by Spark tasks,
     * one per file), so a file copied again, or regenerated identically, is the same input.
     */
    static String fingerprint(SparkSession spark, List<InputFile> files) {
        HadoopConf hadoop = new HadoopConf(spark.sparkContext().hadoopConfiguration());
        List<String> paths = files.stream().map(InputFile::path).sorted().toList();
        List<String> digests = new JavaSparkContext(spark.sparkContext()).parallelize(paths, Math.max(1, paths.size()))
                .map(path -> sha256(path, hadoop)).collect();
        try {
            MessageDigest combined = MessageDigest.getInstance("SHA-256");
            for (int i = 0; i < paths.size(); i++) {
                String name = new Path(paths.get(i)).getName();
                combined.update((name + " " + digests.get(i) + "\n").getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(combined.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sha256(String file, HadoopConf hadoop) throws IOException, NoSuchAlgorithmException {
        Path path = new Path(file);
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = path.getFileSystem(hadoop.get()).open(path, 1 << 16)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
