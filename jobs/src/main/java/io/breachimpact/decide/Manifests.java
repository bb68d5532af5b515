package io.breachimpact.decide;

import io.breachimpact.spark.HadoopConf;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.spark.api.java.function.ForeachPartitionFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The files the mail house, the SMS gateway and the email platform receive: one CSV per channel
 * (UTF-8, RFC 4180, CRLF), every cell neutralized against formula injection, readable by the owner
 * only, each with a SHA-256 sidecar ({@code email.csv.sha256}, in {@code sha256sum}'s format). They
 * are the only outputs that carry contact data. Written by one task each, streaming: a channel's
 * millions of rows never gather on the driver.
 */
public final class Manifests {
    private Manifests() {
    }

    /** The columns of each channel's file, in order. */
    public static final List<String> EMAIL = List.of("notification_id", "email", "template_id", "offer_code", "enrollment_code", "wave_date");
    public static final List<String> SMS = List.of("notification_id", "msisdn", "template_id", "offer_code", "enrollment_code", "wave_date");
    public static final List<String> LETTER = List.of("notification_id", "recipient", "name", "street_address", "postal_code", "city",
            "template_id", "offer_code", "enrollment_code", "wave_date");

    static final FsPermission OWNER_ONLY = new FsPermission((short) 0600);
    static final FsPermission OWNER_ONLY_DIR = new FsPermission((short) 0700);

    /** Writes {@code rows} (with exactly {@code columns}, as strings), in their order, to {@code file} and its sidecar. */
    public static void write(Dataset<Row> rows, List<String> columns, String file, HadoopConf hadoop) {
        Dataset<Row> ordered = rows.selectExpr(columns.stream().map(c -> "cast(" + c + " as string) as " + c).toArray(String[]::new))
                .coalesce(1);
        ordered.foreachPartition((ForeachPartitionFunction<Row>) it -> writePartition(it, columns, file, hadoop));
        try {
            Path path = new Path(file);
            if (!path.getFileSystem(hadoop.get()).exists(path)) {
                // Nothing to send has no partition to write it: the file still says so, with its header.
                writePartition(java.util.Collections.emptyIterator(), columns, file, hadoop);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static void writePartition(java.util.Iterator<Row> rows, List<String> columns, String file, HadoopConf hadoop) throws IOException {
        Path path = new Path(file);
        FileSystem fs = path.getFileSystem(hadoop.get());
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        fs.mkdirs(path.getParent(), OWNER_ONLY_DIR);
        // Created with owner-only permissions, before a byte of contact data is in it.
        try (OutputStream raw = fs.create(path, OWNER_ONLY, false, 1 << 16, fs.getDefaultReplication(path), fs.getDefaultBlockSize(path), null);
             DigestOutputStream digest = new DigestOutputStream(raw, sha);
             Writer writer = new OutputStreamWriter(digest, StandardCharsets.UTF_8);
             CSVPrinter csv = new CSVPrinter(writer, CSVFormat.RFC4180.builder().setHeader(columns.toArray(new String[0])).build())) {
            while (rows.hasNext()) {
                Row r = rows.next();
                for (int i = 0; i < columns.size(); i++) {
                    csv.print(CsvSafety.neutralize(r.isNullAt(i) ? "" : r.getString(i)));
                }
                csv.println();
            }
        }
        fs.setPermission(path, OWNER_ONLY);
        Path sidecar = new Path(file + ".sha256");
        try (OutputStream out = fs.create(sidecar, OWNER_ONLY, false, 4096, fs.getDefaultReplication(sidecar), fs.getDefaultBlockSize(sidecar), null)) {
            out.write((HexFormat.of().formatHex(sha.digest()) + "  " + path.getName() + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + sidecar, e);
        }
        fs.setPermission(sidecar, OWNER_ONLY);
    }
}
