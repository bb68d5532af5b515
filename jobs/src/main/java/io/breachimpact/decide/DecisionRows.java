package io.breachimpact.decide;

import io.breachimpact.exposure.Severity;
import io.breachimpact.exposure.SeverityPolicy;
import io.breachimpact.ingest.normalize.PersonKeys;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.split;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;

/**
 * decide's transformations, without reads or writes: persons → one work row per person and per send
 * (scored, decided, classified against the ledger, with the contacts each send needs), and the work
 * rows once waved → the decisions table, each channel's manifest rows and the ledger's new rows.
 */
final class DecisionRows {
    private DecisionRows() {
    }

    /** What the rules read of a person (email and mobile: whether they exist; the manifests then carry them for the sends). */
    static final List<String> RULE_INPUT = List.of("person_id", "record_count", "data_classes", "minor", "age",
            "contact_channels", "quality_flags", "email", "mobile_phone");

    /** What the manifests need besides email and mobile: carried on this run's sends only, never into a table. */
    static final List<String> ADDRESS = List.of("given_names", "surname", "street_address", "postal_code", "city");

    /** What silver/persons must hold for decide. */
    static List<String> personColumns() {
        List<String> read = new ArrayList<>(RULE_INPUT);
        read.addAll(ADDRESS);
        read.add("documents_held");
        return read;
    }

    /**
     * gold/decisions: one row per person, no contact data. What the person is (data classes, minor,
     * records) stays in gold/severity, under the same person id: the decisions table says what is done.
     */
    static final List<String> DECISION_COLUMNS = List.of("person_id", "score", "level", "outcome", "channel", "recipient",
            "offer_code", "extra_letter", "template_id", "letter_template_id", "reasons", "policy_version", "enrollment_code");

    /** gold/decisions' columns: the decision's, then the person's latest notice. */
    static final List<String> TABLE_COLUMNS = java.util.stream.Stream.concat(DECISION_COLUMNS.stream(),
            java.util.stream.Stream.of("issued_kind", "issued_wave_date", "issued_notification_id")).toList();

    /** What a send tells: the person's data classes, comma-separated (text in the work rows, an array in the ledger). */
    static final String TOLD_CLASSES = "told_classes";

    /** What the tables and manifests read of the rows; the rest of what the rules read is not kept. */
    static final List<String> WORK_COLUMNS = List.of("person_id", "score", "level", "outcome", "channel", "recipient", "offer_code",
            "extra_letter", "template_id", "letter_template_id", Decisions.REASONS_TEXT, "enrollment_code", "kind", "content_hash", "send",
            "queue", "send_template_id", "notification_id", TOLD_CLASSES, NotificationLedger.LAST_KIND, NotificationLedger.LAST_WAVE_DATE,
            NotificationLedger.LAST_NOTIFICATION_ID, "email", "mobile_phone", "given_names", "surname", "street_address",
            "postal_code", "city");

    /**
     * Persons → work rows. Each person's severity is scored again, by exposure's own function, rather than
     * joined from gold/severity: no shuffle of 13 million persons (measured at 19M: the stage went from 132
     * to 96 s); {@code person_check} and the scores, summed by {@link DecisionSums}, are checked against
     * gold/severity before anything is issued. Names and addresses are kept for persons with a notice
     * only, and on the sends of the channel that uses them.
     *
     * @param carriedCodes enrollment codes sent out under an earlier secret (rekey), which stay the person's
     * @param ledger       every notification issued so far, if any
     */
    static Dataset<Row> rows(Dataset<Row> persons, SeverityPolicy severity, DecisionPolicy policy, PersonKeys keys,
                             Optional<Dataset<Row>> carriedCodes, Optional<Dataset<Row>> ledger) {
        List<String> scoredColumns = new ArrayList<>(RULE_INPUT);
        scoredColumns.addAll(ADDRESS);
        scoredColumns.addAll(List.of("score", "level", Severity.CLASS_MASK));
        Dataset<Row> input = Severity.score(Severity.withMasks(persons.select(columns(personColumns()))), severity)
                .select(columns(scoredColumns));
        Dataset<Row> decided = Decisions.decide(input.withColumn("person_check", personCheck()), policy);
        decided = withEnrollmentCodes(decided, policy, keys, carriedCodes);
        List<String> contacts = new ArrayList<>(List.of("email", "mobile_phone"));
        contacts.addAll(ADDRESS);
        for (String c : contacts) {
            decided = decided.withColumn(c, when(col("outcome").equalTo(Decisions.NOTICE), col(c)));
        }
        // The data classes ride along for the ledger (what each send told), on sends only; a contact only
        // on the sends of the channel that uses it.
        Map<String, List<String>> contactsByQueue = Map.of("EMAIL", List.of("email"), "SMS", List.of("mobile_phone"), "LETTER", ADDRESS);
        Dataset<Row> classified = NotificationLedger.classify(decided, ledger.orElse(null))
                .withColumn(TOLD_CLASSES, concat_ws(",", col("data_classes")));
        return SendQueue.rows(classified, List.of(TOLD_CLASSES), contactsByQueue, policy.followUpPrefix());
    }

    /** The work columns kept of the rows (after the checks are observed on them). */
    static Dataset<Row> workColumns(Dataset<Row> rows) {
        return rows.select(columns(WORK_COLUMNS));
    }

    /** Paid offers get a code derived from the person id, or the one an earlier secret's run sent them. */
    static Dataset<Row> withEnrollmentCodes(Dataset<Row> decided, DecisionPolicy policy, PersonKeys keys, Optional<Dataset<Row>> carriedCodes) {
        Column paid = lit(false);
        for (DecisionPolicy.Tier tier : policy.tiers()) {
            if (tier.months() > 0) {
                paid = paid.or(col("offer_code").equalTo(tier.code()));
            }
        }
        UserDefinedFunction code = udf((UDF1<String, String>) keys::enrollmentCode, DataTypes.StringType);
        Dataset<Row> coded = decided.withColumn("enrollment_code", when(paid, code.apply(col("person_id"))));
        if (carriedCodes.isEmpty()) {
            return coded;
        }
        Dataset<Row> carried = carriedCodes.get().select(col("person_id").as("carried_person_id"), col("enrollment_code").as("carried_code"));
        return coded.join(carried, coded.col("person_id").equalTo(carried.col("carried_person_id")), "left")
                .withColumn("enrollment_code", when(paid, coalesce(col("carried_code"), col("enrollment_code"))))
                .drop("carried_person_id", "carried_code");
    }

    /** A person's hash of what gold/severity copies of it: records, minor, data classes (sorted, as resolve writes them). */
    static Column personCheck() {
        return DecisionSums.checksum(col("person_id"), col("record_count"), col("minor"), col("data_classes"));
    }

    /**
     * Waved work rows → gold/decisions: one row per person, the latest notice issued to them (by this run
     * or an earlier one: a run that issues nothing new leaves the table as it was), no contact.
     */
    static Dataset<Row> decisionsTable(Dataset<Row> waved, String policyVersion) {
        Column issued = col("send").isNotNull();
        List<Column> tableColumns = new ArrayList<>();
        DECISION_COLUMNS.forEach(c -> tableColumns.add(c.equals("policy_version") ? lit(policyVersion).as(c)
                : c.equals("reasons") ? list(col(Decisions.REASONS_TEXT)).as(c) : col(c)));
        tableColumns.add(when(issued, col("kind")).otherwise(col(NotificationLedger.LAST_KIND)).as("issued_kind"));
        tableColumns.add(when(issued, col("wave_date")).otherwise(col(NotificationLedger.LAST_WAVE_DATE)).as("issued_wave_date"));
        tableColumns.add(when(issued, col("notification_id")).otherwise(col(NotificationLedger.LAST_NOTIFICATION_ID)).as("issued_notification_id"));
        return SendQueue.decisions(waved).select(tableColumns.toArray(new Column[0]));
    }

    /** One channel's manifest rows in the order they go out (the queue's order: waves follow it), with the columns its manifest takes. */
    static Dataset<Row> manifest(Dataset<Row> waved, Waves waves, String channel) {
        // One task writes the file and sorts it as it reads: no range sort, whose sampling pass would read the sends once more.
        // The sort key is a column of its own: an expression in the sort order is evaluated again at
        // every comparison (measured: the email manifest's sort took twice as long).
        Dataset<Row> sends = waved.filter(col("queue").equalTo(channel)).withColumn("order_key", waves.orderKey()).repartition(1)
                .sortWithinPartitions(col("order_key"), col("score").desc(), col("person_id"), col("send"))
                .withColumn("template_id", col("send_template_id"));
        return switch (channel) {
            case "SMS" -> sends.withColumn("msisdn", regexp_replace(col("mobile_phone"), "^\\+", ""));
            case "LETTER" -> sends.withColumn("name", concat_ws(" ", col("given_names"), col("surname")))
                    .withColumn("recipient", coalesce(col("recipient"), lit("SELF")));
            default -> sends;
        };
    }

    /** Waved work rows → the notification ledger's new rows: every send this run issues, what it told, no contact. */
    static Dataset<Row> ledgerRows(Dataset<Row> waved, String runId, Timestamp issuedAt, String policyVersion) {
        return SendQueue.sends(waved).select(col("notification_id"), col("person_id"), col("send"), col("kind"),
                col("queue").as("channel"), col("recipient"), col("send_template_id").as("template_id"), col("offer_code"), col("level"),
                Decisions.levelRank(col("level")).as("level_rank"), list(col(TOLD_CLASSES)).as("data_classes"), col("content_hash"),
                col("wave"), col("wave_date"), lit(runId).as("issued_run_id"), lit(issuedAt).as("issued_at"),
                lit(policyVersion).as("policy_version"));
    }

    /** A comma-separated list back to an array ("" is the empty list). */
    private static Column list(Column text) {
        return when(text.equalTo(""), array().cast("array<string>")).otherwise(split(text, ","));
    }

    private static Column[] columns(List<String> names) {
        return names.stream().map(org.apache.spark.sql.functions::col).toArray(Column[]::new);
    }
}
