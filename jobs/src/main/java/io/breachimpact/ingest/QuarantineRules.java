package io.breachimpact.ingest;

import io.breachimpact.ingest.normalize.BirthDates;
import io.breachimpact.ingest.normalize.Names;
import io.breachimpact.model.DumpColumns;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.api.java.UDF3;
import org.apache.spark.sql.api.java.UDF4;
import org.apache.spark.sql.api.java.UDF7;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_contains;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.desc;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_csv;
import static org.apache.spark.sql.functions.transform;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.xxhash64;

/**
 * Which bronze records cannot become a silver record, and why: the line could not be read, it has no
 * record id, no name, nothing to tie it to one human (no readable birth date, email, phone or postal
 * address), or a later line of the same batch carries the same record id. Everything else is accepted,
 * with its problems as quality flags: a victim whose name and address were stolen is reached by letter
 * even without a birth date, email or phone ({@code WEAK_IDENTITY}).
 */
public final class QuarantineRules {
    private QuarantineRules() {
    }

    /** Reason codes and the sentence a person reads in the quarantine. */
    static final Map<String, String> MESSAGES = messages();

    private static Map<String, String> messages() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(ParseProblem.INVALID_UTF8.name(), "the line holds bytes that are not UTF-8 and it cannot be read unambiguously as "
                + "Windows-1252 either (it mixes both, or holds bytes Windows-1252 does not define)");
        m.put(ParseProblem.INVALID_ENCODING.name(), "the line holds bytes its dump profile's encoding does not define");
        m.put(ParseProblem.UNBALANCED_QUOTE.name(), "a quote opens and does not close: the line is cut or badly quoted");
        m.put(ParseProblem.MALFORMED_CSV.name(), "the line is not well-formed CSV");
        m.put(ParseProblem.MALFORMED_JSON.name(), "the line is not a JSON object");
        m.put(ParseProblem.WRONG_COLUMN_COUNT.name(), "the line has more columns than the header and the extra ones hold values "
                + "(a shifted or added column), or it has a single field");
        m.put(ParseProblem.MALFORMED_SQL.name(), "the row of the SQL dump cannot be read (a value cut by the end of the file, or "
                + "text where a row was expected)");
        m.put(ParseProblem.JOIN_KEY_NOT_FOUND.name(), "the row points to a row of the joined table (its account) that the dump does not hold");
        m.put(ParseProblem.JOIN_KEY_AMBIGUOUS.name(), "the row points to a key that several different rows of the joined table hold");
        m.put(ParseProblem.LINE_TOO_LONG.name(), "the line is longer than ingest.max-line-bytes; its start is kept");
        m.put("MISSING_RECORD_ID", "the record has no record id");
        m.put("NO_NAME", "the record has neither a surname nor a given name");
        m.put("NO_USABLE_IDENTITY", "the record has no readable birth date, email, phone or postal address to tie it to one person");
        m.put(LineRepair.TRUNCATED_LINE.name(), "the line stops before its last columns and what it keeps has no readable birth date, "
                + "email or phone to tie it to one person");
        m.put("DUPLICATE_RECORD_ID", "a later line of the same batch has the same record id and replaces this one");
        return m;
    }

    /** Whitespace a form may leave around a value, removed before judging it (Spark's trim takes spaces only). */
    private static final String WHITESPACE = " \t\n\r\u000B\f\u00A0";

    // What the rules find in a readable record, as bits: an int crosses from Java to Spark for free,
    // where a list or a struct is converted value by value.
    static final int MISSING_RECORD_ID = 1;
    static final int NO_NAME = 2;
    /** A cut line without a birth date, an email with a domain or a real phone number. */
    static final int CUT_WITHOUT_STRICT_IDENTITY = 4;
    /** A whole line without a birth date, an email or a phone: kept only on a postal address. */
    static final int NEEDS_ADDRESS = 8;

    /**
     * Columns added to bronze rows: {@code reasons} (empty when accepted) and {@code weak_identity}
     * (accepted on a name and an address only).
     *
     * @param referenceDate a birth date counts as identity only if it is a possible one at this date
     *                      (the rule of {@link BirthDates}, which silver applies)
     */
    public static Dataset<Row> withReasons(Dataset<Row> bronze, LocalDate referenceDate) {
        // Plain Java functions, not trees of Spark expressions: array_compact is a higher-order function,
        // which Spark evaluates interpreted — with every expression under it (measured: the rules cost
        // more than parsing the files). Every record goes through the first, on the six values it needs;
        // the address is read only for the few records that need one.
        UserDefinedFunction judged = udf((UDF7<String, String, String, String, String, String, Boolean, Integer>)
                (recordId, surname, givenNames, birthDate, email, phone, cut) -> findings(recordId, surname, givenNames, birthDate, email,
                        phone, Boolean.TRUE.equals(cut), referenceDate), DataTypes.IntegerType).asNondeterministic();
        // Marked non-deterministic so that the optimizer keeps it in its own projection, once per record,
        // instead of copying it into each expression that reads it (it did: twice per record in the
        // quarantine's filter).
        UserDefinedFunction address = udf((UDF3<String, String, String, Boolean>) QuarantineRules::postalAddress, DataTypes.BooleanType);
        UserDefinedFunction reasonsOf = udf((UDF2<Integer, Boolean, List<String>>) (f, postal) -> reasons(f, Boolean.TRUE.equals(postal)),
                DataTypes.createArrayType(DataTypes.StringType, false));
        Column findings = col("findings");
        Column needsAddress = findings.bitwiseAND(NEEDS_ADDRESS).notEqual(0);
        Column postal = when(needsAddress, address.apply(col("street_address"), col("postal_code"), col("city")));
        Dataset<Row> reasoned = bronze.withColumn("findings", when(col("parse_problem").isNull(),
                        judged.apply(col("record_id"), col("surname"), col("given_names"), col("birth_date"), col("email"), col("phone"),
                                array_contains(col("line_repairs"), LineRepair.TRUNCATED_LINE.name()))))
                .withColumn("reasons", when(col("parse_problem").isNotNull(), array(col("parse_problem")))
                        .when(findings.equalTo(0), array().cast(DataTypes.createArrayType(DataTypes.StringType, false)))
                        .otherwise(reasonsOf.apply(findings, postal)))
                .withColumn("weak_identity", coalesce(findings.equalTo(NEEDS_ADDRESS).and(postal), lit(false)))
                .drop("findings");
        return markDuplicates(reasoned);
    }

    /** The values of a record that say whether it can be tied to one human. */
    record Identity(String recordId, String surname, String givenNames, String birthDate, String email, String phone,
                    String street, String postalCode, String city) {
    }

    /**
     * Why a readable line cannot become a record: no record id, no name, or nothing that ties it to one
     * human: a possible birth date, something shaped like an email, a phone with enough digits (a strong
     * identity), or else a postal address (a street, and a postal code or a city: a weak one). A malformed
     * email still counts here: it is exposed, and it still identifies. A line that stops early needs a
     * strong identity: its columns may have been shifted by a line break, and an address is easily
     * mimicked by shifted values.
     */
    static List<String> structuralReasons(Identity r, boolean truncated, LocalDate referenceDate) {
        int f = findings(r.recordId(), r.surname(), r.givenNames(), r.birthDate(), r.email(), r.phone(), truncated, referenceDate);
        return reasons(f, (f & NEEDS_ADDRESS) != 0 && postalAddress(r.street(), r.postalCode(), r.city()));
    }

    /** What the rules find in a record, as bits, its address aside. */
    static int findings(String recordId, String surname, String givenNames, String birthDate, String email, String phone,
                        boolean truncated, LocalDate referenceDate) {
        int f = 0;
        if (blank(recordId)) {
            f |= MISSING_RECORD_ID;
        }
        if (blank(surname) && blank(givenNames)) {
            f |= NO_NAME;
        }
        boolean possibleBirthDate = BirthDates.parse(birthDate, referenceDate).date() != null;
        if (truncated) {
            if (!strictIdentity(possibleBirthDate, email, phone)) {
                f |= CUT_WITHOUT_STRICT_IDENTITY;
            }
        } else if (!strongIdentity(possibleBirthDate, email, phone)) {
            f |= NEEDS_ADDRESS;
        }
        return f;
    }

    /** The reasons for the quarantine, from the findings and whether the record has a postal address. */
    static List<String> reasons(int findings, boolean postalAddress) {
        List<String> reasons = new ArrayList<>(1);
        if ((findings & MISSING_RECORD_ID) != 0) {
            reasons.add("MISSING_RECORD_ID");
        }
        if ((findings & NO_NAME) != 0) {
            reasons.add("NO_NAME");
        }
        if ((findings & CUT_WITHOUT_STRICT_IDENTITY) != 0) {
            reasons.add(LineRepair.TRUNCATED_LINE.name());
        }
        if ((findings & NEEDS_ADDRESS) != 0 && !postalAddress) {
            reasons.add("NO_USABLE_IDENTITY");
        }
        return reasons;
    }

    /** A possible birth date, an email or a phone: what identity resolution can compare. */
    static boolean strongIdentity(boolean possibleBirthDate, String email, String phone) {
        return possibleBirthDate || emailShaped(email) || digitCount(phone) >= 9;
    }

    /**
     * What a line that stops early must keep to be read: a birth date, an email with a domain, or a phone
     * number that is one. Shifted columns (the rest of a line broken by a stray newline) easily put a
     * 12-digit document number where a phone was.
     */
    static boolean strictIdentity(boolean possibleBirthDate, String email, String phone) {
        if (possibleBirthDate) {
            return true;
        }
        if (email != null && email.strip().matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
            return true;
        }
        return phone != null && io.breachimpact.ingest.normalize.Phones.normalize(phone, null).valid();
    }

    /**
     * An address a letter can be sent to: a street with a letter in it (not a lone number or a
     * placeholder such as N/A), with a postal code of 4 or 5 characters or a city with a letter.
     */
    static boolean postalAddress(String street, String postalCode, String city) {
        return hasLetters(street) && !LineShape.empty(street)
                && (postalCode != null && postalCode.strip().matches("[0-9AB]{4,5}") || hasLetters(city) && !LineShape.empty(city));
    }

    private static boolean hasLetters(String value) {
        return value != null && value.chars().anyMatch(Character::isLetter);
    }

    private static boolean blank(String value) {
        return value == null || Names.isBlank(value);
    }

    private static boolean emailShaped(String email) {
        if (email == null) {
            return false;
        }
        String trimmed = email.strip();
        int at = trimmed.indexOf('@');
        return at > 0 && at < trimmed.length() - 1;
    }

    private static int digitCount(String phone) {
        if (phone == null) {
            return 0;
        }
        int n = 0;
        for (int i = 0; i < phone.length(); i++) {
            char c = phone.charAt(i);
            if (c >= '0' && c <= '9') {
                n++;
            }
        }
        return n;
    }

    /**
     * A record id seen on several accepted lines of a batch: the last line (by file, then line)
     * stands, the earlier ones are quarantined. Only the few duplicated ids are ranked.
     */
    private static Dataset<Row> markDuplicates(Dataset<Row> reasoned) {
        Dataset<Row> accepted = reasoned.filter(size(col("reasons")).equalTo(0));
        // Ids are counted by a 64-bit hash first (cheaper to aggregate than strings), over every readable
        // line with an id: a superset of the accepted ones that needs only three columns and none of the
        // rules. Only the ids whose hash repeats are then counted exactly, among the accepted records.
        // Kept once computed: the quarantine and silver reuse it.
        Column idHash = xxhash64(col("batch_id"), trim(col("record_id"), WHITESPACE));
        Dataset<Row> repeatedHashes = reasoned.filter(col("parse_problem").isNull().and(col("record_id").isNotNull()))
                .select(idHash.as("h")).groupBy("h").agg(count(lit(1)).as("n"))
                .filter(col("n").gt(1)).select("h").localCheckpoint(true);
        if (repeatedHashes.isEmpty()) {
            return reasoned; // the usual case: no second scan for a ranking of nothing
        }
        Dataset<Row> duplicatedIds = accepted.join(broadcast(repeatedHashes), idHash.equalTo(col("h")))
                .groupBy(col("batch_id"), trim(col("record_id"), WHITESPACE).as("trimmed_id")).agg(count(lit(1)).as("n"))
                .filter(col("n").gt(1)).select(col("batch_id").as("dup_batch"), col("trimmed_id").as("dup_id"))
                .localCheckpoint(true);
        if (duplicatedIds.isEmpty()) {
            return reasoned;
        }
        // Records of one line (a JSON line's documents) tie on file and line: their values decide, the same in every pass.
        List<Column> values = new ArrayList<>();
        for (String c : DumpColumns.HEADER) {
            values.add(col(c));
        }
        WindowSpec latestFirst = Window.partitionBy(col("batch_id"), trim(col("record_id"), WHITESPACE))
                .orderBy(desc("source_file"), desc("line_number"), to_csv(struct(values.toArray(new Column[0]))).desc());
        Dataset<Row> joined = reasoned.join(broadcast(duplicatedIds),
                col("batch_id").equalTo(col("dup_batch")).and(trim(col("record_id"), WHITESPACE).equalTo(col("dup_id")))
                        .and(size(col("reasons")).equalTo(0)), "left");
        Dataset<Row> duplicates = joined.filter(col("dup_id").isNotNull())
                .withColumn("rank", row_number().over(latestFirst))
                .withColumn("reasons", when(col("rank").gt(1), array(lit("DUPLICATE_RECORD_ID"))).otherwise(col("reasons")))
                .drop("rank");
        return joined.filter(col("dup_id").isNull()).unionByName(duplicates).drop("dup_batch", "dup_id");
    }

    public static Dataset<Row> accepted(Dataset<Row> withReasons) {
        return withReasons.filter(size(col("reasons")).equalTo(0)).drop("reasons", "weak_identity");
    }

    /**
     * silver/quarantine rows: the rejected records with their reasons, a message and their text.
     *
     * @param outcomes counts every record this pass sees, accepted or quarantined, per file: the
     *                 right-hand side of the reconciliation, without a pass of its own
     */
    public static Dataset<Row> quarantined(Dataset<Row> withReasons, FileOutcomes outcomes) {
        // Counted where the write's own (result) tasks evaluate it: Spark merges a result task's updates
        // once, from the attempt that succeeded. Marked non-deterministic so the optimizer leaves it
        // here, above the union and the join; no shuffle may come between it and the write.
        UserDefinedFunction countedRejection = udf((UDF4<String, Integer, Boolean, Integer, Boolean>) (file, reasons, weak, repairs) -> {
            outcomes.count(file, reasons > 0 ? RecordOutcome.QUARANTINED : weak ? RecordOutcome.WEAK_IDENTITY
                    : repairs > 0 ? RecordOutcome.REPAIRED : RecordOutcome.CLEAN);
            return reasons > 0;
        }, DataTypes.BooleanType).asNondeterministic();
        List<Column> messageMap = new ArrayList<>();
        MESSAGES.forEach((code, message) -> {
            messageMap.add(lit(code));
            messageMap.add(lit(code + ": " + message));
        });
        Column messages = map(messageMap.toArray(new Column[0]));
        List<Column> fields = new ArrayList<>();
        for (String c : DumpColumns.HEADER) {
            fields.add(col(c));
        }
        return withReasons.filter(countedRejection.apply(col("source_file"), size(col("reasons")), col("weak_identity"),
                coalesce(size(col("line_repairs")), lit(0)))).select(
                col("batch_id"), col("batch_seq"), col("source_file"), col("line_number"), col("line_count"),
                col("record_id"), col("reasons"),
                concat_ws("; ", transform(col("reasons"), r -> coalesce(element_at(messages, r), r))).as("message"),
                coalesce(col("raw_text"), to_csv(struct(fields.toArray(new Column[0])))).as("raw_text"),
                col("ingested_at"));
    }
}
