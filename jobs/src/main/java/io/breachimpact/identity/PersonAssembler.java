package io.breachimpact.identity;

import io.breachimpact.ingest.normalize.DataClass;
import io.breachimpact.ingest.normalize.PersonKeys;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.io.Serializable;
import java.sql.Date;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * One person from the silver records of one human. What the person is told and where comes from the
 * most recent record that has it (request date, then ingest order); what was exposed is the union over
 * all its records. The id is keyed from the anchor, the first-ingested record.
 */
public final class PersonAssembler implements Serializable {
    /** The silver columns a person is made of (besides {@code node}). */
    public static final List<String> INPUT = List.of("record_id", "node", "batch_seq", "line_number", "request_date", "document_type",
            "data_classes", "surname", "given_names", "surname_key", "birth_date", "age", "age_band", "minor", "email", "email_valid",
            "phone_e164", "phone_valid", "phone_type", "street_address", "postal_code", "city", "departement_code", "region_code",
            "quality_flags");

    /** Classes in the order of the {@code n_<class>} fields of a document exposure. */
    private static final DataClass[] CLASSES = DataClass.values();

    /**
     * Per document type the person holds: its records, and how many of them expose each data class
     * ({@code n_NAME}, {@code n_EMAIL}, …). The exposure cube counts from these, so it needs neither
     * the records nor a join of records with persons.
     */
    public static final StructType DOCUMENT_EXPOSURE = documentExposure();

    private static StructType documentExposure() {
        StructType t = new StructType().add("document_type", DataTypes.StringType, false).add("records", DataTypes.IntegerType, false);
        for (DataClass dc : CLASSES) {
            t = t.add("n_" + dc.name(), DataTypes.IntegerType, false);
        }
        return t;
    }

    public static final StructType SCHEMA = new StructType()
            .add("person_id", DataTypes.StringType, false)
            .add("anchor_record_id", DataTypes.StringType, false)
            .add("record_ids", DataTypes.createArrayType(DataTypes.StringType, false), false)
            .add("record_count", DataTypes.IntegerType, false)
            .add("documents_held", DataTypes.createArrayType(DataTypes.StringType, false), false)
            .add("data_classes", DataTypes.createArrayType(DataTypes.StringType, false), false)
            .add("document_exposures", DataTypes.createArrayType(DOCUMENT_EXPOSURE, false), false)
            .add("surname", DataTypes.StringType, true)
            .add("given_names", DataTypes.StringType, true)
            .add("birth_date", DataTypes.DateType, true)
            .add("age", DataTypes.IntegerType, true)
            .add("age_band", DataTypes.StringType, false)
            .add("minor", DataTypes.BooleanType, false)
            .add("email", DataTypes.StringType, true)
            .add("mobile_phone", DataTypes.StringType, true)
            .add("street_address", DataTypes.StringType, true)
            .add("postal_code", DataTypes.StringType, true)
            .add("city", DataTypes.StringType, true)
            .add("departement_code", DataTypes.StringType, false)
            .add("region_code", DataTypes.StringType, false)
            .add("contact_channels", DataTypes.createArrayType(DataTypes.StringType, false), false)
            .add("quality_flags", DataTypes.createArrayType(DataTypes.StringType, false), false)
            .add("first_batch_seq", DataTypes.LongType, false)
            .add("last_batch_seq", DataTypes.LongType, false)
            .add("last_request_date", DataTypes.DateType, true);

    private static final Date NO_DATE = Date.valueOf("0001-01-01");
    /** Most recent first: request date, then batch, then line. */
    private static final Comparator<Row> RECENT_FIRST = Comparator
            .comparing((Row r) -> r.<Date>getAs("request_date") == null ? NO_DATE : r.<Date>getAs("request_date"))
            .thenComparingLong(r -> r.<Long>getAs("batch_seq"))
            .thenComparingLong(r -> r.<Long>getAs("line_number"))
            // Records of one line (a JSON line's documents) in a fixed order, whatever order Spark gives them in.
            .thenComparing(r -> r.<String>getAs("record_id"))
            .reversed();

    private final PersonKeys keys;

    public PersonAssembler(PersonKeys keys) {
        this.keys = keys;
    }

    /** @param records the records of one human, with the {@link #INPUT} columns */
    public Row assemble(List<Row> records) {
        List<Row> recent = new ArrayList<>(records);
        recent.sort(RECENT_FIRST);
        String anchorNode = null;
        TreeSet<String> ids = new TreeSet<>();
        TreeSet<String> documents = new TreeSet<>();
        java.util.TreeMap<String, int[]> byDocument = new java.util.TreeMap<>();
        TreeSet<String> classes = new TreeSet<>();
        Set<Date> births = new HashSet<>();
        Set<String> surnames = new HashSet<>();
        boolean postalMismatch = false;
        long firstBatch = Long.MAX_VALUE;
        long lastBatch = Long.MIN_VALUE;
        Date lastRequest = null;
        for (Row r : records) {
            String node = r.getAs("node");
            if (anchorNode == null || node.compareTo(anchorNode) < 0) {
                anchorNode = node;
            }
            ids.add(r.getAs("record_id"));
            documents.add(r.getAs("document_type"));
            List<String> exposed = r.<scala.collection.Seq<String>>getAs("data_classes") == null ? List.of()
                    : scala.collection.JavaConverters.seqAsJavaList(r.<scala.collection.Seq<String>>getAs("data_classes"));
            classes.addAll(exposed);
            int[] counts = byDocument.computeIfAbsent(r.getAs("document_type"), d -> new int[1 + CLASSES.length]);
            counts[0]++;
            for (String dc : exposed) {
                counts[1 + DataClass.valueOf(dc).ordinal()]++;
            }
            if (r.getAs("birth_date") != null) {
                births.add(r.getAs("birth_date"));
            }
            if (r.getAs("surname_key") != null) {
                surnames.add(r.getAs("surname_key"));
            }
            scala.collection.Seq<String> flags = r.getAs("quality_flags");
            if (flags != null && flags.contains("POSTAL_CODE_CITY_MISMATCH")) {
                postalMismatch = true;
            }
            long batch = r.<Long>getAs("batch_seq");
            firstBatch = Math.min(firstBatch, batch);
            lastBatch = Math.max(lastBatch, batch);
            Date request = r.getAs("request_date");
            if (request != null && (lastRequest == null || request.after(lastRequest))) {
                lastRequest = request;
            }
        }
        Row latest = recent.get(0);
        Row born = first(recent, r -> r.getAs("birth_date") != null);
        Row emailed = first(recent, r -> Boolean.TRUE.equals(r.getAs("email_valid")) && r.getAs("email") != null);
        Row mobile = first(recent, r -> Boolean.TRUE.equals(r.getAs("phone_valid")) && "MOBILE".equals(r.getAs("phone_type")));
        Row placed = first(recent, r -> r.getAs("departement_code") != null);
        String email = emailed == null ? null : emailed.getAs("email");
        String phone = mobile == null ? null : mobile.getAs("phone_e164");

        List<String> channels = new ArrayList<>(3);
        if (email != null) {
            channels.add("EMAIL");
        }
        if (phone != null) {
            channels.add("SMS");
        }
        if (placed != null && placed.getAs("street_address") != null) {
            channels.add("LETTER");
        }
        List<String> quality = new ArrayList<>();
        if (births.size() > 1) {
            quality.add("CONFLICTING_BIRTH_DATES");
        }
        if (born == null) {
            quality.add("NO_BIRTH_DATE");
        }
        if (surnames.size() > 1) {
            quality.add("SURNAME_VARIANTS");
        }
        if (postalMismatch) {
            quality.add("POSTAL_CODE_CITY_MISMATCH");
        }
        if (placed == null) {
            quality.add("NO_PLACE");
        }
        if (email == null && phone == null && placed == null) {
            quality.add("NO_VALID_CONTACT");
        }
        String anchor = anchorNode.substring(anchorNode.indexOf('|') + 1);
        List<Row> exposures = new ArrayList<>(byDocument.size());
        byDocument.forEach((document, counts) -> {
            Object[] fields = new Object[1 + counts.length];
            fields[0] = document;
            for (int i = 0; i < counts.length; i++) {
                fields[1 + i] = counts[i];
            }
            exposures.add(RowFactory.create(fields));
        });
        return RowFactory.create(keys.personId(anchor), anchor, seq(ids), records.size(), seq(documents), seq(classes),
                scala.collection.JavaConverters.asScalaBuffer(exposures), latest.getAs("surname"), latest.getAs("given_names"),
                born == null ? null : born.getAs("birth_date"), born == null ? null : born.getAs("age"),
                born == null || born.getAs("age_band") == null ? "UNKNOWN" : born.getAs("age_band"),
                born != null && Boolean.TRUE.equals(born.getAs("minor")),
                email, phone,
                placed == null ? null : placed.getAs("street_address"), placed == null ? null : placed.getAs("postal_code"),
                placed == null ? null : placed.getAs("city"),
                placed == null ? "UNKNOWN" : placed.getAs("departement_code"), placed == null || placed.getAs("region_code") == null ? "UNKNOWN"
                        : placed.getAs("region_code"),
                seq(channels), seq(quality), firstBatch, lastBatch, lastRequest);
    }

    /** Spark's row encoder takes Scala sequences for array columns. */
    private static scala.collection.Seq<String> seq(java.util.Collection<String> values) {
        return scala.collection.JavaConverters.asScalaBuffer(new ArrayList<>(values));
    }

    private static Row first(List<Row> recentFirst, java.util.function.Predicate<Row> has) {
        for (Row r : recentFirst) {
            if (has.test(r)) {
                return r;
            }
        }
        return null;
    }
}
