package io.breachimpact.identity;

import io.breachimpact.identity.match.Field;
import io.breachimpact.identity.match.LinkPolicy;
import io.breachimpact.identity.match.MatchModel;
import io.breachimpact.identity.match.MatchRecord;
import io.breachimpact.identity.match.RecordComparer;
import io.breachimpact.identity.match.Separations;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
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
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

/**
 * Records of one human whose birth dates differ by a data-entry error (a digit, day and month swapped,
 * a 1 January placeholder) fall in different birth-date blocks. They are found through what does not
 * depend on the birth date — the same email, phone, account or document — among records whose birth
 * dates are within such an error of each other: the records of each key (node and date) are read
 * together in the tasks, which send back only the pairs a slip apart. The caller compares them, from records it reads anyway; once the model is trained, a pair it links that also shares two identifiers moves the
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

    /** A pair (a, b) of node fingerprints found by a key, or, {@code placeholder} true, a key held by too many records (a, b = 0). */
    private static final StructType KEYED_PAIR = new StructType().add("slip_key", DataTypes.LongType, false)
            .add("a", DataTypes.LongType, false).add("b", DataTypes.LongType, false).add("placeholder", DataTypes.BooleanType, false);

    /**
     * The pairs found, each with the key that found it ({@code {key, a, b}}: a pair two keys find is there
     * twice), and the keys held by more than the cap of records ({@link #key}): an email or a phone that
     * many records share is an export's placeholder ("inconnu@…", "0600000000"), which says nothing of
     * who a record is. Per key, so that a run can search again only some keys and keep the others'
     * ({@link KeptSlips}).
     */
    record Found(List<long[]> keyedPairs, long[] placeholders) {
        /** The pairs (a, b), each once, in fingerprint order. */
        List<long[]> pairs() {
            java.util.TreeSet<long[]> distinct = new java.util.TreeSet<>((x, y) -> x[0] != y[0] ? Long.compare(x[0], y[0]) : Long.compare(x[1], y[1]));
            keyedPairs.forEach(p -> distinct.add(new long[] {p[1], p[2]}));
            return new ArrayList<>(distinct);
        }
    }

    /** A key as the search hashes it: its kind's letter and its value ({@code e}, {@code p}, {@code a}, {@code d}). */
    static Column key(String kind, Column value) {
        return when(value.isNotNull(), xxhash64(lit(kind), value));
    }

    /** The four keys of a record ({@code email_key}, {@code phone}, {@code account_id}, {@code document}), each null when it has none. */
    static Column keys() {
        return array(key("e", col("email_key")), key("p", col("phone")), key("a", col("account_id")), key("d", col("document")));
    }

    /**
     * A record's node as the slip search carries it: 64 bits instead of the node's string, through a
     * shuffle of every key of every dated record. The caller finds the records back by it
     * ({@link #nodePairs}).
     */
    static Column nodeFingerprint(Column node) {
        return xxhash64(node);
    }

    /**
     * The pairs of records (by {@link #nodeFingerprint}, smaller first) that share an email, a phone, an
     * account or a document and whose birth dates are a slip apart.
     *
     * @param dated records with a birth date ({@code node}, {@code birth_date}, the keys)
     */
    static Found candidates(Dataset<Row> dated, int maxKeyRecords) {
        return search(keyed(dated.filter(col("birth_date").isNotNull()).select(nodeFingerprint(col("node")).as("node_fp"),
                expr("unix_date(birth_date)").as("born"), keys().as("slip_keys"))), maxKeyRecords);
    }

    /** Each key of each record on a row of its own: ({@code slip_key}, {@code born}, {@code node_fp}) from ({@code node_fp}, {@code born}, {@code slip_keys}). */
    static Dataset<Row> keyed(Dataset<Row> records) {
        return records.select(col("node_fp"), col("born"), explode(col("slip_keys")).as("slip_key"))
                .filter(col("slip_key").isNotNull())
                .select("slip_key", "born", "node_fp");
    }

    /**
     * The pairs a slip apart and the placeholders among the records of each key of {@code keyed}
     * ({@link #keyed}: every record holding a key must be there for that key's result to hold).
     *
     * <p>One shuffle of (key, birth date, node fingerprint), keys as 64-bit hashes, each partition sorted
     * by key and read once, a key's records at a time: an aggregation of the keys, then a second scan for
     * the records of the keys it kept, cost twice as much (measured: a hash aggregation of 76 million
     * mostly unique keys at 19M records). A key held by more than {@code maxKeyRecords} records pairs
     * none of them, as in the blocks; a hash shared by two keys only adds a pair to compare.
     */
    static Found search(Dataset<Row> keyed, int maxKeyRecords) {
        List<Row> found = keyed.repartition(col("slip_key")).sortWithinPartitions("slip_key")
                .mapPartitions((MapPartitionsFunction<Row, Row>) rows -> new KeyGroups(rows, maxKeyRecords), Encoders.row(KEYED_PAIR))
                .distinct().collectAsList();
        List<long[]> pairs = new ArrayList<>(found.size());
        List<Long> placeholders = new ArrayList<>();
        for (Row r : found) {
            if (r.getBoolean(3)) {
                placeholders.add(r.getLong(0));
            } else {
                pairs.add(new long[] {r.getLong(0), r.getLong(1), r.getLong(2)});
            }
        }
        pairs.sort(KEYED_ORDER);
        return new Found(pairs, placeholders.stream().mapToLong(Long::longValue).sorted().toArray());
    }

    /** Keyed pairs by key, then pair: one order whichever tasks found them. */
    static final java.util.Comparator<long[]> KEYED_ORDER = (x, y) -> x[0] != y[0] ? Long.compare(x[0], y[0])
            : x[1] != y[1] ? Long.compare(x[1], y[1]) : Long.compare(x[2], y[2]);

    /**
     * Over rows sorted by key ({@code slip_key}, {@code born} as days since 1970, {@code node_fp}): the
     * pairs a slip apart among the records of each key held by two to {@code maxKeyRecords} records, and
     * each key held by more ({@link #KEYED_PAIR}).
     */
    static final class KeyGroups implements java.util.Iterator<Row> {
        private final java.util.Iterator<Row> rows;
        private final int maxKeyRecords;
        private final java.util.ArrayDeque<Row> out = new java.util.ArrayDeque<>();
        private final int[] born;
        private final long[] nodes;
        private Row pending;

        KeyGroups(java.util.Iterator<Row> rows, int maxKeyRecords) {
            this.rows = rows;
            this.maxKeyRecords = maxKeyRecords;
            this.born = new int[maxKeyRecords];
            this.nodes = new long[maxKeyRecords];
            this.pending = rows.hasNext() ? rows.next() : null;
        }

        @Override
        public boolean hasNext() {
            while (out.isEmpty() && pending != null) {
                nextKey();
            }
            return !out.isEmpty();
        }

        @Override
        public Row next() {
            if (!hasNext()) {
                throw new java.util.NoSuchElementException();
            }
            return out.poll();
        }

        /** Reads one key's rows and queues its pairs. */
        private void nextKey() {
            long key = pending.getLong(0);
            int n = 0;
            boolean datesDiffer = false;
            while (pending != null && pending.getLong(0) == key) {
                if (n < maxKeyRecords) {
                    born[n] = pending.getInt(1);
                    nodes[n] = pending.getLong(2);
                    datesDiffer |= born[n] != born[0];
                }
                n++;
                pending = rows.hasNext() ? rows.next() : null;
            }
            if (n > maxKeyRecords) {
                out.add(RowFactory.create(key, 0L, 0L, true));
                return;
            }
            if (n < 2 || !datesDiffer) {
                return;
            }
            for (int x = 0; x < n; x++) {
                for (int y = x + 1; y < n; y++) {
                    if (born[x] != born[y] && slip(java.time.LocalDate.ofEpochDay(born[x]), java.time.LocalDate.ofEpochDay(born[y]))) {
                        out.add(RowFactory.create(key, Math.min(nodes[x], nodes[y]), Math.max(nodes[x], nodes[y]), false));
                    }
                }
            }
        }
    }

    /**
     * The fingerprint pairs as pairs of nodes ({@code a < b}, in node order), from the nodes of the
     * records read for them. A fingerprint two records read share is ambiguous: its pairs are left out
     * rather than compare the wrong records (with about 300,000 slip records among 19M, a chance of
     * about one in 3·10<sup>6</sup> per run). A fingerprint no record was read for means the records
     * changed between two reads of one run: an error, not a pair to leave out.
     *
     * @param nodes fingerprint → the nodes read with it
     */
    static List<String[]> nodePairs(List<long[]> fingerprints, Map<Long, Set<String>> nodes) {
        List<String[]> pairs = new ArrayList<>(fingerprints.size());
        for (long[] p : fingerprints) {
            Set<String> a = nodes.getOrDefault(p[0], Set.of());
            Set<String> b = nodes.getOrDefault(p[1], Set.of());
            if (a.isEmpty() || b.isEmpty()) {
                throw new IllegalStateException("a record whose birth date is a slip away from another's was not read back: "
                        + "silver/records changed during the run");
            }
            if (a.size() == 1 && b.size() == 1) {
                String x = a.iterator().next();
                String y = b.iterator().next();
                pairs.add(x.compareTo(y) < 0 ? new String[] {x, y} : new String[] {y, x});
            }
        }
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
