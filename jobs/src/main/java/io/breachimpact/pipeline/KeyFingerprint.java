package io.breachimpact.pipeline;

import io.breachimpact.error.BreachImpactException;
import io.breachimpact.ingest.normalize.PersonKeys;
import io.breachimpact.spark.DeltaTables;
import io.breachimpact.spark.Lake;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * The lake remembers which person-key secret built it: a fingerprint of the key (never the key) in
 * {@code ops/key-fingerprint}, recorded on first use. A job run with another secret would give every
 * person a new id and notify everyone again: it is refused before it writes anything.
 */
public final class KeyFingerprint {
    private static final Logger LOG = LoggerFactory.getLogger(KeyFingerprint.class);

    private KeyFingerprint() {
    }

    /**
     * Checks the secret against the lake's fingerprint, recording it when the lake has none. A lake
     * built before fingerprints existed is checked against one of its persons (their ids are keyed).
     * Call with the lake's lock held.
     */
    public static void check(SparkSession spark, Lake lake, PersonKeys keys) {
        Path file = new Path(lake.keyFingerprint());
        String mine = keys.fingerprint();
        try {
            FileSystem fs = file.getFileSystem(spark.sparkContext().hadoopConfiguration());
            Optional<String> rekeying = read(fs, new Path(lake.rekeyInProgress()));
            if (rekeying.isPresent()) {
                throw BreachImpactException.config("a rekey of the lake " + lake.root() + " did not finish (" + rekeying.get()
                        + "): its ids are half carried over. Run `breach-impact rekey` again with the same old and new keys; nothing was written.");
            }
            Optional<String> recorded = read(fs, file);
            if (recorded.isPresent()) {
                if (!recorded.get().equals(mine)) {
                    throw refused(lake, "its fingerprint in " + file + " is " + recorded.get() + ", this key's is " + mine);
                }
                return;
            }
            checkAgainstPersons(spark, lake, keys);
            fs.mkdirs(file.getParent());
            fs.setWriteChecksum(false);
            try (OutputStream out = fs.create(file, false)) {
                out.write((mine + "\n").getBytes(StandardCharsets.US_ASCII));
            } catch (org.apache.hadoop.fs.FileAlreadyExistsException e) {
                check(spark, lake, keys); // recorded in between by another run: compare with it
                return;
            }
            LOG.info("recorded the person-key fingerprint {} in {}", mine, file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or record the key fingerprint " + file, e);
        }
    }

    /** Replaces the recorded fingerprint (the end of a rekey). */
    static void record(SparkSession spark, Lake lake, PersonKeys keys) {
        Path file = new Path(lake.keyFingerprint());
        try {
            FileSystem fs = file.getFileSystem(spark.sparkContext().hadoopConfiguration());
            fs.setWriteChecksum(false);
            Path tmp = new Path(file.getParent(), ".key-fingerprint.tmp");
            try (OutputStream out = fs.create(tmp, true)) {
                out.write((keys.fingerprint() + "\n").getBytes(StandardCharsets.US_ASCII));
            }
            fs.delete(file, false);
            if (!fs.rename(tmp, file)) {
                throw new IOException("cannot move " + tmp + " to " + file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record the key fingerprint " + file, e);
        }
    }

    /** The fingerprint the lake records, if any: for {@code status}. */
    public static Optional<String> recorded(SparkSession spark, Lake lake) {
        Path file = new Path(lake.keyFingerprint());
        try {
            return read(file.getFileSystem(spark.sparkContext().hadoopConfiguration()), file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the key fingerprint " + file, e);
        }
    }

    private static void checkAgainstPersons(SparkSession spark, Lake lake, PersonKeys keys) {
        if (!DeltaTables.exists(spark, lake.silverPersons())) {
            return;
        }
        List<Row> some = DeltaTables.read(spark, lake.silverPersons()).select("person_id", "anchor_record_id").limit(1).collectAsList();
        if (!some.isEmpty() && !keys.personId(some.get(0).getString(1)).equals(some.get(0).getString(0))) {
            throw refused(lake, "silver/persons holds ids made with another key");
        }
    }

    static Optional<String> read(FileSystem fs, Path file) throws IOException {
        if (!fs.exists(file)) {
            return Optional.empty();
        }
        try (InputStream in = fs.open(file)) {
            return Optional.of(new String(in.readAllBytes(), StandardCharsets.US_ASCII).strip());
        }
    }

    private static BreachImpactException refused(Lake lake, String detail) {
        return BreachImpactException.config("the person-key secret (" + PersonKeys.KEY_ENV + ") differs from the one the lake "
                + lake.root() + " was built with (" + detail + "): with it every person would get a new id and be notified again. "
                + "Nothing was written. Run with the lake's key; to change it on purpose, use `breach-impact rekey` (BREACH_IMPACT_OLD_KEY and BREACH_IMPACT_KEY).");
    }
}
