package io.breachimpact.decide;

import io.breachimpact.identity.PersonDigest;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.util.ArrayList;
import java.util.List;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.hash;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.transform;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

/**
 * The persons a decide has to decide again: those whose row, as decide reads it, is new or differs
 * from the one the last decide read, and those gone since. A person whose row did not change gets
 * the decision it got (the rules read the row and the policy only) and nothing new to issue (the
 * ledger already holds what it was told); it keeps its row of gold/decisions.
 */
final class DecisionChanges {
    private DecisionChanges() {
    }

    /** A person new or whose row changed: decided again. */
    static final String CHANGED = "CHANGED";
    /** A person the last decide decided, no longer in silver/persons: its decision is deleted. */
    static final String REMOVED = "REMOVED";

    /**
     * silver/persons now and as the last decide read it → one row per person to decide again or to
     * delete: {@code person_id}, {@code change} ({@link #CHANGED} or {@link #REMOVED}). Rows are
     * compared by a digest, so that only ids and digests are shuffled: the 64-bit one both states keep
     * of every column ({@link PersonDigest}: read, not computed; a person whose row changed only in
     * columns decide does not read is decided again, to the same decision), else a 96-bit one of what
     * decide reads of them (two different rows of the same person alike: about one in 10^28).
     */
    static Dataset<Row> of(Dataset<Row> now, Dataset<Row> then) {
        boolean kept = PersonDigest.carriedBy(now.schema()) && PersonDigest.carriedBy(then.schema());
        Dataset<Row> current = now.select(col("person_id").as("now_id"), (kept ? col(PersonDigest.COLUMN) : digest(now.schema())).as("now_digest"));
        Dataset<Row> read = then.select(col("person_id").as("then_id"), (kept ? col(PersonDigest.COLUMN) : digest(then.schema())).as("then_digest"));
        return current.join(read, current.col("now_id").equalTo(read.col("then_id")), "full_outer")
                .filter(not(col("now_digest").eqNullSafe(col("then_digest"))))
                .select(coalesce(col("now_id"), col("then_id")).as("person_id"),
                        when(col("now_id").isNull(), lit(REMOVED)).otherwise(lit(CHANGED)).as("change"));
    }

    /**
     * silver/persons now and the ids of the persons whose rows changed since the last decide read it
     * (its change data feed: every row inserted, replaced or deleted) → the same rows as {@link #of}, or
     * more: a person whose row changed in a column decide does not read is decided again, to the same
     * decision. Only the changed ids are looked up among the persons (broadcast up to a million).
     */
    static Dataset<Row> ofChangedIds(Dataset<Row> now, Dataset<Row> changedIds) {
        Dataset<Row> ids = changedIds.select("person_id");
        Dataset<Row> present = now.select("person_id").join(io.breachimpact.spark.DeltaTables.keysToJoin(ids, ids.count()), "person_id", "left_semi")
                .withColumn("present", lit(true));
        return ids.join(present, "person_id", "left")
                .select(col("person_id"), when(col("present").isNull(), lit(REMOVED)).otherwise(lit(CHANGED)).as("change"));
    }

    /**
     * What decide reads of a person, hashed twice (64 + 32 bits). Spark's hashes skip nulls, so that a
     * value moved to the next column, or an array that gained a null element, would hash alike: each
     * column's nullness and each array's size are hashed too, and null elements as a mark of their own.
     */
    private static Column digest(StructType schema) {
        List<Column> read = new ArrayList<>();
        for (String name : DecisionRows.personColumns()) {
            Column c = col(name);
            DataType type = schema.apply(name).dataType();
            if (type instanceof ArrayType array && array.elementType() == DataTypes.StringType) {
                read.add(transform(c, x -> coalesce(x, lit(NULL_ELEMENT))));
                read.add(size(c));
            } else {
                read.add(c);
            }
            read.add(c.isNull());
        }
        Column[] all = read.toArray(new Column[0]);
        return struct(xxhash64(all).as("h64"), hash(all).as("h32"));
    }

    /** A null element of an array of text, hashed as this (a character no text of a person holds). */
    private static final String NULL_ELEMENT = "\0";

    /** The ids of the persons to decide again. */
    static Dataset<Row> changed(Dataset<Row> changes) {
        return changes.filter(col("change").equalTo(CHANGED)).select("person_id");
    }

    /** The ids of the persons whose decision is deleted. */
    static Dataset<Row> removed(Dataset<Row> changes) {
        return changes.filter(col("change").equalTo(REMOVED)).select("person_id");
    }
}
