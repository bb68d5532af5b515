package io.breachimpact.decide;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.breachimpact.reference.ReferenceData;
import io.breachimpact.spark.DeltaTables;
import io.breachimpact.spark.HadoopConf;
import io.breachimpact.spark.Lake;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

/**
 * {@code authority-notification.json}: what GDPR Art. 33(3) asks the controller to tell the supervisory
 * authority — the nature of the breach, the categories and approximate numbers of data subjects and of
 * records, the data concerned, a contact point, the likely consequences, and the measures taken and
 * proposed. Every number is read from the gold tables this run wrote; the words come from the policy.
 */
final class AuthorityNotification {
    private AuthorityNotification() {
    }

    /** What each exposed class makes likely: the risks the notice and the offers answer. */
    private static final Map<String, String> CONSEQUENCES = Map.of(
            "DOCUMENT_NUMBER", "fraudulent use or forgery of identity documents, identity theft",
            "DATE_OF_BIRTH", "identity theft (with the name, the birth date answers common identity checks)",
            "POSTAL_ADDRESS", "identity theft, targeted mail fraud",
            "EMAIL", "phishing in the agency's name, account takeover attempts",
            "PHONE", "scam calls and SMS in the agency's name",
            "ACCOUNT_ID", "targeted phishing quoting the account, account takeover attempts",
            "NAME", "targeted scams (with any other data class)");

    /**
     * @param severity  gold/severity: the persons (records, minors, data classes) and their levels
     * @param decisions gold/decisions: their outcomes
     */
    static void write(SparkSession spark, Lake lake, DecisionPolicy policy, Dataset<Row> severity, Dataset<Row> decisions,
                      Map<String, Long> sendsByChannel,
                      Map<String, Long> daysByChannel, List<Row> budget,
                      String file, String runId, HadoopConf hadoop) {
        Row totals = severity.agg(count(lit(1)), sum(col("record_count")), sum(when(col("minor"), 1).otherwise(0))).first();
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("article", "GDPR Art. 33(3)");
        doc.put("controller", policy.authority().controller());
        doc.put("contact_point", policy.authority().contactPoint());
        doc.put("nature_of_breach", policy.authority().nature());
        doc.put("categories_of_data_subjects", List.of("holders of accounts of the online document-request service",
                "minors registered through a parent's or guardian's account"));
        doc.put("approximate_number_of_data_subjects", totals.getLong(0));
        doc.put("of_whom_minors", totals.getLong(2));
        doc.put("approximate_number_of_records", totals.getLong(1));
        if (DeltaTables.exists(spark, lake.silverQuarantine())) {
            doc.put("records_not_attributable_to_a_person", DeltaTables.read(spark, lake.silverQuarantine()).count());
        }
        Map<String, String> hibp = ReferenceData.get().hibpNames();
        List<Map<String, Object>> classes = new ArrayList<>();
        List<String> consequences = new ArrayList<>();
        // Most exposed first, ties by name.
        List<Row> byClass = new ArrayList<>(severity.select(explode(col("data_classes")).as("c")).groupBy("c").count().collectAsList());
        byClass.sort(java.util.Comparator.comparing((Row r) -> -r.getLong(1)).thenComparing(r -> r.getString(0)));
        for (Row r : byClass) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("data_class", r.getString(0));
            c.put("hibp_name", hibp.getOrDefault(r.getString(0), r.getString(0)));
            c.put("data_subjects", r.getLong(1));
            classes.add(c);
            if (CONSEQUENCES.containsKey(r.getString(0))) {
                consequences.add(CONSEQUENCES.get(r.getString(0)));
            }
        }
        doc.put("categories_of_personal_data", classes);
        Map<String, Long> bySeverity = new LinkedHashMap<>();
        for (Row r : severity.groupBy("level").count().orderBy("level").collectAsList()) {
            bySeverity.put(r.getString(0), r.getLong(1));
        }
        doc.put("severity_method", "ENISA 2013: SE = DPC × EI + CB; data subjects by level");
        doc.put("data_subjects_by_severity", bySeverity);
        doc.put("likely_consequences", consequences);

        Map<String, Object> measures = new LinkedHashMap<>();
        Map<String, Long> byOutcome = new LinkedHashMap<>();
        for (Row r : decisions.groupBy("outcome").count().orderBy("outcome").collectAsList()) {
            byOutcome.put(r.getString(0), r.getLong(1));
        }
        measures.put("data_subjects_by_outcome", byOutcome);
        measures.put("individual_notices_this_run_by_channel", sendsByChannel);
        measures.put("days_to_complete_by_channel", daysByChannel);
        List<Map<String, Object>> offers = new ArrayList<>();
        for (Row b : budget) {
            if (!"central".equals(b.getString(5))) {
                continue;
            }
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("offer_code", b.getString(0));
            o.put("offer", b.getString(1));
            o.put("months", b.getInt(2));
            o.put("eligible_data_subjects", b.getLong(7));
            o.put("expected_enrolments_central", b.getLong(8));
            o.put("budget_central", b.getDecimal(9));
            o.put("currency", b.getString(4));
            offers.add(o);
        }
        measures.put("monitoring_offers", offers);
        doc.put("measures_taken_and_proposed", measures);
        doc.put("policy_version", policy.version());
        doc.put("run_id", runId);

        Path path = new Path(file);
        try {
            FileSystem fs = path.getFileSystem(hadoop.get());
            fs.mkdirs(path.getParent(), Manifests.OWNER_ONLY_DIR);
            try (OutputStream out = fs.create(path, false)) {
                new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out, doc);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
