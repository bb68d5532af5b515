package io.breachimpact.exposure;

import io.breachimpact.ingest.normalize.DataClass;
import io.breachimpact.model.DocumentType;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import static org.apache.spark.sql.functions.array_contains;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.split;
import static org.apache.spark.sql.functions.when;

/**
 * The ENISA severity of the breach for each person, SE = DPC × EI + CB, with the rule ids that set
 * each factor: a policy officer can read why a person is "high" and not "medium". Computed in
 * decimals, so that a score of exactly 3 is high, never 2.9999999.
 */
public final class Severity {
    private Severity() {
    }

    /** The method's levels, lowest first, with the score at which each begins. */
    public enum Level {
        LOW(0), MEDIUM(2), HIGH(3), VERY_HIGH(4);

        public final BigDecimal from;

        Level(int from) {
            this.from = BigDecimal.valueOf(from);
        }
    }

    private static final String DECIMAL = "decimal(10,4)";

    /**
     * @param persons columns {@code data_classes}, {@code documents_held}, {@code minor}, {@code record_count}
     * @return the same rows with {@code dpc}, {@code ei}, {@code cb}, {@code score}, {@code level},
     *         {@code factors} (rule ids) and {@code explanation}
     */
    public static Dataset<Row> score(Dataset<Row> persons, SeverityPolicy policy) {
        boolean masked = java.util.Arrays.asList(persons.columns()).contains(CLASS_MASK);
        Dataset<Row> scored = scoreMasked(withMasks(persons), policy);
        // Masks the caller brought stay (its own rules test them too); those made here go.
        return masked ? scored : scored.drop(CLASS_MASK).drop(DOCUMENT_MASK);
    }

    /**
     * The person's data classes and documents as bits ({@link DataClass} and {@link DocumentType}
     * ordinals), computed once per person: the rules test bits, where each test of an array read it
     * again (a dictionary decode per element, a dozen times per person).
     */
    public static final String CLASS_MASK = "class_mask";
    public static final String DOCUMENT_MASK = "document_mask";

    /**
     * {@code persons} with {@link #CLASS_MASK} and, when it has {@code documents_held}, {@link #DOCUMENT_MASK};
     * unchanged if it has them already.
     */
    public static Dataset<Row> withMasks(Dataset<Row> persons) {
        List<String> columns = java.util.Arrays.asList(persons.columns());
        if (columns.contains(CLASS_MASK)) {
            return persons;
        }
        Dataset<Row> masked = persons.withColumn(CLASS_MASK, mask(col("data_classes"), DataClass.values()));
        return columns.contains("documents_held") ? masked.withColumn(DOCUMENT_MASK, mask(col("documents_held"), DocumentType.values())) : masked;
    }

    private static Column mask(Column array, Enum<?>[] values) {
        if (values.length > 63) {
            throw new IllegalStateException("more values than bits in a long: " + values.length);
        }
        Column bits = lit(0L);
        for (Enum<?> v : values) {
            bits = bits.bitwiseOR(when(array_contains(array, v.name()), lit(1L << v.ordinal())).otherwise(lit(0L)));
        }
        return coalesce(bits, lit(0L));
    }

    /** The bits of named values; policies are checked against the enums, so an unknown name is a bug. */
    private static long bits(java.util.Collection<String> names, Class<? extends Enum<?>> type) {
        long bits = 0;
        for (String name : names) {
            Enum<?> value = java.util.Arrays.stream(type.getEnumConstants()).filter(v -> v.name().equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("not a " + type.getSimpleName() + ": " + name));
            bits |= 1L << value.ordinal();
        }
        return bits;
    }

    private static Dataset<Row> scoreMasked(Dataset<Row> persons, SeverityPolicy policy) {
        Column dpcRaw = lit(policy.dpcBase()).cast(DECIMAL);
        List<Column> applied = new ArrayList<>();
        applied.add(lit("DPC-BASE"));
        for (SeverityPolicy.Rule rule : policy.dpcContext()) {
            Column holds = condition(rule.when());
            dpcRaw = dpcRaw.plus(when(holds, lit(rule.amount())).otherwise(lit(BigDecimal.ZERO)));
            applied.add(when(holds, lit(rule.id())));
        }
        Column dpc = least(lit(BigDecimal.valueOf(4)), greatest(lit(BigDecimal.ONE), dpcRaw)).cast(DECIMAL);

        // EI: the first rule that applies (the policy's last rule always does).
        List<SeverityPolicy.Rule> eiRules = policy.ei();
        Column ei = null;
        Column eiRule = null;
        for (int i = eiRules.size() - 1; i >= 0; i--) {
            SeverityPolicy.Rule rule = eiRules.get(i);
            Column holds = condition(rule.when());
            ei = ei == null ? lit(rule.amount()) : when(holds, lit(rule.amount())).otherwise(ei);
            eiRule = eiRule == null ? lit(rule.id()) : when(holds, lit(rule.id())).otherwise(eiRule);
        }
        applied.add(eiRule);
        addIfPositive(applied, policy.confidentiality(), "CB-CONFIDENTIALITY");
        addIfPositive(applied, policy.integrity(), "CB-INTEGRITY");
        addIfPositive(applied, policy.availability(), "CB-AVAILABILITY");
        addIfPositive(applied, policy.maliciousIntent(), "CB-MALICIOUS-INTENT");

        Dataset<Row> scored = persons
                .withColumn("dpc", dpc)
                .withColumn("ei", ei.cast(DECIMAL))
                .withColumn("cb", lit(policy.circumstances()).cast(DECIMAL))
                .withColumn("factors", split(concat_ws(",", applied.toArray(new Column[0])), ","));
        scored = scored.withColumn("score", col("dpc").multiply(col("ei")).plus(col("cb")).cast(DECIMAL));
        Column level = when(col("score").geq(lit(Level.VERY_HIGH.from)), lit(Level.VERY_HIGH.name()))
                .when(col("score").geq(lit(Level.HIGH.from)), lit(Level.HIGH.name()))
                .when(col("score").geq(lit(Level.MEDIUM.from)), lit(Level.MEDIUM.name()))
                .otherwise(lit(Level.LOW.name()));
        return scored.withColumn("level", level)
                // "SE = DPC 2 × EI 1 + CB 1 = 3 (HIGH): …", concatenated: format_string goes through
                // java.util.Formatter for every person (measured: a sixth of scoring).
                .withColumn("explanation", concat(lit("SE = DPC "), col("dpc").cast("string"), lit(" × EI "), col("ei").cast("string"),
                        lit(" + CB "), col("cb").cast("string"), lit(" = "), col("score").cast("string"), lit(" ("), col("level"),
                        lit("): "), concat_ws(", ", col("factors"))));
    }

    private static void addIfPositive(List<Column> applied, BigDecimal amount, String id) {
        if (amount.signum() > 0) {
            applied.add(lit(id));
        }
    }

    /** Whether a rule's condition holds for a person: needs the columns of {@link #withMasks}, {@code minor} and {@code record_count}. */
    public static Column condition(SeverityPolicy.Condition c) {
        Column holds = lit(true);
        if (!c.classesAll().isEmpty()) {
            long all = bits(c.classesAll(), DataClass.class);
            holds = holds.and(col(CLASS_MASK).bitwiseAND(lit(all)).equalTo(lit(all)));
        }
        if (!c.documentsAny().isEmpty()) {
            holds = holds.and(col(DOCUMENT_MASK).bitwiseAND(lit(bits(c.documentsAny(), DocumentType.class))).notEqual(lit(0L)));
        }
        if (c.minor().isPresent()) {
            holds = holds.and(col("minor").equalTo(c.minor().get()));
        }
        if (c.recordsAtLeast().isPresent()) {
            holds = holds.and(col("record_count").geq(c.recordsAtLeast().get()));
        }
        return holds;
    }
}
