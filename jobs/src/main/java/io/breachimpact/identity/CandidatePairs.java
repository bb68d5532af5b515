package io.breachimpact.identity;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import static org.apache.spark.sql.functions.array_join;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.levenshtein;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sort_array;
import static org.apache.spark.sql.functions.split;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

/**
 * Pairs of silver records that are the same human. Records are only compared inside blocks, so the
 * work stays near-linear: same birth date and given names (any order, accent- and case-insensitive),
 * or same email or valid phone and given names. Inside a block two records match when
 * <ul>
 *   <li>their surnames are within a few edits (typos, lost accents), or they share the email, the
 *       phone or the account (a changed surname with the same contact);</li>
 *   <li>in an email or phone block, the birth dates must not contradict (one may be unreadable).</li>
 * </ul>
 * Given names must agree everywhere: siblings share a guardian's email and phone, twins their birth
 * date too, and only their given names tell them apart. Blocks larger than the cap are left unpaired
 * and reported.
 */
public final class CandidatePairs {
    private CandidatePairs() {
    }

    /** The columns a record needs for matching, from silver/records plus its {@code node} key. */
    static Dataset<Row> matchView(Dataset<Row> records) {
        Column givenSorted = coalesce(array_join(sort_array(split(col("given_names_key"), " ")), " "), lit(""));
        return records.select(col("node"), col("surname_key"), givenSorted.as("given_sorted"), col("birth_date"),
                col("email_key"), when(col("phone_valid"), col("phone_e164")).as("phone"), col("account_id"));
    }

    /** Edges {@code (a, b)} with {@code a < b}, and the blocks too big to pair. */
    public record Result(Dataset<Row> edges, Dataset<Row> cappedBlocks) {
    }

    public static Result pairs(Dataset<Row> records, int maxBlockSize, int maxSurnameDistance) {
        Dataset<Row> view = matchView(records);
        Dataset<Row> blocked = block(view, "B1-BIRTH-GIVEN", col("birth_date").isNotNull(),
                        concat_ws("|", col("birth_date").cast("string"), col("given_sorted")))
                .unionByName(block(view, "B2-EMAIL-GIVEN", col("email_key").isNotNull(), concat_ws("|", col("email_key"), col("given_sorted"))))
                .unionByName(block(view, "B3-PHONE-GIVEN", col("phone").isNotNull(), concat_ws("|", col("phone"), col("given_sorted"))));
        Dataset<Row> sizes = blocked.groupBy("pass", "block").agg(count(lit(1)).as("size"));
        Dataset<Row> capped = sizes.filter(col("size").gt(maxBlockSize));
        Dataset<Row> usable = blocked.join(sizes.filter(col("size").leq(maxBlockSize)).filter(col("size").gt(1)), new String[] {"pass", "block"})
                .drop("size");

        Dataset<Row> a = usable.toDF(usable.columns()).select(prefixed(usable, "a_"));
        Dataset<Row> b = usable.toDF(usable.columns()).select(prefixed(usable, "b_"));
        Column sameBlock = col("a_pass").equalTo(col("b_pass")).and(col("a_block").equalTo(col("b_block")))
                .and(col("a_node").lt(col("b_node")));
        Column distance = levenshtein(col("a_surname_key"), col("b_surname_key"), maxSurnameDistance);
        Column surnamesClose = distance.geq(0);
        Column sharedContact = col("a_email_key").equalTo(col("b_email_key"))
                .or(col("a_phone").equalTo(col("b_phone")))
                .or(col("a_account_id").equalTo(col("b_account_id")));
        Column birthsAgree = col("a_birth_date").isNull().or(col("b_birth_date").isNull())
                .or(col("a_birth_date").equalTo(col("b_birth_date")));
        Column match = when(col("a_pass").equalTo("B1-BIRTH-GIVEN"), coalesce(surnamesClose, lit(false)).or(coalesce(sharedContact, lit(false))))
                .otherwise(birthsAgree.and(coalesce(surnamesClose, lit(false))));
        Dataset<Row> edges = a.join(b, sameBlock).filter(match)
                .select(col("a_node").as("a"), col("b_node").as("b")).distinct();
        return new Result(edges, capped);
    }

    private static Dataset<Row> block(Dataset<Row> view, String pass, Column eligible, Column key) {
        return view.filter(eligible).select(lit(pass).as("pass"), key.as("block"), col("node"), col("surname_key"),
                col("birth_date"), col("email_key"), col("phone"), col("account_id"));
    }

    private static Column[] prefixed(Dataset<Row> ds, String prefix) {
        String[] names = ds.columns();
        Column[] columns = new Column[names.length];
        for (int i = 0; i < names.length; i++) {
            columns[i] = col(names[i]).as(prefix + names[i]);
        }
        return columns;
    }

    /** Blocks left unpaired, by pass: how many and how many records they hold. */
    static Dataset<Row> cappedSummary(Dataset<Row> capped) {
        return capped.groupBy("pass").agg(count(lit(1)).as("blocks"), sum("size").as("records"));
    }
}
