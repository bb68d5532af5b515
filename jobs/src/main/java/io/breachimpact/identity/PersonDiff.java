package io.breachimpact.identity;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.lit;

/**
 * A run over every record against the persons silver/persons holds: only the persons that differ from
 * the table's (by id and {@link PersonDigest}) and the ids of those no longer made, so that the table
 * changes row by row by what really changed, as after an incremental run, instead of being rewritten.
 * What reads the persons' changes (exposure, decide, the report) then reads a night's changes from the
 * change data feed on a default night too, and the table no longer gains a whole copy every night.
 *
 * <p>The table's persons ride along the block pass's shuffle: a person made in a block is compared with
 * the persons the table holds for that block ({@code record_blocks}' date), a narrow side of ids and
 * digests. The undated persons, few, are compared by a join. A person whose records moved to another
 * block is gone from the one and made in the other: its row is replaced.
 */
final class PersonDiff {
    /** The id of a person of the table that this run did not make again (the other columns null). */
    static final String GONE = "gone_person";

    /** A row of {@link PersonLinks#PERSON_WITH_LINKS} made or changed, or a {@link #GONE} id: every column nullable. */
    static final StructType CHANGE = change();

    private PersonDiff() {
    }

    private static StructType change() {
        List<StructField> fields = new ArrayList<>();
        for (StructField f : PersonLinks.PERSON_WITH_LINKS.fields()) {
            fields.add(new StructField(f.name(), f.dataType(), true, f.metadata()));
        }
        fields.add(new StructField(GONE, DataTypes.StringType, true, org.apache.spark.sql.types.Metadata.empty()));
        return new StructType(fields.toArray(new StructField[0]));
    }

    /** The table's persons as the comparison reads them: id, digest, and the block they were made in (null: undated). */
    static Dataset<Row> kept(Dataset<Row> table) {
        return table.select(col("person_id"), col(PersonDigest.COLUMN), element_at(col("record_blocks"), 1).as("block_date"));
    }

    /** Whether the table's persons can be compared with a run's: the same columns, each row with its digest. */
    static boolean comparable(Dataset<Row> table) {
        return PersonDigest.carriedBy(table.schema())
                && java.util.Arrays.equals(table.schema().fieldNames(), PersonLinks.PERSON_WITH_LINKS.fieldNames());
    }

    /**
     * One block's changes: each person made whose id the table does not hold for this block, or holds with
     * another digest; then the id of each person the table holds for it that was not made here.
     *
     * @param made the persons made from the block's records ({@link PersonLinks#PERSON_WITH_LINKS})
     * @param kept the table's persons of the block ({@link #kept})
     */
    static List<Row> ofBlock(List<Row> made, Iterator<Row> kept) {
        Map<String, Long> before = new HashMap<>();
        kept.forEachRemaining(k -> before.put(k.getString(0), k.getLong(1)));
        int digest = PersonLinks.PERSON_WITH_LINKS.fieldIndex(PersonDigest.COLUMN);
        List<Row> changes = new ArrayList<>();
        for (Row person : made) {
            Long was = before.remove(person.getString(0));
            if (was == null || was != person.getLong(digest)) {
                changes.add(made(person));
            }
        }
        for (String id : before.keySet()) {
            changes.add(gone(id));
        }
        return changes;
    }

    private static Row made(Row person) {
        Object[] values = new Object[CHANGE.size()];
        for (int i = 0; i < person.size(); i++) {
            values[i] = person.get(i);
        }
        return RowFactory.create(values);
    }

    private static Row gone(String id) {
        Object[] values = new Object[CHANGE.size()];
        values[CHANGE.size() - 1] = id;
        return RowFactory.create(values);
    }

    /** The undated persons' changes, by a join: the persons made without a block against the table's without one. */
    static Dataset<Row> undated(Dataset<Row> made, Dataset<Row> kept) {
        Dataset<Row> keptUndated = kept.filter(col("block_date").isNull()).select(col("person_id"), col(PersonDigest.COLUMN));
        Column[] columns = java.util.Arrays.stream(CHANGE.fieldNames()).map(org.apache.spark.sql.functions::col).toArray(Column[]::new);
        Dataset<Row> changed = made.join(keptUndated, scala.collection.JavaConverters.asScalaBuffer(List.of("person_id", PersonDigest.COLUMN))
                .toSeq(), "left_anti").withColumn(GONE, lit(null).cast(DataTypes.StringType));
        Dataset<Row> gone = keptUndated.join(made.select("person_id"), "person_id", "left_anti").select(col("person_id").as(GONE));
        return changed.unionByName(gone, true).select(columns);
    }

    /**
     * The persons made or changed, in the table's columns. Nullable as {@link #CHANGE} declares them: Delta
     * checks the table's NOT NULL columns as it appends them. (Rebuilt as the table declares them through
     * Java rows, they cost 20 s of CPU per use at 19M records for 166,000 persons, measured.)
     */
    static Dataset<Row> persons(Dataset<Row> changes) {
        Column[] columns = java.util.Arrays.stream(PersonLinks.PERSON_WITH_LINKS.fieldNames()).map(org.apache.spark.sql.functions::col)
                .toArray(Column[]::new);
        return changes.filter(col(GONE).isNull()).select(columns);
    }

    /** The ids of the table's persons not made again. */
    static Dataset<Row> goneIds(Dataset<Row> changes) {
        return changes.filter(col(GONE).isNotNull()).select(col(GONE).as("person_id"));
    }
}
