package io.breachimpact.identity;

import io.breachimpact.error.BreachImpactException;
import io.breachimpact.identity.match.Field;
import io.breachimpact.pipeline.LakeTable;
import io.breachimpact.spark.DeltaTables;
import io.breachimpact.spark.Lake;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static org.apache.spark.sql.functions.col;

/**
 * Why the lake thinks some records are one person, and what was decided for it: what a call centre
 * reads out ("why do you think these are both me?") and what an appeal starts from. The person's
 * records (batch, document type, what each exposed), the links that joined them (rule, weight, how each
 * field compared), the corrections that concern them, the severity and the decision with its rules,
 * and the notices issued. Never a name, an email, a phone, an address or a document number: only ids,
 * levels and codes.
 */
public final class PersonExplanation {
    private PersonExplanation() {
    }

    /** Each part as ordered maps of printable values, for the text and the JSON alike. */
    public record Explained(Map<String, Object> person, List<Map<String, Object>> records, List<Map<String, Object>> links,
                            List<Map<String, Object>> corrections, Map<String, Object> severity, Map<String, Object> decision,
                            List<Map<String, Object>> notices) {
    }

    private static final List<String> PERSON = List.of("person_id", "record_count", "age_band", "minor", "departement_code", "region_code",
            "documents_held", "data_classes", "contact_channels", "quality_flags");
    private static final List<String> RECORD = List.of("record_id", "batch_id", "document_type", "request_date", "data_classes",
            "quality_flags", "birth_date_unreadable");
    private static final List<String> SEVERITY = List.of("level", "score", "factors", "explanation", "policy_version");
    private static final List<String> DECISION = List.of("outcome", "channel", "recipient", "offer_code", "extra_letter", "template_id",
            "reasons", "policy_version", "issued_kind", "issued_wave_date", "issued_notification_id");
    private static final List<String> NOTICE = List.of("notification_id", "kind", "channel", "template_id", "offer_code", "level",
            "wave_date", "issued_at", "policy_version");

    /** The person a record belongs to. */
    public static String personOf(SparkSession spark, Lake lake, String recordId) {
        List<Row> found = DeltaTables.require(spark, lake.silverPersonRecords(), "silver/person_records", "breach-impact resolve")
                .filter(col("record_id").equalTo(recordId)).select("person_id").collectAsList();
        if (found.isEmpty()) {
            throw BreachImpactException.config("no record " + recordId + " in silver/person_records (a record in quarantine, or not yet "
                    + "resolved, belongs to no person)");
        }
        return found.get(0).getString(0);
    }

    public static Explained of(SparkSession spark, Lake lake, String personId) {
        Dataset<Row> persons = DeltaTables.require(spark, lake.silverPersons(), "silver/persons", "breach-impact resolve");
        List<Row> found = persons.filter(col("person_id").equalTo(personId)).select(columns(PERSON)).collectAsList();
        if (found.isEmpty()) {
            throw BreachImpactException.config("no person " + personId + " in silver/persons: give a person id as the decisions, the "
                    + "ledger or the notice carry it (ids change only with a rekey)");
        }
        Map<String, Object> person = values(found.get(0), PERSON);
        List<String> recordIds = new ArrayList<>();
        Dataset<Row> personRecords = DeltaTables.read(spark, lake.silverPersonRecords()).filter(col("person_id").equalTo(personId));
        personRecords.select("record_id").collectAsList().forEach(r -> recordIds.add(r.getString(0)));
        // Whether the birth date could be read, not the date: an undated record is compared at the one its ties agree on.
        List<Map<String, Object>> records = rows(DeltaTables.read(spark, lake.silverRecords())
                .withColumn("birth_date_unreadable", col("birth_date").isNull()).join(personRecords.select("record_id"), "record_id")
                .select(columns(RECORD)).orderBy("batch_id", "record_id"), RECORD);

        List<String> linkColumns = new ArrayList<>(PersonLinks.COLUMNS);
        List<Map<String, Object>> links = List.of();
        String linksPath = lake.path(LakeTable.SILVER_PERSON_LINKS);
        if (DeltaTables.exists(spark, linksPath)) {
            links = rows(DeltaTables.read(spark, linksPath).filter(col("person_id").equalTo(personId)).select(columns(linkColumns))
                    .orderBy(col("weight").desc_nulls_last(), col("record_a"), col("record_b")), linkColumns);
        }
        // Not the reason: free text an operator typed, which explain does not vouch for.
        List<String> correctionColumns = List.of("correction_id", "kind", "record_a", "record_b", "recorded_at");
        List<Map<String, Object>> corrections = List.of();
        String correctionsPath = lake.path(LakeTable.OPS_CORRECTIONS);
        if (DeltaTables.exists(spark, correctionsPath) && !recordIds.isEmpty()) {
            corrections = rows(DeltaTables.read(spark, correctionsPath).filter(col("record_a").isin(recordIds.toArray())
                    .or(col("record_b").isin(recordIds.toArray()))).select(columns(correctionColumns)).orderBy("recorded_at"), correctionColumns);
        }
        Map<String, Object> severity = one(spark, lake.goldSeverity(), personId, SEVERITY);
        Map<String, Object> decision = one(spark, lake.goldDecisions(), personId, DECISION);
        List<Map<String, Object>> notices = List.of();
        if (DeltaTables.exists(spark, lake.goldNotificationLedger())) {
            notices = rows(DeltaTables.read(spark, lake.goldNotificationLedger()).filter(col("person_id").equalTo(personId))
                    .select(columns(NOTICE)).orderBy("issued_at", "notification_id"), NOTICE);
        }
        return new Explained(person, records, links, corrections, severity, decision, notices);
    }

    public static String text(Explained e) {
        StringBuilder out = new StringBuilder();
        Map<String, Object> p = e.person();
        out.append("Person ").append(p.get("person_id")).append(": ").append(p.get("record_count")).append(" record(s), age band ")
                .append(p.get("age_band")).append(Boolean.TRUE.equals(p.get("minor")) ? " (a minor)" : "").append(", département ")
                .append(p.get("departement_code")).append(", région ").append(p.get("region_code")).append('\n');
        out.append("  exposed: ").append(p.get("data_classes")).append("; documents held: ").append(p.get("documents_held")).append('\n');
        out.append("  reachable by: ").append(p.get("contact_channels")).append("; flags: ").append(p.get("quality_flags")).append("\n\n");
        out.append("Records\n");
        Set<Object> undated = new HashSet<>();
        for (Map<String, Object> r : e.records()) {
            out.append(String.format(Locale.ROOT, "  %-16s batch %-20s %-18s exposes %s%s%n", r.get("record_id"), r.get("batch_id"),
                    r.get("document_type"), r.get("data_classes"), emptyList(r.get("quality_flags")) ? "" : " flags " + r.get("quality_flags")));
            if (Boolean.TRUE.equals(r.get("birth_date_unreadable"))) {
                undated.add(r.get("record_id"));
            }
        }
        out.append('\n').append("Links that made this person (strongest first)\n");
        if (e.links().isEmpty()) {
            out.append("  none: one record\n");
        }
        for (Map<String, Object> l : e.links()) {
            String weight = l.get("weight") == null ? "no weight: neither has a readable birth date; both are in one group of records tied by shared contacts, the same given names and a surname the same or a typo apart"
                    : String.format(Locale.ROOT, "weight %+.1f bits, match probability %.6f", (Double) l.get("weight"), (Double) l.get("probability"));
            out.append("  ").append(l.get("record_a")).append(" — ").append(l.get("record_b")).append(": paired by ").append(l.get("rule"))
                    .append(", ").append(weight).append('\n');
            List<String> fields = new ArrayList<>();
            for (Field f : Field.values()) {
                fields.add(f.name().toLowerCase(Locale.ROOT).replace('_', ' ') + " " + l.get(PersonLinks.agreementColumn(f)));
            }
            out.append("      ").append(String.join(", ", fields)).append('\n');
            for (Object id : List.of(l.get("record_a"), l.get("record_b"))) {
                if (undated.contains(id) && l.get("weight") != null) {
                    out.append("      ").append(id).append(" has no readable birth date: compared at the birth date its ties agree on\n");
                }
            }
        }
        out.append('\n').append("Corrections\n");
        if (e.corrections().isEmpty()) {
            out.append("  none\n");
        }
        for (Map<String, Object> c : e.corrections()) {
            out.append("  ").append(c.get("correction_id")).append(": ").append(c.get("record_a")).append(" and ").append(c.get("record_b"))
                    .append(" are not one human (recorded ").append(c.get("recorded_at")).append(")\n");
        }
        out.append('\n').append("Severity\n");
        if (e.severity().isEmpty()) {
            out.append("  not scored yet: run exposure\n");
        } else {
            out.append("  ").append(e.severity().get("level")).append(" (score ").append(e.severity().get("score")).append(", policy ")
                    .append(e.severity().get("policy_version")).append("): ").append(e.severity().get("explanation")).append('\n');
            out.append("  factors: ").append(e.severity().get("factors")).append('\n');
        }
        out.append('\n').append("Decision\n");
        if (e.decision().isEmpty()) {
            out.append("  not decided yet: run decide\n");
        } else {
            Map<String, Object> d = e.decision();
            out.append("  ").append(d.get("outcome")).append(d.get("channel") == null ? "" : " by " + d.get("channel"))
                    .append(d.get("recipient") == null ? "" : " to " + d.get("recipient"))
                    .append(d.get("offer_code") == null ? "" : ", offer " + d.get("offer_code")).append(" (policy ").append(d.get("policy_version"))
                    .append(")\n");
            out.append("  rules: ").append(d.get("reasons")).append('\n');
        }
        out.append('\n').append("Notices issued\n");
        if (e.notices().isEmpty()) {
            out.append("  none\n");
        }
        for (Map<String, Object> n : e.notices()) {
            out.append(String.format(Locale.ROOT, "  %s %-9s by %-6s level %-9s wave %s, issued %s%n", n.get("notification_id"), n.get("kind"),
                    n.get("channel"), n.get("level"), n.get("wave_date"), n.get("issued_at")));
        }
        return out.toString();
    }

    private static Map<String, Object> one(SparkSession spark, String path, String personId, List<String> columns) {
        if (!DeltaTables.exists(spark, path)) {
            return Map.of();
        }
        List<Map<String, Object>> rows = rows(DeltaTables.read(spark, path).filter(col("person_id").equalTo(personId)).select(columns(columns)),
                columns);
        return rows.isEmpty() ? Map.of() : rows.get(0);
    }

    private static List<Map<String, Object>> rows(Dataset<Row> rows, List<String> columns) {
        List<Map<String, Object>> out = new ArrayList<>();
        rows.collectAsList().forEach(r -> out.add(values(r, columns)));
        return out;
    }

    private static Map<String, Object> values(Row r, List<String> columns) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            Object v = r.get(i);
            if (v instanceof scala.collection.Seq<?> seq) {
                v = new ArrayList<>(scala.collection.JavaConverters.seqAsJavaList(seq));
            } else if (v instanceof java.sql.Date || v instanceof java.sql.Timestamp || v instanceof java.math.BigDecimal) {
                v = v.toString();
            }
            m.put(columns.get(i), v);
        }
        return m;
    }

    private static boolean emptyList(Object v) {
        return v == null || (v instanceof List<?> l && l.isEmpty());
    }

    private static org.apache.spark.sql.Column[] columns(List<String> names) {
        return names.stream().map(org.apache.spark.sql.functions::col).toArray(org.apache.spark.sql.Column[]::new);
    }
}
