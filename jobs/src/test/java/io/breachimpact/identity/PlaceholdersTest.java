package io.breachimpact.identity;

import io.breachimpact.testing.SharedSpark;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.apache.spark.sql.functions.lit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/** A value held by too many records is matched as missing, by the plan's literals or by a broadcast set. */
class PlaceholdersTest {
    private static final StructType MATCHED = new StructType().add("node", DataTypes.StringType).add("email_key", DataTypes.StringType)
            .add("phone", DataTypes.StringType).add("account_id", DataTypes.StringType).add("document", DataTypes.StringType);

    private static long key(Dataset<Row> any, String kind, String value) {
        return any.select(BirthDateSlips.key(kind, lit(value))).first().getLong(0);
    }

    @Test
    void placeholdersBecomeMissingAndNothingElseChanges() {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(SharedSpark.spark().sparkContext());
        Dataset<Row> matched = SharedSpark.spark().createDataFrame(List.of(
                RowFactory.create("1", "inconnu@exemple.fr", "+33600000000", "ACC1", "CNI|1"),
                RowFactory.create("2", "a.petit@mail.fr", "+33600000000", "ACC2", null),
                // The email placeholder's value as a phone is another key: kinds are hashed with the value.
                RowFactory.create("3", null, "inconnu@exemple.fr", null, "CNI|2")), MATCHED);
        long[] keys = {key(matched, "e", "inconnu@exemple.fr"), key(matched, "p", "+33600000000")};
        List<String> expected = List.of("1|null|null|ACC1|CNI|1", "2|a.petit@mail.fr|null|ACC2|null", "3|null|inconnu@exemple.fr|null|CNI|2");
        Resolution.Placeholders literals = Resolution.Placeholders.of(jsc, keys);
        assertEquals(expected, rows(literals.removed(matched)));
        Resolution.Placeholders set = new Resolution.Placeholders(keys, jsc.broadcast(new KeySet(keys)));
        assertEquals(expected, rows(set.removed(matched)));
        assertSame(matched, Resolution.Placeholders.of(jsc, new long[0]).removed(matched), "none: the records as they are");
        assertEquals(Arrays.asList(MATCHED.fieldNames()), Arrays.asList(literals.removed(matched).columns()));
    }

    private static List<String> rows(Dataset<Row> d) {
        List<String> out = new ArrayList<>();
        for (Row r : d.orderBy("node").collectAsList()) {
            out.add(r.getString(0) + "|" + r.getString(1) + "|" + r.getString(2) + "|" + r.getString(3) + "|" + r.getString(4));
        }
        return out;
    }
}
