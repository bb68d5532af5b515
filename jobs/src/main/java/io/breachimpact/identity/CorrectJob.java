package io.breachimpact.identity;

import io.breachimpact.error.BreachImpactException;
import io.breachimpact.pipeline.CountKey;
import io.breachimpact.pipeline.Counts;
import io.breachimpact.pipeline.JobName;
import io.breachimpact.pipeline.JobScope;
import io.breachimpact.pipeline.LakeJob;
import io.breachimpact.pipeline.LakeTable;
import io.breachimpact.pipeline.RunLedger;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

import static org.apache.spark.sql.functions.col;

/**
 * Records that two records are not one human (an appeal: "these are not both me"), in
 * {@code ops/corrections}. Every later resolve keeps them in different persons, whatever their
 * comparison says, and the change of that table makes the next nightly resolve again. Both records
 * must be in silver/records. The same correction recorded twice is one correction: its id is the
 * pair's.
 */
public final class CorrectJob implements LakeJob<CorrectJob.Result> {
    public static final JobName JOB = JobName.CORRECT;
    /** Long enough for a case reference and a word of why; a reason is no place for a victim's details. */
    static final int MAX_REASON = 200;

    public enum Count implements CountKey {
        RECORDED
    }

    /** The correction's id, and whether this run recorded it (false: it was already there). */
    public record Result(boolean skipped, String correctionId, boolean recorded) {
    }

    private final String recordA;
    private final String recordB;
    private final String reason;

    public CorrectJob(String recordA, String recordB, String reason) {
        if (recordA == null || recordB == null || recordA.isBlank() || recordB.isBlank()) {
            throw BreachImpactException.config("--not-same needs two record ids: --not-same RECORD_ID,RECORD_ID");
        }
        if (recordA.strip().equals(recordB.strip())) {
            throw BreachImpactException.config("--not-same names record " + recordA.strip() + " twice: a record is always its own human");
        }
        if (reason == null || reason.isBlank()) {
            throw BreachImpactException.config("--reason is required: the appeal's reference, for whoever reads the corrections later");
        }
        if (reason.strip().length() > MAX_REASON) {
            throw BreachImpactException.config("--reason is " + reason.strip().length() + " characters; at most " + MAX_REASON
                    + " (a case reference, not the person's details)");
        }
        String a = recordA.strip();
        String b = recordB.strip();
        this.recordA = a.compareTo(b) < 0 ? a : b;
        this.recordB = a.compareTo(b) < 0 ? b : a;
        this.reason = reason.strip();
    }

    /** The same pair, the same id: recording it again changes nothing. */
    public String correctionId() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest((Corrections.NOT_SAME_HUMAN + "|" + recordA + "|" + recordB)
                    .getBytes(StandardCharsets.UTF_8));
            return "c-" + HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public JobName name() {
        return JOB;
    }

    @Override
    public List<LakeTable> inputs() {
        return List.of(LakeTable.SILVER_RECORDS);
    }

    @Override
    public String dependsOn() {
        return "correction " + correctionId();
    }

    @Override
    public boolean unchanged(JobScope scope, RunLedger.Run previous, String fingerprint) {
        return false; // whether it is recorded is the table's to say, not the last run's
    }

    @Override
    public Result skipped(JobScope scope, RunLedger.Run previous) {
        return new Result(true, correctionId(), false);
    }

    @Override
    public Counts counts(Result result) {
        return new Counts().put(Count.RECORDED, result.recorded() ? 1 : 0);
    }

    @Override
    public Result work(JobScope scope) {
        scope.stage("check", "the records exist");
        Set<String> found = new java.util.HashSet<>();
        for (Row r : scope.read(LakeTable.SILVER_RECORDS).filter(col("record_id").isin(recordA, recordB)).select("record_id").distinct()
                .collectAsList()) {
            found.add(r.getString(0));
        }
        List<String> missing = List.of(recordA, recordB).stream().filter(id -> !found.contains(id)).toList();
        if (!missing.isEmpty()) {
            throw BreachImpactException.config("no record " + String.join(", no record ", missing)
                    + " in silver/records: give the record ids `explain --person` prints");
        }
        String id = correctionId();
        if (scope.exists(LakeTable.OPS_CORRECTIONS)
                && !scope.read(LakeTable.OPS_CORRECTIONS).filter(col("correction_id").equalTo(id)).isEmpty()) {
            return new Result(false, id, false);
        }
        scope.stage("record", "append to ops/corrections");
        Dataset<Row> row = scope.spark().createDataFrame(List.of(RowFactory.create(id, Corrections.NOT_SAME_HUMAN, recordA, recordB, reason,
                new Timestamp(System.currentTimeMillis()), scope.run().runId())), LakeTable.OPS_CORRECTIONS.columns());
        scope.append(LakeTable.OPS_CORRECTIONS, row);
        return new Result(false, id, true);
    }
}
