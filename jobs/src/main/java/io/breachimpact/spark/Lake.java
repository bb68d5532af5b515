package io.breachimpact.spark;

import io.breachimpact.config.AppConfig;
import io.breachimpact.pipeline.LakeTable;

/**
 * Where tables (as the {@link LakeTable} catalogue declares them) and outputs live under the lake root
 * (a local directory, or a Hadoop file system URI on a cluster).
 */
public final class Lake {
    private final String root;

    public Lake(String root) {
        this.root = root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
    }

    public static Lake of(AppConfig config) {
        return new Lake(config.lakeRoot());
    }

    public String root() {
        return root;
    }

    /** A raw batch of the dump, as obtained. */
    public String raw(String batch) {
        return root + "/raw/" + batch;
    }

    public String bronzeRecords() {
        return path(LakeTable.BRONZE_RECORDS);
    }

    public String silverRecords() {
        return path(LakeTable.SILVER_RECORDS);
    }

    public String silverQuarantine() {
        return path(LakeTable.SILVER_QUARANTINE);
    }

    public String silverPersons() {
        return path(LakeTable.SILVER_PERSONS);
    }

    /** Which person each silver record belongs to (the resolve job's link table). */
    public String silverPersonRecords() {
        return path(LakeTable.SILVER_PERSON_RECORDS);
    }

    /** Per person: severity score, level and the factors behind them. No direct identifiers. */
    public String goldSeverity() {
        return path(LakeTable.GOLD_SEVERITY);
    }

    /** The published exposure cube (small cells suppressed). */
    public String goldExposure() {
        return path(LakeTable.GOLD_EXPOSURE);
    }

    /** The published roll-ups of the cube, one {@code rollup} value per table view. */
    public String goldExposureRollups() {
        return path(LakeTable.GOLD_EXPOSURE_ROLLUPS);
    }

    /** The published data-class combinations. */
    public String goldExposureCombinations() {
        return path(LakeTable.GOLD_EXPOSURE_COMBINATIONS);
    }

    /** The cube before suppression: never published, kept for audits and reconciliation. */
    public String internalExposure() {
        return path(LakeTable.INTERNAL_EXPOSURE);
    }

    /** One row per person: outcome, channel, recipient, template, offer, wave; carries contacts. */
    public String goldDecisions() {
        return path(LakeTable.GOLD_DECISIONS);
    }

    /** Every notification ever issued. */
    public String goldNotificationLedger() {
        return path(LakeTable.GOLD_NOTIFICATION_LEDGER);
    }

    /** Expected enrolments and budget per offer tier and take-up scenario. */
    public String goldOfferBudget() {
        return path(LakeTable.GOLD_OFFER_BUDGET);
    }

    /** A run's outputs for people: reports, manifests, the regulator's notification. */
    public String reports(String runId) {
        return root + "/reports/" + runId;
    }

    public String opsRuns() {
        return path(LakeTable.OPS_RUNS);
    }

    /** The lease file of the run that writes the lake now. */
    public String lock() {
        return root + "/ops/lock";
    }

    /** A fingerprint of the person-key secret the lake was built with (never the key). */
    public String keyFingerprint() {
        return root + "/ops/key-fingerprint";
    }

    /** Enrollment codes issued under an earlier person-key secret, carried over by {@code rekey} (person id → code). */
    public String goldCarriedEnrollmentCodes() {
        return path(LakeTable.GOLD_CARRIED_ENROLLMENT_CODES);
    }

    /** Present while a {@code rekey} is under way: every other job refuses to run. */
    public String rekeyInProgress() {
        return root + "/ops/rekey-in-progress";
    }

    /** Where the mail house, the SMS gateway and the email platform take manifests: one directory per issuing run. */
    public String outbox() {
        return root + "/outbox";
    }

    /** The default landing area of the nightly: delivered batches, one sub-directory each. */
    public String landing() {
        return root + "/landing";
    }

    /** Where a table of the catalogue lives under this root. */
    public String path(LakeTable table) {
        return table.path(this);
    }

    /**
     * Every Delta table of the lake but the run ledger, by the name the ledger records it under, in
     * the order the chain writes them: what a nightly compares to know whether anything changed.
     */
    public java.util.Map<String, String> tables() {
        return LakeTable.paths(this, LakeTable.data());
    }

    /** Files the local profile keeps for itself (the development person key). Never on a cluster. */
    public String local(String name) {
        return root + "/_local/" + name;
    }

    /** The generator's ground truth for a synthetic batch: kept apart from the dump it describes. */
    public String groundTruth(String batch) {
        return root + "/ground-truth/" + batch;
    }
}
