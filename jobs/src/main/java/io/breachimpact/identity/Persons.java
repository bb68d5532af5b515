package io.breachimpact.identity;

import io.breachimpact.ingest.normalize.PersonKeys;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_compact;
import static org.apache.spark.sql.functions.array_distinct;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.exists;
import static org.apache.spark.sql.functions.flatten;
import static org.apache.spark.sql.functions.format_string;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sort_array;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.substring_index;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;

/**
 * silver/persons: one row per human, from the silver records and the component each belongs to. What
 * a person is told and where comes from the most recent record that has it (by request date, then
 * ingest order); what was exposed is the union over all the person's records.
 */
public final class Persons {
    private Persons() {
    }

    /**
     * A record's node key: its batch's ingest order, then its id. The smallest key of a component is
     * its first-ingested record, the anchor a person id is derived from: later batches add larger keys,
     * so the anchor (and the id) of an existing person does not move when a batch is added.
     */
    static Column nodeKey() {
        return format_string("%012d|%s", col("batch_seq"), col("record_id"));
    }

    /** silver records with {@code node}, and {@code label}: the anchor's node key (its own when alone). */
    public static Dataset<Row> labelled(Dataset<Row> recordsWithNode, Dataset<Row> labels) {
        return recordsWithNode.join(labels, recordsWithNode.col("node").equalTo(labels.col("node")), "left")
                .drop(labels.col("node"))
                .withColumn("label", coalesce(col("label"), col("node")));
    }

    /** The person id of each label, keyed by the secret. */
    static Column personId(PersonKeys keys) {
        UserDefinedFunction id = udf((UDF1<String, String>) anchor -> keys.personId(anchor), DataTypes.StringType);
        return id.apply(substring_index(col("label"), "|", -1));
    }

    /** silver/person_records: record id → person id. */
    public static Dataset<Row> links(Dataset<Row> labelled, PersonKeys keys) {
        return labelled.select(col("record_id"), personId(keys).as("person_id"), col("label").as("anchor"));
    }

    /** One row per person. */
    public static Dataset<Row> persons(Dataset<Row> labelled, PersonKeys keys) {
        Column recency = struct(coalesce(col("request_date"), lit(java.sql.Date.valueOf("0001-01-01"))), col("batch_seq"), col("line_number"));
        Column validEmail = col("email_valid").and(col("email").isNotNull());
        Column mobile = col("phone_valid").and(col("phone_type").equalTo("MOBILE"));
        Column placed = col("departement_code").isNotNull();
        Dataset<Row> grouped = labelled.groupBy("label").agg(
                sort_array(collect_list(col("record_id"))).as("record_ids"),
                count(lit(1)).cast("int").as("record_count"),
                sort_array(collect_set(col("document_type"))).as("documents_held"),
                sort_array(array_distinct(flatten(collect_list(col("data_classes"))))).as("data_classes"),
                max_by(col("surname"), recency).as("surname"),
                max_by(col("given_names"), recency).as("given_names"),
                max_by(struct(col("birth_date"), col("age"), col("age_band"), col("minor")),
                        when(col("birth_date").isNotNull(), recency)).as("born"),
                countDistinct(col("birth_date")).as("birth_dates"),
                countDistinct(col("surname_key")).as("surnames"),
                max_by(col("email"), when(validEmail, recency)).as("email"),
                max_by(col("phone_e164"), when(mobile, recency)).as("mobile_phone"),
                max_by(struct(col("street_address"), col("postal_code"), col("city"), col("departement_code"), col("region_code")),
                        when(placed, recency)).as("address"),
                max(when(exists(col("quality_flags"), f -> f.equalTo("POSTAL_CODE_CITY_MISMATCH")), true).otherwise(false))
                        .as("postal_mismatch"),
                min(col("batch_seq")).as("first_batch_seq"),
                max(col("batch_seq")).as("last_batch_seq"),
                max(col("request_date")).as("last_request_date"));
        return grouped.select(
                personId(keys).as("person_id"),
                substring_index(col("label"), "|", -1).as("anchor_record_id"),
                col("record_ids"), col("record_count"), col("documents_held"), col("data_classes"),
                col("surname"), col("given_names"),
                col("born.birth_date").as("birth_date"), col("born.age").as("age"),
                coalesce(col("born.age_band"), lit("UNKNOWN")).as("age_band"),
                coalesce(col("born.minor"), lit(false)).as("minor"),
                col("email"), col("mobile_phone"),
                col("address.street_address").as("street_address"), col("address.postal_code").as("postal_code"),
                col("address.city").as("city"),
                coalesce(col("address.departement_code"), lit("UNKNOWN")).as("departement_code"),
                coalesce(col("address.region_code"), lit("UNKNOWN")).as("region_code"),
                array_compact(array(
                        when(col("email").isNotNull(), lit("EMAIL")),
                        when(col("mobile_phone").isNotNull(), lit("SMS")),
                        when(col("address.departement_code").isNotNull().and(col("address.street_address").isNotNull()), lit("LETTER"))))
                        .as("contact_channels"),
                array_compact(array(
                        when(col("birth_dates").gt(1), lit("CONFLICTING_BIRTH_DATES")),
                        when(col("born").isNull(), lit("NO_BIRTH_DATE")),
                        when(col("surnames").gt(1), lit("SURNAME_VARIANTS")),
                        when(col("postal_mismatch"), lit("POSTAL_CODE_CITY_MISMATCH")),
                        when(col("address").isNull(), lit("NO_PLACE")),
                        when(col("email").isNull().and(col("mobile_phone").isNull()).and(col("address").isNull()), lit("NO_VALID_CONTACT"))))
                        .as("quality_flags"),
                col("first_batch_seq"), col("last_batch_seq"), col("last_request_date"));
    }
}
