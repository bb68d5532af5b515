package io.breachimpact.identity;

import io.breachimpact.identity.match.BlockLinker;
import io.breachimpact.identity.match.Comparison;
import io.breachimpact.identity.match.Field;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import scala.collection.JavaConverters;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.negate;
import static org.apache.spark.sql.functions.posexplode;
import static org.apache.spark.sql.functions.pow;
import static org.apache.spark.sql.functions.shiftrightunsigned;

/**
 * The links that made a person, for {@code silver/person_links} and {@code explain}: the two records
 * (by id), the rule that paired them, the match weight and how each field compared — levels only,
 * never a value. A person of n records has n − 1 links (those taken, strongest first, that joined its
 * records); a person of one record has none.
 */
public final class PersonLinks {
    private PersonLinks() {
    }

    /**
     * The rule of a link between records without a readable birth date: one component of records tied
     * by shared contacts, the same given names and a surname the same or a typo apart (perhaps through
     * other records; {@link UndatedTies}).
     */
    public static final String UNDATED_RULE = "undated_component";

    private static final Field[] FIELDS = Field.values();

    /** The column every field's level is written in. */
    public static String agreementColumn(Field f) {
        return f.name().toLowerCase(Locale.ROOT) + "_agreement";
    }

    /**
     * A link as a person row carries it: the comparison packed ({@link Comparison}), spelt out only when
     * silver/person_links is written (each of millions of links would otherwise carry eight strings
     * through the block pass), and whether one of the two was compared at an imputed birth date.
     */
    static final StructType LINK = new StructType().add("record_a", DataTypes.StringType, false)
            .add("record_b", DataTypes.StringType, false).add("rule", DataTypes.StringType, false)
            .add("weight", DataTypes.DoubleType, true).add("comparison", DataTypes.IntegerType, false)
            .add("birth_date_imputed", DataTypes.BooleanType, false);

    /**
     * The columns of silver/person_links after the person id, in order, that every lake's table holds:
     * what {@code explain} reads. {@code birth_date_imputed} comes after them (persons version 6); explain
     * says it in words from the records.
     */
    public static final List<String> COLUMNS = columns();

    private static List<String> columns() {
        List<String> c = new ArrayList<>(List.of("record_a", "record_b", "rule", "weight", "probability"));
        for (Field f : FIELDS) {
            c.add(agreementColumn(f));
        }
        return List.copyOf(c);
    }

    /**
     * A person, the links that made it, and per record (in {@code record_ids}' order) what a later run
     * compares it with to link again only what changed: the digest of what it was linked from (none for
     * the records without a birth date linked by their ties) and the birth date of the block it was
     * linked in; then the digest of the whole row ({@link PersonDigest}).
     */
    public static final StructType PERSON_WITH_LINKS = PersonAssembler.SCHEMA.add("links", DataTypes.createArrayType(LINK, false), false)
            .add("record_digests", DataTypes.createArrayType(DataTypes.LongType, true), false)
            .add("record_blocks", DataTypes.createArrayType(DataTypes.DateType, true), false)
            .add(PersonDigest.COLUMN, DataTypes.LongType, false);

    /**
     * A link the block linker took.
     *
     * @param birthDateImputed one of the two records has no readable birth date: it was compared at the date
     *                         its ties agree on, and the link's birth-date level is that comparison's
     */
    static Row of(String recordA, String recordB, BlockLinker.Link link, boolean birthDateImputed) {
        return RowFactory.create(recordA, recordB, link.rule().name().toLowerCase(Locale.ROOT), link.weight(), link.comparison(),
                birthDateImputed);
    }

    /** A link between records whose birth dates could not be read: no weight, the comparison for the reader, no date imputed. */
    static Row undated(String recordA, String recordB, int comparison) {
        return RowFactory.create(recordA, recordB, UNDATED_RULE, null, comparison, false);
    }

    /**
     * A person row, its links and its records' digests and blocks as one row of {@link #PERSON_WITH_LINKS}.
     *
     * @param records the human's records, with {@code match_digest} and {@code block_date}
     */
    static Row withLinks(Row person, List<Row> links, List<Row> records) {
        Map<String, Row> byId = new java.util.HashMap<>();
        for (Row r : records) {
            byId.put(r.getAs("record_id"), r);
        }
        List<Object> digests = new ArrayList<>();
        List<Object> blocks = new ArrayList<>();
        for (String id : person.<String>getList(PersonAssembler.SCHEMA.fieldIndex("record_ids"))) {
            digests.add(byId.get(id).getAs(ChangedBlocks.MATCH_DIGEST));
            blocks.add(byId.get(id).getAs("block_date"));
        }
        Object[] values = new Object[person.length() + 4];
        for (int i = 0; i < person.length(); i++) {
            values[i] = person.get(i);
        }
        values[person.length()] = JavaConverters.asScalaBuffer(links).toList();
        values[person.length() + 1] = JavaConverters.asScalaBuffer(digests).toList();
        values[person.length() + 2] = JavaConverters.asScalaBuffer(blocks).toList();
        values[person.length() + 3] = PersonDigest.of(values, person.length() + 3);
        return RowFactory.create(values);
    }

    /** silver/person_records: each record's person. */
    public static Dataset<Row> records(Dataset<Row> persons) {
        return persons.select(explode(col("record_ids")).as("record_id"), col("person_id"));
    }

    /** Each record as the persons hold it: its person, its digest and its block ({@link ChangedBlocks}' previous state). */
    static Dataset<Row> recordStates(Dataset<Row> persons) {
        return persons.select(col("person_id"), col("record_digests"), col("record_blocks"), posexplode(col("record_ids")).as(new String[] {"position",
                        "record_id"}))
                .select(col("record_id"), col("person_id"), element_at(col("record_digests"), col("position").plus(1)).as(ChangedBlocks.MATCH_DIGEST),
                        element_at(col("record_blocks"), col("position").plus(1)).as("block_date"));
    }

    /** silver/person_links: one row per link, from the persons that hold them, each field's level spelt out. */
    public static Dataset<Row> table(Dataset<Row> persons) {
        List<Column> columns = new ArrayList<>(List.of(col("person_id"), col("link.record_a").as("record_a"), col("link.record_b").as("record_b"),
                col("link.rule").as("rule"), col("link.weight").as("weight"),
                lit(1.0).divide(lit(1.0).plus(pow(lit(2.0), negate(col("link.weight"))))).as("probability")));
        for (Field f : FIELDS) {
            List<Column> names = new ArrayList<>(List.of(lit(f.describe(Field.MISSING))));
            for (int level = 0; level < f.levelCount(); level++) {
                names.add(lit(f.describe(level)));
            }
            // Comparison's packing: Field.BITS a field, level + 1, 0 for missing.
            Column code = shiftrightunsigned(col("link.comparison"), f.ordinal() * Field.BITS).bitwiseAND((1 << Field.BITS) - 1);
            columns.add(element_at(array(names.toArray(new Column[0])), code.plus(1)).as(agreementColumn(f)));
        }
        columns.add(col("link.birth_date_imputed").as("birth_date_imputed"));
        return persons.select(col("person_id"), explode(col("links")).as("link")).select(columns.toArray(new Column[0]));
    }
}
