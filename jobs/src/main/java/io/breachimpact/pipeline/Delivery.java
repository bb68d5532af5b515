package io.breachimpact.pipeline;

import io.breachimpact.error.BreachImpactException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One delivery in the landing area: a directory whose marker file names its files with their SHA-256,
 * as {@code sha256sum} prints them, and says what it is:
 * <pre>
 * # breach-impact delivery          (comments start with '#')
 * kind: batch                       (batch, the default: new records or corrections; or retraction)
 * retracts: 2025-11-03              (a retraction only: the batch whose effect is taken back)
 * 3f2a…e1  records-00001-of-00002.csv
 * </pre>
 * The marker is written last, so a directory without one is still being copied and is not read.
 * A delivery is identified by its directory's name (the batch id) and its marker's own SHA-256.
 */
public record Delivery(String name, Path directory, Kind kind, Optional<String> retracts, Map<String, String> files, String markerSha256) {
    public enum Kind { BATCH, RETRACTION }

    private static final Pattern SUM_LINE = Pattern.compile("([0-9a-fA-F]{64}) [ *](.+)");
    private static final Pattern FIELD = Pattern.compile("([a-z-]+):\\s*(.*)");

    /** The delivery's files, as paths. */
    public List<String> paths() {
        return files.keySet().stream().map(f -> new Path(directory, f).toString()).toList();
    }

    /** Reads a delivery's marker; a malformed one is bad input, named by file and line. */
    public static Delivery read(FileSystem fs, Path directory, String markerName) throws IOException {
        Path marker = new Path(directory, markerName);
        byte[] bytes;
        try (InputStream in = fs.open(marker)) {
            bytes = in.readAllBytes();
        }
        Kind kind = Kind.BATCH;
        Optional<String> retracts = Optional.empty();
        Map<String, String> files = new LinkedHashMap<>();
        String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\r?\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            Matcher sum = SUM_LINE.matcher(line);
            Matcher field = FIELD.matcher(line);
            if (sum.matches()) {
                String file = sum.group(2).strip();
                if (file.contains("/") || file.equals(markerName) || file.startsWith(".")) {
                    throw bad(marker, i, "names '" + file + "': a delivery's files are plain names inside its directory");
                }
                if (files.put(file, sum.group(1).toLowerCase(java.util.Locale.ROOT)) != null) {
                    throw bad(marker, i, "names '" + file + "' twice");
                }
            } else if (field.matches() && field.group(1).equals("kind")) {
                kind = switch (field.group(2).strip()) {
                    case "batch" -> Kind.BATCH;
                    case "retraction" -> Kind.RETRACTION;
                    default -> throw bad(marker, i, "kind must be 'batch' or 'retraction', got '" + field.group(2).strip() + "'");
                };
            } else if (field.matches() && field.group(1).equals("retracts")) {
                retracts = Optional.of(field.group(2).strip());
            } else {
                throw bad(marker, i, "is neither 'kind: …', 'retracts: …' nor '<sha256>  <file>' (sha256sum's output)");
            }
        }
        if (kind == Kind.BATCH && files.isEmpty()) {
            throw BreachImpactException.badInput("delivery marker " + marker + " names no file");
        }
        if (kind == Kind.RETRACTION && retracts.isEmpty()) {
            throw BreachImpactException.badInput("delivery marker " + marker + " is a retraction without 'retracts: <batch>'");
        }
        return new Delivery(directory.getName(), directory, kind, retracts, files, sha256(bytes));
    }

    /**
     * Checks every named file's bytes against the marker: a missing file or a checksum that differs
     * (a copy cut short, a file replaced after the marker) is bad input, and nothing of the delivery is read.
     */
    public void verify(FileSystem fs) throws IOException {
        for (Map.Entry<String, String> f : files.entrySet()) {
            Path file = new Path(directory, f.getKey());
            if (!fs.exists(file)) {
                throw BreachImpactException.badInput("delivery " + name + ": " + file + " is named by its marker but missing");
            }
            String actual = sha256(fs, file);
            if (!actual.equals(f.getValue())) {
                throw BreachImpactException.badInput("delivery " + name + ": the SHA-256 of " + file + " is " + actual
                        + ", its marker says " + f.getValue() + " (a copy cut short or replaced?): the delivery was not taken");
            }
        }
    }

    /** Writes a batch's marker naming every regular file of the directory (what the agency's side does last). */
    public static void mark(FileSystem fs, Path directory, String markerName, Kind kind, Optional<String> retracts) throws IOException {
        StringBuilder text = new StringBuilder("# breach-impact delivery\nkind: ").append(kind.name().toLowerCase(java.util.Locale.ROOT)).append('\n');
        retracts.ifPresent(r -> text.append("retracts: ").append(r).append('\n'));
        List<FileStatus> statuses = new ArrayList<>(List.of(fs.exists(directory) ? fs.listStatus(directory) : new FileStatus[0]));
        statuses.sort(java.util.Comparator.comparing(s -> s.getPath().getName()));
        for (FileStatus s : statuses) {
            String name = s.getPath().getName();
            if (s.isFile() && !name.equals(markerName) && !name.startsWith(".") && !name.startsWith("_") && !name.endsWith(".crc")) {
                text.append(sha256(fs, s.getPath())).append("  ").append(name).append('\n');
            }
        }
        fs.mkdirs(directory);
        Path tmp = new Path(directory, "." + markerName + ".tmp");
        try (OutputStream out = fs.create(tmp, true)) {
            out.write(text.toString().getBytes(StandardCharsets.UTF_8));
        }
        if (!fs.rename(tmp, new Path(directory, markerName))) {
            throw new IOException("cannot move " + tmp + " into place");
        }
    }

    private static BreachImpactException bad(Path marker, int line, String what) {
        return BreachImpactException.badInput("delivery marker " + marker + ", line " + (line + 1) + ": " + what);
    }

    static String sha256(FileSystem fs, Path file) throws IOException {
        MessageDigest digest = newDigest();
        try (InputStream in = new DigestInputStream(fs.open(file), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(newDigest().digest(bytes));
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
