package io.breachimpact.identity;

import io.breachimpact.identity.match.Field;
import io.breachimpact.identity.match.LinkPolicy;
import io.breachimpact.identity.match.MatchModel;
import io.breachimpact.identity.match.MatchRecord;
import io.breachimpact.identity.match.RecordComparer;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.api.java.UDF3;
import org.apache.spark.sql.types.DataTypes;

import java.sql.Date;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

/**
 * Records of one human whose birth dates differ by a data-entry error (a digit, day and month swapped,
 * a 1 January placeholder) fall in different birth-date blocks. They are found through what does not
 * depend on the birth date — the same email, phone, account or document — among records whose birth
 * dates are within such an error of each other (few: one scan and one shuffle of the keys). Each pair
 * is compared; once the model is trained, a pair it links that also shares two identifiers moves the
 * later record into the earlier one's block, where it is compared with everyone there. A record that
 * would move to two blocks stays.
 */
final class BirthDateSlips {
    private BirthDateSlips() {
    }

    /** Pairs of records (each as the matcher sees it) whose birth dates differ by a data-entry error. */
    record Pairs(List<MatchRecord[]> pairs) {
        /** How many pairs compared each way: for training the model beside the blocks' pairs. */
        Map<Integer, Long> comparisons() {
            Map<Integer, Long> counts = new HashMap<>();
            for (MatchRecord[] p : pairs) {
                counts.merge(RecordComparer.compare(p[0], p[1]), 1L, Long::sum);
            }
            return counts;
        }

        /**
         * The records that move: node → the birth date of the block they are compared in. The later
         * record of a linked pair goes where the earlier one is compared (its own block, or where it
         * moved); a record that would go to two blocks stays in its own.
         */
        Map<String, Date> moves(MatchModel model, LinkPolicy policy) {
            Map<String, List<MatchRecord>> earlierLinks = new java.util.TreeMap<>();
            for (MatchRecord[] p : pairs) {
                int c = RecordComparer.compare(p[0], p[1]);
                if (identifiersInCommon(c) >= 2 && policy.links(c, model.weight(c, p[0].surnameForm()))) {
                    earlierLinks.computeIfAbsent(p[1].node(), n -> new ArrayList<>()).add(p[0]); // p[0] is the earlier
                }
            }
            Map<String, java.time.LocalDate> comparedAt = new HashMap<>();
            Map<String, Date> moves = new HashMap<>();
            for (Map.Entry<String, List<MatchRecord>> e : earlierLinks.entrySet()) { // in node order: the earlier are settled first
                Set<java.time.LocalDate> destinations = new HashSet<>();
                for (MatchRecord earlier : e.getValue()) {
                    destinations.add(comparedAt.getOrDefault(earlier.node(), earlier.birthDate()));
                }
                if (destinations.size() == 1) {
                    java.time.LocalDate to = destinations.iterator().next();
                    comparedAt.put(e.getKey(), to);
                    moves.put(e.getKey(), Date.valueOf(to));
                }
            }
            return moves;
        }
    }

    /**
     * How many of the email, the phone, the account, the document and the street address the two
     * share. A move needs two: namesakes born the same year may share one address built from their
     * names (an email, a family phone), rarely two.
     */
    static int identifiersInCommon(int comparison) {
        int n = 0;
        for (Field f : List.of(Field.EMAIL, Field.PHONE, Field.ACCOUNT, Field.DOCUMENT, Field.ADDRESS)) {
            n += io.breachimpact.identity.match.Comparison.level(comparison, f) == 0 ? 1 : 0;
        }
        return n;
    }

    /**
     * Whether two birth dates differ by a data-entry error: one digit, day and month swapped, or one of
     * them 1 January of the other's year (a placeholder for a day not known).
     */
    static boolean slip(java.time.LocalDate a, java.time.LocalDate b) {
        int level = RecordComparer.birthDate(a, b);
        if (level == 1 || level == 2) {
            return true;
        }
        return level == 3 && (a.getDayOfYear() == 1 || b.getDayOfYear() == 1);
    }

    /** @param dated records with a birth date, as blocked ({@code node}, the matcher's columns) */
    static Pairs find(SparkSession spark, Dataset<Row> dated, int maxKeyRecords, Resolution.RowMatch toMatch) {
        // Keys as 64-bit hashes, and an aggregation of fixed-width values: lists of records per key
        // cost twenty times more (measured). Only the few keys whose records hold dates a slip apart
        // are listed, from a second scan; a hash shared by two keys only adds a pair to compare.
        Dataset<Row> keyed = dated.select(col("node"), col("birth_date"), explode(array(
                        when(col("email_key").isNotNull(), xxhash64(lit("e"), col("email_key"))),
                        when(col("phone").isNotNull(), xxhash64(lit("p"), col("phone"))),
                        when(col("account_id").isNotNull(), xxhash64(lit("a"), col("account_id"))),
                        when(col("document").isNotNull(), xxhash64(lit("d"), col("document"))))).as("key"))
                .filter(col("key").isNotNull());
        UDF3<Date, Date, Long, Boolean> mayHoldASlip = (earliest, latest, records) -> records > 2 || slip(earliest.toLocalDate(),
                latest.toLocalDate());
        Set<Long> keys = new HashSet<>();
        for (Row r : keyed.groupBy("key").agg(count(lit(1)).as("n"), min("birth_date").as("earliest"), max("birth_date").as("latest"))
                .filter(col("n").between(2, maxKeyRecords).and(col("earliest").notEqual(col("latest"))))
                .filter(udf(mayHoldASlip, DataTypes.BooleanType).apply(col("earliest"), col("latest"), col("n")))
                .select("key").collectAsList()) {
            keys.add(r.getLong(0));
        }
        org.apache.spark.api.java.JavaSparkContext jsc = new org.apache.spark.api.java.JavaSparkContext(spark.sparkContext());
        Broadcast<Set<Long>> wantedKeys = jsc.broadcast(keys);
        UDF1<Long, Boolean> isWantedKey = key -> wantedKeys.value().contains(key);
        Map<Long, List<Row>> byKey = new java.util.TreeMap<>();
        if (!keys.isEmpty()) {
            for (Row r : keyed.filter(udf(isWantedKey, DataTypes.BooleanType).apply(col("key"))).collectAsList()) {
                byKey.computeIfAbsent(r.getLong(2), k -> new ArrayList<>()).add(r);
            }
        }
        wantedKeys.destroy();
        Set<List<String>> distinctPairs = new java.util.TreeSet<>(java.util.Comparator.comparing((List<String> p) -> p.get(0))
                .thenComparing(p -> p.get(1)));
        for (List<Row> members : byKey.values()) {
            for (int x = 0; x < members.size(); x++) {
                for (int y = x + 1; y < members.size(); y++) {
                    String a = members.get(x).getString(0);
                    String b = members.get(y).getString(0);
                    if (slip(members.get(x).getDate(1).toLocalDate(), members.get(y).getDate(1).toLocalDate())) {
                        distinctPairs.add(a.compareTo(b) < 0 ? List.of(a, b) : List.of(b, a));
                    }
                }
            }
        }
        List<Row> found = new ArrayList<>();
        distinctPairs.forEach(p -> found.add(RowFactory.create(p.get(0), p.get(1))));
        Set<String> nodes = new HashSet<>();
        for (Row p : found) {
            nodes.add(p.getString(0));
            nodes.add(p.getString(1));
        }
        Broadcast<Set<String>> wanted = jsc.broadcast(nodes);
        UDF1<String, Boolean> isWanted = node -> wanted.value().contains(node);
        Map<String, MatchRecord> records = new HashMap<>();
        if (!nodes.isEmpty()) {
            for (Row r : dated.filter(udf(isWanted, DataTypes.BooleanType).apply(col("node"))).collectAsList()) {
                records.put(r.getAs("node"), toMatch.apply(r));
            }
        }
        wanted.destroy();
        List<MatchRecord[]> matched = new ArrayList<>(found.size());
        found.forEach(p -> matched.add(new MatchRecord[] {records.get(p.getString(0)), records.get(p.getString(1))}));
        return new Pairs(matched);
    }
}
