package io.breachimpact.identity;

import io.breachimpact.identity.match.BlockLinker;
import io.breachimpact.identity.match.Comparison;
import io.breachimpact.identity.match.Field;
import io.breachimpact.identity.match.MatchModel;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;

/**
 * The links that made a person, for {@code silver/person_links} and {@code explain}: the two records
 * (by id), the rule that paired them, the match weight and how each field compared — levels only,
 * never a value. A person of n records has n − 1 links (those taken, strongest first, that joined its
 * records); a person of one record has none.
 */
public final class PersonLinks {
    private PersonLinks() {
    }

    /** The rule of a link between records without a readable birth date: a shared contact and the same names. */
    public static final String UNDATED_RULE = "undated_shared_contact_and_names";

    private static final Field[] FIELDS = Field.values();

    /** The column every field's level is written in. */
    public static String agreementColumn(Field f) {
        return f.name().toLowerCase(Locale.ROOT) + "_agreement";
    }

    public static final StructType LINK = link();

    private static StructType link() {
        StructType t = new StructType().add("record_a", DataTypes.StringType, false).add("record_b", DataTypes.StringType, false)
                .add("rule", DataTypes.StringType, false).add("weight", DataTypes.DoubleType, true)
                .add("probability", DataTypes.DoubleType, true);
        for (Field f : FIELDS) {
            t = t.add(agreementColumn(f), DataTypes.StringType, false);
        }
        return t;
    }

    /** A person row with its links: what the block pass writes to silver/persons. */
    public static final StructType PERSON_WITH_LINKS = PersonAssembler.SCHEMA.add("links", DataTypes.createArrayType(LINK, false), false);

    /** A link the block linker took. */
    static Row of(String recordA, String recordB, BlockLinker.Link link) {
        return row(recordA, recordB, link.rule().name().toLowerCase(Locale.ROOT), link.weight(), link.comparison());
    }

    /** A link between records whose birth dates could not be read: no weight, the comparison for the reader. */
    static Row undated(String recordA, String recordB, int comparison) {
        return row(recordA, recordB, UNDATED_RULE, null, comparison);
    }

    private static Row row(String recordA, String recordB, String rule, Double weight, int comparison) {
        List<Object> values = new ArrayList<>(List.of(recordA, recordB, rule));
        values.add(weight);
        values.add(weight == null ? null : MatchModel.probability(weight));
        for (Field f : FIELDS) {
            values.add(f.describe(Comparison.level(comparison, f)));
        }
        return RowFactory.create(values.toArray());
    }

    /** A person row and its links as one row of {@link #PERSON_WITH_LINKS}. */
    static Row withLinks(Row person, List<Row> links) {
        Object[] values = new Object[person.length() + 1];
        for (int i = 0; i < person.length(); i++) {
            values[i] = person.get(i);
        }
        values[person.length()] = scala.collection.JavaConverters.asScalaBuffer(links).toList();
        return RowFactory.create(values);
    }

    /** silver/person_links: one row per link, from the persons that hold them. */
    public static Dataset<Row> table(Dataset<Row> persons) {
        List<Column> columns = new ArrayList<>(List.of(col("person_id")));
        for (String field : LINK.fieldNames()) {
            columns.add(col("link." + field).as(field));
        }
        return persons.select(col("person_id"), explode(col("links")).as("link")).select(columns.toArray(new Column[0]));
    }
}
