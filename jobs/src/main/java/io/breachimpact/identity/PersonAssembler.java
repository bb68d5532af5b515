package io.breachimpact.identity;

import io.breachimpact.ingest.normalize.DataClass;
import io.breachimpact.ingest.normalize.PersonKeys;
import org.apache.spark.sql.Column;
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

import static org.apache.spark.sql.functions.array_join;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

/**
 * One person from the silver records of one human. What the person is told and where comes from the
 * most recent record that has it (request date, then ingest order); what was exposed is the union over
 * all its records. The id is keyed from the anchor, the first-ingested record.
 */
public final class PersonAssembler implements Serializable {
    /**
     * The columns a person is made of: silver's, with {@code node}, and the classes a record exposes as
     * bits ({@link #DATA_CLASS_BITS}).
     */
    public static final List<String> INPUT = List.of("record_id", "node", "batch_seq", "line_number", "request_date", "document_type",
            "data_class_bits", "surname", "given_names", "surname_key", "birth_date", "age", "age_band", "minor", "email", "email_valid",
            "phone_e164", "phone_valid", "phone_type", "street_address", "postal_code", "city", "departement_code", "region_code",
            "quality_flags");

    /** Classes in the order of the {@code n_<class>} fields of a document exposure. */
    private static final DataClass[] CLASSES = DataClass.values();

    /**
     * A record's data classes as one int, bit {@code ordinal} per class: what the block pass carries
     * through its shuffle and hands to {@link #assemble}, instead of an array of seven strings per record
     * that every record's row would turn into seven Java strings again.
     */
    public static final String DATA_CLASS_BITS = "data_class_bits";

    /** The names of the classes of each set of bits, in name order (as a person's {@code data_classes} lists them). */
    private static final List<List<String>> CLASS_NAMES = classNames();

    private static List<List<String>> classNames() {
        List<List<String>> names = new ArrayList<>(1 << CLASSES.length);
        for (int bits = 0; bits < 1 << CLASSES.length; bits++) {
            TreeSet<String> set = new TreeSet<>();
            for (DataClass dc : CLASSES) {
                if ((bits & 1 << dc.ordinal()) != 0) {
                    set.add(dc.name());
                }
            }
            names.add(List.copyOf(set));
        }
        return List.copyOf(names);
    }

    /**
     * {@link #DATA_CLASS_BITS} from silver's {@code data_classes}: 0 for none. The array is joined into
     * one string once and each class sought in it: a test per class on the array itself made a string of
     * every element for every class, seven times the work (measured: string objects 27 % of the block
     * pass's first stage, against 23 % before the bits). A class counts once per record however often its
     * array names it, and a name that is no {@link DataClass} sets no bit: silver's normalizer writes
     * each class once, by its enum name.
     */
    public static Column dataClassBits(Column dataClasses) {
        Column joined = concat(lit(","), array_join(dataClasses, ","), lit(","));
        Column bits = lit(0);
        for (DataClass dc : CLASSES) {
            bits = bits.plus(when(joined.contains("," + dc.name() + ","), lit(1 << dc.ordinal())).otherwise(lit(0)));
        }
        return bits;
    }

    /** The {@link #INPUT} columns of silver records that carry {@code node}. */
    public static List<Column> inputColumns() {
        List<Column> columns = new ArrayList<>(INPUT.size());
        for (String c : INPUT) {
            columns.add(c.equals(DATA_CLASS_BITS) ? dataClassBits(col("data_classes")).as(DATA_CLASS_BITS) : col(c));
        }
        return columns;
    }

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
    private static Comparator<Row> recentFirst(Fields f) {
        return Comparator
                .comparing((Row r) -> r.<Date>getAs(f.requestDate) == null ? NO_DATE : r.<Date>getAs(f.requestDate))
                .thenComparingLong(r -> r.<Long>getAs(f.batchSeq))
                .thenComparingLong(r -> r.<Long>getAs(f.lineNumber))
                // Records of one line (a JSON line's documents) in a fixed order, whatever order Spark gives them in.
                .thenComparing(r -> r.<String>getAs(f.recordId))
                .reversed();
    }

    /**
     * Where the columns are in the records' schema, found once: {@code Row.getAs(name)} looks the name up
     * in a map at each call, some forty per person (measured in the block pass).
     */
    private static final class Fields {
        private final StructType schema;
        private final int age;
        private final int ageBand;
        private final int batchSeq;
        private final int birthDate;
        private final int city;
        private final int dataClassBits;
        private final int departementCode;
        private final int documentType;
        private final int email;
        private final int emailValid;
        private final int givenNames;
        private final int lineNumber;
        private final int minor;
        private final int node;
        private final int phoneE164;
        private final int phoneType;
        private final int phoneValid;
        private final int postalCode;
        private final int qualityFlags;
        private final int recordId;
        private final int regionCode;
        private final int requestDate;
        private final int streetAddress;
        private final int surname;
        private final int surnameKey;

        private Fields(StructType schema) {
            this.schema = schema;
            age = schema.fieldIndex("age");
            ageBand = schema.fieldIndex("age_band");
            batchSeq = schema.fieldIndex("batch_seq");
            birthDate = schema.fieldIndex("birth_date");
            city = schema.fieldIndex("city");
            dataClassBits = schema.fieldIndex(DATA_CLASS_BITS);
            departementCode = schema.fieldIndex("departement_code");
            documentType = schema.fieldIndex("document_type");
            email = schema.fieldIndex("email");
            emailValid = schema.fieldIndex("email_valid");
            givenNames = schema.fieldIndex("given_names");
            lineNumber = schema.fieldIndex("line_number");
            minor = schema.fieldIndex("minor");
            node = schema.fieldIndex("node");
            phoneE164 = schema.fieldIndex("phone_e164");
            phoneType = schema.fieldIndex("phone_type");
            phoneValid = schema.fieldIndex("phone_valid");
            postalCode = schema.fieldIndex("postal_code");
            qualityFlags = schema.fieldIndex("quality_flags");
            recordId = schema.fieldIndex("record_id");
            regionCode = schema.fieldIndex("region_code");
            requestDate = schema.fieldIndex("request_date");
            streetAddress = schema.fieldIndex("street_address");
            surname = schema.fieldIndex("surname");
            surnameKey = schema.fieldIndex("surname_key");
        }
    }

    /** The last schema's positions: the records of a task share one schema. */
    private transient volatile Fields fields;

    private Fields fields(StructType schema) {
        Fields f = fields;
        if (f == null || (f.schema != schema && !f.schema.equals(schema))) {
            f = new Fields(schema);
            fields = f;
        }
        return f;
    }

    private final PersonKeys keys;

    public PersonAssembler(PersonKeys keys) {
        this.keys = keys;
    }

    /** @param records the records of one human, with the {@link #INPUT} columns */
    public Row assemble(List<Row> records) {
        Fields f = fields(records.get(0).schema());
        List<Row> recent = new ArrayList<>(records);
        recent.sort(recentFirst(f));
        String anchorNode = null;
        TreeSet<String> ids = new TreeSet<>();
        TreeSet<String> documents = new TreeSet<>();
        java.util.TreeMap<String, int[]> byDocument = new java.util.TreeMap<>();
        int classes = 0;
        Set<Date> births = new HashSet<>();
        Set<String> surnames = new HashSet<>();
        boolean postalMismatch = false;
        long firstBatch = Long.MAX_VALUE;
        long lastBatch = Long.MIN_VALUE;
        Date lastRequest = null;
        for (Row r : records) {
            String node = r.getAs(f.node);
            if (anchorNode == null || node.compareTo(anchorNode) < 0) {
                anchorNode = node;
            }
            ids.add(r.getAs(f.recordId));
            documents.add(r.getAs(f.documentType));
            int exposed = r.<Integer>getAs(f.dataClassBits);
            classes |= exposed;
            int[] counts = byDocument.computeIfAbsent(r.getAs(f.documentType), d -> new int[1 + CLASSES.length]);
            counts[0]++;
            for (DataClass dc : CLASSES) {
                counts[1 + dc.ordinal()] += exposed >>> dc.ordinal() & 1;
            }
            if (r.getAs(f.birthDate) != null) {
                births.add(r.getAs(f.birthDate));
            }
            if (r.getAs(f.surnameKey) != null) {
                surnames.add(r.getAs(f.surnameKey));
            }
            scala.collection.Seq<String> flags = r.getAs(f.qualityFlags);
            if (flags != null && flags.contains("POSTAL_CODE_CITY_MISMATCH")) {
                postalMismatch = true;
            }
            long batch = r.<Long>getAs(f.batchSeq);
            firstBatch = Math.min(firstBatch, batch);
            lastBatch = Math.max(lastBatch, batch);
            Date request = r.getAs(f.requestDate);
            if (request != null && (lastRequest == null || request.after(lastRequest))) {
                lastRequest = request;
            }
        }
        Row latest = recent.get(0);
        Row born = first(recent, r -> r.getAs(f.birthDate) != null);
        Row emailed = first(recent, r -> Boolean.TRUE.equals(r.getAs(f.emailValid)) && r.getAs(f.email) != null);
        Row mobile = first(recent, r -> Boolean.TRUE.equals(r.getAs(f.phoneValid)) && "MOBILE".equals(r.getAs(f.phoneType)));
        Row placed = first(recent, r -> r.getAs(f.departementCode) != null);
        String email = emailed == null ? null : emailed.getAs(f.email);
        String phone = mobile == null ? null : mobile.getAs(f.phoneE164);

        List<String> channels = new ArrayList<>(3);
        if (email != null) {
            channels.add("EMAIL");
        }
        if (phone != null) {
            channels.add("SMS");
        }
        if (placed != null && placed.getAs(f.streetAddress) != null) {
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
            Object[] exposure = new Object[1 + counts.length];
            exposure[0] = document;
            for (int i = 0; i < counts.length; i++) {
                exposure[1 + i] = counts[i];
            }
            exposures.add(RowFactory.create(exposure));
        });
        return RowFactory.create(keys.personId(anchor), anchor, seq(ids), records.size(), seq(documents), seq(CLASS_NAMES.get(classes)),
                scala.collection.JavaConverters.asScalaBuffer(exposures), latest.getAs(f.surname), latest.getAs(f.givenNames),
                born == null ? null : born.getAs(f.birthDate), born == null ? null : born.getAs(f.age),
                born == null || born.getAs(f.ageBand) == null ? "UNKNOWN" : born.getAs(f.ageBand),
                born != null && Boolean.TRUE.equals(born.getAs(f.minor)),
                email, phone,
                placed == null ? null : placed.getAs(f.streetAddress), placed == null ? null : placed.getAs(f.postalCode),
                placed == null ? null : placed.getAs(f.city),
                placed == null ? "UNKNOWN" : placed.getAs(f.departementCode), placed == null || placed.getAs(f.regionCode) == null ? "UNKNOWN"
                        : placed.getAs(f.regionCode),
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
