package io.breachimpact.pipeline;

import io.breachimpact.error.BreachImpactException;
import io.breachimpact.ingest.normalize.PersonKeys;
import io.breachimpact.spark.DeltaTables;
import io.breachimpact.spark.Lake;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.api.java.UDF5;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;

/**
 * Rotates the person-key secret without notifying anyone again: silver's person keys are made again
 * with the new key, every person id is carried to the id the new key gives its anchor record (persons,
 * their records, severity, decisions, the notification ledger), the enrollment codes already issued
 * are kept for their persons ({@code gold/carried_enrollment_codes}), and the lake's fingerprint becomes
 * the new key's. A marker says a rekey is under way: other jobs refuse to run until it ends, and a
 * rekey killed half-way is run again with the same keys (each step maps old ids only, so a step done
 * twice changes nothing).
 */
public final class RekeyJob {
    public static final JobName JOB = JobName.REKEY;

    /** The tables whose person ids are carried to the new key's. */
    private static final List<LakeTable> CARRIED = List.of(LakeTable.SILVER_PERSONS, LakeTable.SILVER_PERSON_RECORDS,
            LakeTable.SILVER_PERSON_LINKS, LakeTable.GOLD_SEVERITY, LakeTable.GOLD_DECISIONS, LakeTable.GOLD_NOTIFICATION_LEDGER);

    /** Every table a rekey rewrites. */
    private static final List<LakeTable> REWRITTEN = java.util.stream.Stream.concat(
            java.util.stream.Stream.of(LakeTable.SILVER_RECORDS, LakeTable.GOLD_CARRIED_ENROLLMENT_CODES), CARRIED.stream()).toList();

    private final Lake lake;
    private final PersonKeys oldKeys;
    private final PersonKeys newKeys;
    private final RunContext run;

    public RekeyJob(Lake lake, PersonKeys oldKeys, PersonKeys newKeys, RunContext run) {
        this.lake = lake;
        this.oldKeys = oldKeys;
        this.newKeys = newKeys;
        this.run = run;
    }

    /** Persons whose ids were carried over, per table rewritten. */
    public Map<String, Long> run(SparkSession spark) {
        run.tagCommits(spark);
        Timestamp started = new Timestamp(System.currentTimeMillis());
        String what = "from " + oldKeys.fingerprint() + " to " + newKeys.fingerprint();
        if (oldKeys.fingerprint().equals(newKeys.fingerprint())) {
            throw BreachImpactException.config("the new key is the old key: nothing to rotate");
        }
        FileSystem fs = fileSystem(spark);
        Path marker = new Path(lake.rekeyInProgress());
        try {
            Optional<String> underWay = KeyFingerprint.read(fs, marker);
            if (underWay.isPresent() && !underWay.get().equals(what)) {
                throw BreachImpactException.config("another rekey is under way (" + underWay.get() + "): finish it with its own keys first");
            }
            if (underWay.isEmpty()) {
                Optional<String> recorded = KeyFingerprint.read(fs, new Path(lake.keyFingerprint()));
                if (recorded.isPresent() && !recorded.get().equals(oldKeys.fingerprint())) {
                    throw BreachImpactException.config("the old key given is not the lake's (its fingerprint is " + recorded.get()
                            + ", the old key's " + oldKeys.fingerprint() + "): nothing was written");
                }
                if (recorded.isEmpty()) {
                    KeyFingerprint.check(spark, lake, oldKeys); // a lake without fingerprint: its persons say whether the old key is its
                }
                // A rekey records the versions it leaves: tables a killed run left must not pass for finished through it.
                RunLedger runs = new RunLedger(spark, lake);
                for (LakeTable t : CARRIED) {
                    if (DeltaTables.exists(spark, lake.path(t))) {
                        runs.requireFinished(t, "rekey");
                    }
                }
                fs.setWriteChecksum(false);
                try (OutputStream out = fs.create(marker, false)) {
                    out.write((what + "\n").getBytes(StandardCharsets.US_ASCII));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot mark the rekey under way in " + marker, e);
        }
        RunLedger ledger = new RunLedger(spark, lake);
        Map<String, Long> counts = ledger.track(run, JOB, null, started, what, new StageTimer(JOB.id()), () -> rekey(spark), c -> c, c -> rewritten(spark));
        KeyFingerprint.record(spark, lake, newKeys);
        try {
            fs.delete(marker, false);
        } catch (IOException e) {
            throw new UncheckedIOException("the rekey is done but its marker " + marker + " could not be deleted: delete it by hand", e);
        }
        return counts;
    }

    private Map<String, Long> rekey(SparkSession spark) {
        Map<String, Long> counts = new LinkedHashMap<>();
        PersonKeys next = newKeys;
        if (DeltaTables.exists(spark, lake.silverRecords())) {
            // A weak identity's key has its address as basis, as ingest made it.
            UserDefinedFunction personKey = udf((org.apache.spark.sql.api.java.UDF7<String, String, String, String, String, String, String,
                    String>) (surname, given, birth, email, phone, street, place) -> next.personKey(surname, given, birth, email, phone,
                    street == null ? null : io.breachimpact.ingest.normalize.Addresses.matchKey(street, place)), DataTypes.StringType);
            Dataset<Row> records = DeltaTables.read(spark, lake.silverRecords());
            Column weak = org.apache.spark.sql.functions.array_contains(col("quality_flags"), "WEAK_IDENTITY");
            Column key = personKey.apply(col("surname_key"), col("given_names_key"), date_format(col("birth_date"), "yyyy-MM-dd"),
                    col("email_key"), when(col("phone_valid"), col("phone_e164")), when(weak, col("street_address")),
                    org.apache.spark.sql.functions.coalesce(col("postal_code"), col("city")));
            DeltaTables.replace(records.withColumn("person_key", key).select(columns(records)), lake.silverRecords(), 3);
            counts.put("records", DeltaTables.read(spark, lake.silverRecords()).count());
            io.breachimpact.identity.StoredModel.keyRotated(spark, LakeTable.INTERNAL_MATCH_MODEL.path(lake),
                    DeltaTables.version(spark, lake.silverRecords()).orElseThrow());
        }
        if (!DeltaTables.exists(spark, lake.silverPersons())) {
            return counts;
        }
        // Old id → new id, from each person's anchor record: whichever of the two a table holds now.
        PersonKeys previous = oldKeys;
        UserDefinedFunction oldId = udf((UDF1<String, String>) previous::personId, DataTypes.StringType);
        UserDefinedFunction newId = udf((UDF1<String, String>) next::personId, DataTypes.StringType);
        Dataset<Row> ids = DeltaTables.read(spark, lake.silverPersons()).select(oldId.apply(col("anchor_record_id")).as("old_id"),
                newId.apply(col("anchor_record_id")).as("new_id")).localCheckpoint();
        // Codes sent out stay the persons' (before decisions are carried over: a rerun finds them under the new ids).
        if (DeltaTables.exists(spark, lake.goldDecisions())) {
            Dataset<Row> issued = carry(DeltaTables.read(spark, lake.goldDecisions()).filter(col("enrollment_code").isNotNull())
                    .select("person_id", "enrollment_code"), ids);
            if (DeltaTables.exists(spark, lake.goldCarriedEnrollmentCodes())) {
                Dataset<Row> before = carry(DeltaTables.read(spark, lake.goldCarriedEnrollmentCodes()), ids);
                issued = before.unionByName(issued.join(before.select("person_id"), "person_id", "left_anti"));
            }
            DeltaTables.replace(issued.localCheckpoint(), lake.goldCarriedEnrollmentCodes(), 1);
        }
        for (LakeTable t : CARRIED) {
            String path = lake.path(t);
            if (DeltaTables.exists(spark, path)) {
                Dataset<Row> table = DeltaTables.read(spark, path);
                Dataset<Row> carried = carry(table, ids).select(columns(table));
                // A person's digest hashes its id: computed again under the new one.
                if (t == LakeTable.SILVER_PERSONS && List.of(table.columns()).contains(io.breachimpact.identity.PersonDigest.COLUMN)) {
                    carried = io.breachimpact.identity.PersonDigest.withDigest(carried).select(columns(table));
                }
                DeltaTables.replace(carried.localCheckpoint(), path, t.statisticsColumns());
                counts.put(t.location(), DeltaTables.read(spark, path).count());
            }
        }
        return counts;
    }

    /** The versions rekey left its tables at: what jobs that read them check they still hold. */
    private Map<String, Long> rewritten(SparkSession spark) {
        Map<String, Long> versions = new LinkedHashMap<>();
        for (LakeTable t : REWRITTEN) {
            DeltaTables.version(spark, lake.path(t)).ifPresent(v -> versions.put(t.location(), v));
        }
        return versions;
    }

    /** The rows with their person ids carried to the new key's (rows already carried, or of no current person, as they are). */
    private static Dataset<Row> carry(Dataset<Row> rows, Dataset<Row> ids) {
        return rows.join(ids, rows.col("person_id").equalTo(ids.col("old_id")), "left")
                .withColumn("person_id", coalesce(col("new_id"), col("person_id"))).drop("old_id", "new_id");
    }

    private static Column[] columns(Dataset<Row> table) {
        return List.of(table.columns()).stream().map(org.apache.spark.sql.functions::col).toArray(Column[]::new);
    }

    private FileSystem fileSystem(SparkSession spark) {
        try {
            return new Path(lake.root()).getFileSystem(spark.sparkContext().hadoopConfiguration());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
