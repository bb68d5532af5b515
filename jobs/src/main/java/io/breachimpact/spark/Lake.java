package io.breachimpact.spark;

import io.breachimpact.config.AppConfig;

/**
 * The one place that knows where tables and outputs live under the lake root
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
        return root + "/bronze/records";
    }

    public String silverRecords() {
        return root + "/silver/records";
    }

    public String silverQuarantine() {
        return root + "/silver/quarantine";
    }

    public String silverPersons() {
        return root + "/silver/persons";
    }

    /** Which person each silver record belongs to (the resolve job's link table). */
    public String silverPersonRecords() {
        return root + "/silver/person_records";
    }

    /** Per person: severity score, level and the factors behind them. No direct identifiers. */
    public String goldSeverity() {
        return root + "/gold/severity";
    }

    /** The published exposure cube (small cells suppressed). */
    public String goldExposure() {
        return root + "/gold/exposure";
    }

    /** The published roll-ups of the cube, one {@code rollup} value per table view. */
    public String goldExposureRollups() {
        return root + "/gold/exposure_rollups";
    }

    /** The published data-class combinations. */
    public String goldExposureCombinations() {
        return root + "/gold/exposure_combinations";
    }

    /** The cube before suppression: never published, kept for audits and reconciliation. */
    public String internalExposure() {
        return root + "/internal/exposure_unsuppressed";
    }

    /** One row per person: outcome, channel, recipient, template, offer, wave; carries contacts. */
    public String goldDecisions() {
        return root + "/gold/decisions";
    }

    /** Every notification ever issued. */
    public String goldNotificationLedger() {
        return root + "/gold/notification_ledger";
    }

    /** Expected enrolments and budget per offer tier and take-up scenario. */
    public String goldOfferBudget() {
        return root + "/gold/offer_budget";
    }

    /** A run's outputs for people: reports, manifests, the regulator's notification. */
    public String reports(String runId) {
        return root + "/reports/" + runId;
    }

    public String opsRuns() {
        return root + "/ops/runs";
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
        return root + "/gold/carried_enrollment_codes";
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

    /** The tables ingest writes, by the name the run ledger records them under. */
    public java.util.Map<String, String> ingestTables() {
        java.util.Map<String, String> tables = new java.util.LinkedHashMap<>();
        tables.put("bronze/records", bronzeRecords());
        tables.put("silver/records", silverRecords());
        tables.put("silver/quarantine", silverQuarantine());
        return tables;
    }

    /**
     * Every Delta table of the lake but the run ledger, by the name the ledger records it under, in
     * the order the chain writes them: what a nightly compares to know whether anything changed.
     */
    public java.util.Map<String, String> tables() {
        java.util.Map<String, String> tables = new java.util.LinkedHashMap<>(ingestTables());
        tables.put("silver/persons", silverPersons());
        tables.put("silver/person_records", silverPersonRecords());
        tables.put("gold/severity", goldSeverity());
        tables.put("internal/exposure_unsuppressed", internalExposure());
        tables.put("gold/exposure", goldExposure());
        tables.put("gold/exposure_rollups", goldExposureRollups());
        tables.put("gold/exposure_combinations", goldExposureCombinations());
        tables.put("gold/decisions", goldDecisions());
        tables.put("gold/offer_budget", goldOfferBudget());
        tables.put("gold/notification_ledger", goldNotificationLedger());
        return tables;
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
