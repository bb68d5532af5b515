package io.breachimpact.identity;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.util.ArrayList;
import java.util.List;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.hash;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.transform;
import static org.apache.spark.sql.functions.xxhash64;

/**
 * A digest of each person's whole row, kept in silver/persons ({@link #COLUMN}) so that what compares
 * two states of a person reads two narrow columns instead of every column of every person: an
 * incremental resolve leaving out the persons it made again as they were, decide finding the persons
 * that changed since it last read them. 96 bits (a 64-bit and a 32-bit hash of the same values): two
 * different rows of one person alike by chance about once in 10^28.
 *
 * <p>The person id is part of what is hashed: a keyed hash (HMAC) itself, it makes the digest one that
 * nobody without the lake's key can reproduce from guessed contact data. A rekey therefore computes it
 * again with the new ids.
 */
public final class PersonDigest {
    /** The digest's column in silver/persons. */
    public static final String COLUMN = "row_digest";

    private PersonDigest() {
    }

    /** The persons with their digest computed from every other column (one already there is replaced). */
    public static Dataset<Row> withDigest(Dataset<Row> persons) {
        Dataset<Row> rows = List.of(persons.columns()).contains(COLUMN) ? persons.drop(COLUMN) : persons;
        return rows.withColumn(COLUMN, of(rows.schema()));
    }

    /** Whether a state of silver/persons carries the digest. */
    public static boolean carriedBy(StructType schema) {
        return List.of(schema.fieldNames()).contains(COLUMN);
    }

    /**
     * The digest of the columns of {@code schema}. Spark's hashes skip nulls, so that a value moved to the
     * next column, or an array that gained a null element, would hash alike: each column's nullness and
     * each array's size are hashed too, and each element beside its own nullness.
     */
    static Column of(StructType schema) {
        List<Column> values = new ArrayList<>();
        for (StructField field : schema.fields()) {
            Column c = col(field.name());
            if (field.dataType() instanceof ArrayType) {
                values.add(transform(c, x -> struct(x, x.isNull())));
                values.add(size(c));
            } else {
                values.add(c);
            }
            values.add(c.isNull());
        }
        Column[] all = values.toArray(new Column[0]);
        return struct(xxhash64(all).as("h64"), hash(all).as("h32"));
    }
}
