package io.breachimpact.pipeline;

import io.breachimpact.spark.Lake;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every Delta table of the lake, declared once: where it lives under the lake root (also the name the
 * run ledger records its versions under), the job that writes it, who may read it, how many leading
 * columns carry data-skipping statistics, and the columns it promises its readers. In the order the
 * chain writes them.
 */
public enum LakeTable {
    BRONZE_RECORDS("bronze/records", JobName.INGEST, Audience.CONTACTS, 4, "batch_id STRING, batch_seq BIGINT, source_file STRING, "
            + "line_number BIGINT, line_count INT, record_id STRING, account_id STRING, surname STRING, given_names STRING, birth_date STRING, "
            + "email STRING, phone STRING, street_address STRING, postal_code STRING, city STRING, document_type STRING, "
            + "document_number STRING, request_date STRING, column_count INT, parse_problem STRING, raw_text STRING, ingested_at TIMESTAMP, "
            + "line_repairs ARRAY<STRING>"),
    SILVER_RECORDS("silver/records", JobName.INGEST, Audience.CONTACTS, 3, "record_id STRING, account_id STRING, person_key STRING, "
            + "surname STRING, given_names STRING, birth_date DATE, age INT, age_band STRING, minor BOOLEAN, email STRING, phone_e164 STRING, "
            + "street_address STRING, postal_code STRING, city STRING, departement_code STRING, region_code STRING, document_type STRING, "
            + "document_number STRING, request_date DATE, data_classes ARRAY<STRING>, contact_channels ARRAY<STRING>, "
            + "quality_flags ARRAY<STRING>, batch_id STRING, batch_seq BIGINT, source_file STRING, line_number BIGINT, content_hash STRING"),
    SILVER_QUARANTINE("silver/quarantine", JobName.INGEST, Audience.CONTACTS, 4, "batch_id STRING, batch_seq BIGINT, source_file STRING, "
            + "line_number BIGINT, record_id STRING, reasons ARRAY<STRING>, message STRING, raw_text STRING"),
    SILVER_PERSONS("silver/persons", JobName.RESOLVE, Audience.CONTACTS, 2, "person_id STRING, anchor_record_id STRING, "
            + "record_ids ARRAY<STRING>, record_count INT, documents_held ARRAY<STRING>, data_classes ARRAY<STRING>, surname STRING, "
            + "given_names STRING, age INT, age_band STRING, minor BOOLEAN, email STRING, mobile_phone STRING, street_address STRING, "
            + "postal_code STRING, city STRING, departement_code STRING, region_code STRING, contact_channels ARRAY<STRING>, "
            + "quality_flags ARRAY<STRING>, links ARRAY<STRUCT<record_a: STRING, record_b: STRING, rule: STRING, weight: DOUBLE, "
            + "comparison: INT, birth_date_imputed: BOOLEAN>>, record_digests ARRAY<BIGINT>, record_blocks ARRAY<DATE>, "
            + "row_digest BIGINT"),
    SILVER_PERSON_RECORDS("silver/person_records", JobName.RESOLVE, Audience.INTERNAL, 2, "record_id STRING, person_id STRING"),
    /** One link that made a person: the two records, the rule that paired them, the weight, each field's agreement (levels, never values). */
    SILVER_PERSON_LINKS("silver/person_links", JobName.RESOLVE, Audience.INTERNAL, 3, "person_id STRING, record_a STRING, record_b STRING, "
            + "rule STRING, weight DOUBLE, probability DOUBLE, surname_agreement STRING, given_names_agreement STRING, "
            + "birth_date_agreement STRING, address_agreement STRING, email_agreement STRING, phone_agreement STRING, "
            + "account_agreement STRING, document_agreement STRING, birth_date_imputed BOOLEAN"),
    /**
     * The match model resolve trained and uses again until the records change by more than
     * resolve.model.retrain-after-change: one row. Its term frequencies are surnames (held by five
     * records or more), hence the audience.
     */
    INTERNAL_MATCH_MODEL("internal/match_model", JobName.RESOLVE, Audience.CONTACTS, 1, "training_key STRING, records BIGINT, "
            + "silver_version BIGINT, changed_records BIGINT, training_records BIGINT, candidate_pairs DOUBLE, iterations INT, prior_bits DOUBLE, "
            + "m ARRAY<ARRAY<DOUBLE>>, u ARRAY<ARRAY<DOUBLE>>, surname_frequency MAP<STRING, DOUBLE>, rarest_surname DOUBLE, "
            + "trained_at TIMESTAMP"),
    /**
     * The birth-date slip search resolve keeps for its next run: per contact key (a 64-bit hash of an
     * email, phone, account or document), the pairs of records (node fingerprints) it finds, or nulls for
     * a placeholder. Hashes of contacts, hence the audience.
     */
    INTERNAL_BIRTH_DATE_SLIPS("internal/birth_date_slips", JobName.RESOLVE, Audience.CONTACTS, 1, "slip_key BIGINT, node_a BIGINT, node_b BIGINT"),
    GOLD_SEVERITY("gold/severity", JobName.EXPOSURE, Audience.INTERNAL, 2, "person_id STRING, region_code STRING, departement_code STRING, "
            + "age_band STRING, minor BOOLEAN, record_count INT, data_classes ARRAY<STRING>, documents_held ARRAY<STRING>, "
            + "factors ARRAY<STRING>, score DECIMAL(10,4), level STRING, explanation STRING, policy_version STRING"),
    INTERNAL_EXPOSURE("internal/exposure_unsuppressed", JobName.EXPOSURE, Audience.INTERNAL, 5, Contract.CUBE),
    /**
     * The persons counted by région, département, age band and exact set of data classes, unsuppressed:
     * what every single-valued figure of the cube's roll-ups adds up from, kept so that a night adds
     * the changed persons' new rows and takes their former rows out instead of counting every person.
     */
    INTERNAL_PERSON_CELLS("internal/exposure_person_cells", JobName.EXPOSURE, Audience.INTERNAL, 4, "region_code STRING, "
            + "departement_code STRING, age_band STRING, data_classes ARRAY<STRING>, persons BIGINT, records BIGINT, low BIGINT, "
            + "medium BIGINT, high BIGINT, very_high BIGINT, documents BIGINT"),
    /** The (person, document type) pairs by région, département, age band and document type, per data class and level: the cube's cells, kept as above. */
    INTERNAL_DOCUMENT_CELLS("internal/exposure_document_cells", JobName.EXPOSURE, Audience.INTERNAL, 4, "region_code STRING, "
            + "departement_code STRING, age_band STRING, document_type STRING, persons BIGINT, records BIGINT, low BIGINT, "
            + "medium BIGINT, high BIGINT, very_high BIGINT"),
    GOLD_EXPOSURE("gold/exposure", JobName.EXPOSURE, Audience.PUBLISHED, 5, Contract.CUBE + Contract.PUBLISHED),
    GOLD_EXPOSURE_ROLLUPS("gold/exposure_rollups", JobName.EXPOSURE, Audience.PUBLISHED, 2, "rollup STRING, " + Contract.CUBE
            + Contract.PUBLISHED),
    GOLD_EXPOSURE_COMBINATIONS("gold/exposure_combinations", JobName.EXPOSURE, Audience.PUBLISHED, 1, "combination STRING, persons BIGINT, "
            + "records BIGINT" + Contract.PUBLISHED),
    GOLD_DECISIONS("gold/decisions", JobName.DECIDE, Audience.INTERNAL, 2, "person_id STRING, score DECIMAL(10,4), level STRING, "
            + "outcome STRING, channel STRING, recipient STRING, offer_code STRING, extra_letter BOOLEAN, template_id STRING, "
            + "letter_template_id STRING, reasons ARRAY<STRING>, policy_version STRING, enrollment_code STRING, issued_kind STRING, "
            + "issued_wave_date DATE, issued_notification_id STRING"),
    GOLD_OFFER_BUDGET("gold/offer_budget", JobName.DECIDE, Audience.PUBLISHED, 1, "offer_code STRING, offer_name STRING, months INT, "
            + "unit_cost_per_month DECIMAL(12,2), currency STRING, scenario STRING, take_up DOUBLE, eligible_persons BIGINT, "
            + "expected_enrolments BIGINT, budget DECIMAL(18,2), policy_version STRING"),
    /** Statistics on the ids only: min/max of every column cost a fifth of an append (measured). */
    GOLD_NOTIFICATION_LEDGER("gold/notification_ledger", JobName.DECIDE, Audience.INTERNAL, 2, "notification_id STRING, person_id STRING, "
            + "send STRING, kind STRING, channel STRING, recipient STRING, template_id STRING, offer_code STRING, level STRING, "
            + "level_rank INT, data_classes ARRAY<STRING>, content_hash STRING, wave INT, wave_date DATE, issued_run_id STRING, "
            + "issued_at TIMESTAMP, policy_version STRING"),
    GOLD_CARRIED_ENROLLMENT_CODES("gold/carried_enrollment_codes", JobName.REKEY, Audience.INTERNAL, 1,
            "person_id STRING, enrollment_code STRING"),
    /** Corrections of identity resolution (an appeal: two records that are not one human); resolve honours every one. */
    OPS_CORRECTIONS("ops/corrections", JobName.CORRECT, Audience.OPERATIONS, 2, "correction_id STRING, kind STRING, record_a STRING, "
            + "record_b STRING, reason STRING, recorded_at TIMESTAMP, run_id STRING"),
    /** One row per run of any job; every job appends to it. */
    OPS_RUNS("ops/runs", null, Audience.OPERATIONS, 4, "run_id STRING, job STRING, batch_id STRING, status STRING, started_at TIMESTAMP, "
            + "finished_at TIMESTAMP, duration_ms BIGINT, profile STRING, config_hash STRING, input_fingerprint STRING, "
            + "table_versions MAP<STRING, BIGINT>, counts MAP<STRING, BIGINT>, message STRING");

    /** Column sets several tables share. */
    private static final class Contract {
        static final String CUBE = "region_code STRING, departement_code STRING, age_band STRING, data_class STRING, document_type STRING, "
                + "persons BIGINT, records BIGINT, low BIGINT, medium BIGINT, high BIGINT, very_high BIGINT, population BIGINT, "
                + "rate_per_1000 DOUBLE";
        static final String PUBLISHED = ", suppressed BOOLEAN, suppression STRING, policy_version STRING";
    }

    /** Who may read a table: what it carries decides where it may go. */
    public enum Audience {
        /** Small cells suppressed: may leave the agency (reports, the regulator, open data). */
        PUBLISHED,
        /** No direct identifier (person ids are keyed hashes): analysts and auditors inside the agency. */
        INTERNAL,
        /** Names, emails, phones or postal addresses of the victims: the pipeline's own, never exported or shown. */
        CONTACTS,
        /** The runs' own records: what ran, when, with which counts. */
        OPERATIONS
    }

    private final String location;
    private final JobName writer;
    private final Audience audience;
    private final int statisticsColumns;
    private final String columns;

    LakeTable(String location, JobName writer, Audience audience, int statisticsColumns, String columns) {
        this.location = location;
        this.writer = writer;
        this.audience = audience;
        this.statisticsColumns = statisticsColumns;
        this.columns = columns;
    }

    /** Where it lives under the lake root, and the name the run ledger records its versions under. */
    public String location() {
        return location;
    }

    /** The job that writes it ({@code null} for ops/runs, which every job appends to). */
    public JobName writer() {
        return writer;
    }

    /**
     * Every job that changes its rows: its writer, a retraction for what ingest writes (it takes a batch
     * back out of them), and a rekey, which rewrites the tables under a new secret.
     */
    public JobName[] rowWriters() {
        return writer == JobName.INGEST ? new JobName[] {writer, JobName.RETRACT, JobName.REKEY} : new JobName[] {writer, JobName.REKEY};
    }

    public Audience audience() {
        return audience;
    }

    /** How many leading columns carry min/max statistics: lineage and ids, not long texts nobody filters on. */
    public int statisticsColumns() {
        return statisticsColumns;
    }

    /**
     * The columns other jobs, the reports and the notebooks read, with their types: what the table
     * promises. A table may hold more (a job's own working columns); it may not lose or retype these.
     */
    public StructType columns() {
        return StructType.fromDDL(columns);
    }

    /**
     * What a write would break of the table's promise: declared columns missing or of another type
     * (nullability apart). Empty when the rows keep it.
     */
    public List<String> breaches(StructType written) {
        List<String> breaches = new java.util.ArrayList<>();
        for (StructField promised : columns().fields()) {
            java.util.Optional<StructField> found = Arrays.stream(written.fields()).filter(f -> f.name().equals(promised.name())).findFirst();
            if (found.isEmpty()) {
                breaches.add(promised.name() + " missing");
            } else if (!found.get().dataType().sameType(promised.dataType())) {
                breaches.add(promised.name() + " is " + found.get().dataType().simpleString() + ", not " + promised.dataType().simpleString());
            }
        }
        return breaches;
    }

    public String path(Lake lake) {
        return lake.root() + "/" + location;
    }

    @Override
    public String toString() {
        return location;
    }

    /** The tables of the lake's data (all but the run ledger). */
    public static List<LakeTable> data() {
        return Arrays.stream(values()).filter(t -> t != OPS_RUNS).toList();
    }

    /** The tables a job writes. */
    public static List<LakeTable> writtenBy(JobName job) {
        return Arrays.stream(values()).filter(t -> t.writer == job).toList();
    }

    /** Paths by ledger name, in catalogue order. */
    public static Map<String, String> paths(Lake lake, List<LakeTable> tables) {
        Map<String, String> paths = new LinkedHashMap<>();
        tables.forEach(t -> paths.put(t.location, t.path(lake)));
        return paths;
    }
}
