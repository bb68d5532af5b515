package io.breachimpact.ingest;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * silver/records: one valid record, typed and normalized, with the data classes it exposes and the
 * channels that can reach its contact. Non-fatal problems are quality flags, not rejections.
 */
public final class SilverRecords {
    private SilverRecords() {
    }

    public static final StructType SCHEMA = new StructType()
            .add("record_id", DataTypes.StringType, false)
            .add("account_id", DataTypes.StringType, true)
            .add("person_key", DataTypes.StringType, true)
            .add("surname", DataTypes.StringType, true)
            .add("given_names", DataTypes.StringType, true)
            .add("surname_key", DataTypes.StringType, true)
            .add("given_names_key", DataTypes.StringType, true)
            .add("birth_date", DataTypes.DateType, true)
            .add("age", DataTypes.IntegerType, true)
            .add("age_band", DataTypes.StringType, true)
            .add("minor", DataTypes.BooleanType, true)
            .add("email", DataTypes.StringType, true)
            .add("email_valid", DataTypes.BooleanType, false)
            .add("email_key", DataTypes.StringType, true)
            .add("phone_e164", DataTypes.StringType, true)
            .add("phone_valid", DataTypes.BooleanType, false)
            .add("phone_type", DataTypes.StringType, true)
            .add("phone_region", DataTypes.StringType, true)
            .add("street_address", DataTypes.StringType, true)
            .add("postal_code", DataTypes.StringType, true)
            .add("city", DataTypes.StringType, true)
            .add("departement_code", DataTypes.StringType, true)
            .add("region_code", DataTypes.StringType, true)
            .add("document_type", DataTypes.StringType, false)
            .add("document_number", DataTypes.StringType, true)
            .add("document_number_valid", DataTypes.BooleanType, true)
            .add("request_date", DataTypes.DateType, true)
            .add("data_classes", DataTypes.createArrayType(DataTypes.StringType, false), false)
            .add("contact_channels", DataTypes.createArrayType(DataTypes.StringType, false), false)
            .add("quality_flags", DataTypes.createArrayType(DataTypes.StringType, false), false)
            .add("batch_id", DataTypes.StringType, false)
            .add("batch_seq", DataTypes.LongType, false)
            .add("source_file", DataTypes.StringType, false)
            .add("line_number", DataTypes.LongType, false)
            .add("content_hash", DataTypes.StringType, false)
            .add("ingested_at", DataTypes.TimestampType, false);
}
