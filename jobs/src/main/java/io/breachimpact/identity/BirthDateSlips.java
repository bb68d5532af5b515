package io.breachimpact.identity;

import io.breachimpact.identity.match.Field;
import io.breachimpact.identity.match.LinkPolicy;
import io.breachimpact.identity.match.MatchModel;
import io.breachimpact.identity.match.MatchRecord;
import io.breachimpact.identity.match.RecordComparer;
import io.breachimpact.identity.match.Separations;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.api.java.UDF3;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.sql.Date;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

/**
 * Records of one human whose birth dates differ by a data-entry error (a digit, day and month swapped,
 * a 1 January placeholder) fall in different birth-date blocks. They are found through what does not
 * depend on the birth date — the same email, phone, account or document — among records whose birth
 * dates are within such an error of each other: an aggregation of the keys says which keys may hold
 * such a pair, and the tasks list those keys' records (node and date) and send back only the pairs a
 * slip apart. The caller compares them, from records it reads anyway; once the model is trained, a pair it links that also shares two identifiers moves the
 * later record into the earlier one's block, where it is compared with everyone there. A record that
 * would move to two blocks stays.
 */
final class BirthDateSlips {
    private BirthDateSlips() {
    }

    /** Two records whose birth dates differ by a data-entry error, {@code a} ingested first, and how they compared. */
    record SlipPair(String a, String b, int comparison, String surnameFormA, java.time.LocalDate dateA, java.time.LocalDate dateB) {
        static SlipPair of(MatchRecord x, MatchRecord y) {
            MatchRecord a = x.node().compareTo(y.node()) < 0 ? x : y;
            MatchRecord b = a == x ? y : x;
            return new SlipPair(a.node(), b.node(), RecordComparer.compare(a, b), a.surnameForm(), a.birthDate(), b.birthDate());
        }
    }

    /** The pairs found, in node order. */
    record Pairs(List<SlipPair> pairs) {
        /** Pairs of records as the matcher sees them, compared. */
        static Pairs compared(List<MatchRecord[]> records) {
            return new Pairs(records.stream().map(p -> SlipPair.of(p[0], p[1])).toList());
        }

        /** How many pairs compared each way: for training the model beside the blocks' pairs. */
        Map<Integer, Long> comparisons() {
            Map<Integer, Long> counts = new HashMap<>();
            for (SlipPair p : pairs) {
                counts.merge(p.comparison(), 1L, Long::sum);
            }
            return counts;
        }

        /**
         * The records that move: node → the birth date of the block they are compared in. The later
         * record of a linked pair goes where the earlier one is compared (its own block, or where it
         * moved); a record that would go to two blocks stays in its own, and so does one a correction
         * says is not the other's human.
         */
        Map<String, Date> moves(MatchModel model, LinkPolicy policy, Separations separations) {
            Map<String, List<SlipPair>> earlierLinks = new java.util.TreeMap<>();
            for (SlipPair p : pairs) {
                if (identifiersInCommon(p.comparison()) >= 2 && !separations.apart(p.a(), p.b())
                        && policy.links(p.comparison(), model.weight(p.comparison(), p.surnameFormA()))) {
                    earlierLinks.computeIfAbsent(p.b(), n -> new ArrayList<>()).add(p);
                }
            }
            Map<String, java.time.LocalDate> comparedAt = new HashMap<>();
            Map<String, Date> moves = new HashMap<>();
            for (Map.Entry<String, List<SlipPair>> e : earlierLinks.entrySet()) { // in node order: the earlier are settled first
                Set<java.time.LocalDate> destinations = new HashSet<>();
                for (SlipPair p : e.getValue()) {
                    destinations.add(comparedAt.getOrDefault(p.a(), p.dateA()));
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

    private static final StructType NODE_PAIR = new StructType().add("a", DataTypes.StringType, false).add("b", DataTypes.StringType, false);

    /**
     * The pairs of records (by node, {@code a < b}, in node order) that share an email, a phone, an
     * account or a document and whose birth dates are a slip apart.
     *
     * @param dated records with a birth date ({@code node}, {@code birth_date}, the keys)
     */
    static List<String[]> candidates(SparkSession spark, Dataset<Row> dated, int maxKeyRecords) {
        // Keys as 64-bit hashes, and an aggregation of fixed-width values: lists of records per key
        // cost twenty times more (measured). Only the keys whose records hold dates a slip apart are
        // then listed, node and date alone; a hash shared by two keys only adds a pair to compare.
        Dataset<Row> keyed = dated.select(col("node"), col("birth_date"), explode(array(
                        when(col("email_key").isNotNull(), xxhash64(lit("e"), col("email_key"))),
                        when(col("phone").isNotNull(), xxhash64(lit("p"), col("phone"))),
                        when(col("account_id").isNotNull(), xxhash64(lit("a"), col("account_id"))),
                        when(col("document").isNotNull(), xxhash64(lit("d"), col("document"))))).as("slip_key"))
                .filter(col("slip_key").isNotNull());
        UDF3<Date, Date, Long, Boolean> mayHoldASlip = (earliest, latest, records) -> records > 2 || slip(earliest.toLocalDate(),
                latest.toLocalDate());
        Set<Long> keys = new HashSet<>();
        for (Row r : keyed.groupBy("slip_key").agg(count(lit(1)).as("n"), min("birth_date").as("earliest"), max("birth_date").as("latest"))
                .filter(col("n").between(2, maxKeyRecords).and(col("earliest").notEqual(col("latest"))))
                .filter(udf(mayHoldASlip, DataTypes.BooleanType).apply(col("earliest"), col("latest"), col("n")))
                .select("slip_key").collectAsList()) {
            keys.add(r.getLong(0));
        }
        if (keys.isEmpty()) {
            return List.of();
        }
        org.apache.spark.api.java.JavaSparkContext jsc = new org.apache.spark.api.java.JavaSparkContext(spark.sparkContext());
        Broadcast<Set<Long>> wantedKeys = jsc.broadcast(keys);
        UDF1<Long, Boolean> isWantedKey = key -> wantedKeys.value().contains(key);
        // Many of those keys are a household's (three records or more, dates far apart): their pairs are
        // checked in the tasks, and only the pairs a slip apart reach the driver.
        List<Row> found = keyed.filter(udf(isWantedKey, DataTypes.BooleanType).apply(col("slip_key")))
                .groupBy("slip_key").agg(collect_list(struct(col("node"), col("birth_date"))).as("members"))
                .flatMap((FlatMapFunction<Row, Row>) key -> {
                    List<Row> members = key.getList(1);
                    List<Row> out = new ArrayList<>();
                    for (int x = 0; x < members.size(); x++) {
                        for (int y = x + 1; y < members.size(); y++) {
                            Row mx = members.get(x);
                            Row my = members.get(y);
                            if (slip(mx.getDate(1).toLocalDate(), my.getDate(1).toLocalDate())) {
                                String a = mx.getString(0);
                                String b = my.getString(0);
                                out.add(a.compareTo(b) < 0 ? RowFactory.create(a, b) : RowFactory.create(b, a));
                            }
                        }
                    }
                    return out.iterator();
                }, Encoders.row(NODE_PAIR))
                .distinct().collectAsList();
        wantedKeys.destroy();
        List<String[]> pairs = new ArrayList<>(found.size());
        found.forEach(r -> pairs.add(new String[] {r.getString(0), r.getString(1)}));
        pairs.sort(java.util.Comparator.comparing((String[] p) -> p[0]).thenComparing(p -> p[1]));
        return pairs;
    }

    /** The candidates compared, from their records as the matcher sees them (by node). */
    static Pairs compared(List<String[]> candidates, Map<String, MatchRecord> records) {
        List<SlipPair> pairs = new ArrayList<>(candidates.size());
        for (String[] c : candidates) {
            pairs.add(SlipPair.of(records.get(c[0]), records.get(c[1])));
        }
        return new Pairs(pairs);
    }
}
