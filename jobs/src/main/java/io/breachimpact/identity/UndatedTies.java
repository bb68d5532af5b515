package io.breachimpact.identity;

import io.breachimpact.identity.match.RecordComparer;
import io.breachimpact.ingest.normalize.Addresses;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.sql.Date;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import scala.collection.JavaConverters;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.array_compact;
import static org.apache.spark.sql.functions.array_join;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.sort_array;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.split;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

/**
 * What ties a record whose birth date could not be read to other records: two contacts they share (of
 * the email, the phone and the postal address, exactly; the one it has if it has only one), the same
 * given names, and a surname written the same or with a typo. The ties of a group are kept only when
 * its dated records hold at most one birth date: a father and son of one name sharing a mailbox or an
 * address stay apart, and the undated record is then left to itself. At an address, an undated record with contacts of its own and a single given
 * name ties nobody: it may be the son of that name whose other records are not in the dump.
 */
final class UndatedTies {
    private UndatedTies() {
    }

    static final StructType EDGE = new StructType().add("a", DataTypes.StringType, false).add("b", DataTypes.StringType, false);

    /**
     * The records that share an email, a phone or a postal address with a record whose birth date is
     * unreadable (few), with their given names sorted and their address key. One scan of the records
     * picks them out, against the undated records' contacts (broadcast); an address key is computed only
     * where the place and the street's house numbers match an undated record's (equal keys have equal
     * digits: nearly every postal code holds an undated record, few of its streets do).
     *
     * @param view node, surname_key, given_names, given_names_key, birth_date, email_key, phone (valid only),
     *             street_address, place (the postal code, else the city)
     */
    static Dataset<Row> sharingAContact(JavaSparkContext jsc, Dataset<Row> view) {
        List<Long> emails = new ArrayList<>();
        List<Long> phones = new ArrayList<>();
        List<Long> places = new ArrayList<>(); // as written: most records are not at a wanted place, and their key is not computed
        Set<String> addresses = new HashSet<>();
        Set<String> numberedPlaces = new HashSet<>(); // nor are those whose house numbers no undated record's address at that place has
        for (Row r : view.filter(col("birth_date").isNull().and(col("surname_key").isNotNull()))
                .select(col("email_key"), col("phone"), col("street_address"), col("place"), fingerprint(col("email_key")),
                        fingerprint(col("phone")), fingerprint(col("place")))
                .collectAsList()) {
            if (!r.isNullAt(0)) {
                emails.add(r.getLong(4));
            }
            if (!r.isNullAt(1)) {
                phones.add(r.getLong(5));
            }
            String address = r.isNullAt(2) || r.isNullAt(3) ? null : Addresses.matchKey(r.getString(2), r.getString(3));
            if (address != null) {
                addresses.add(address);
                places.add(r.getLong(6));
                numberedPlaces.add(numberedPlace(r.getString(2), r.getString(3)));
            }
        }
        Broadcast<KeySet> wantedEmails = jsc.broadcast(fingerprints(emails));
        Broadcast<KeySet> wantedPhones = jsc.broadcast(fingerprints(phones));
        Broadcast<KeySet> wantedPlaces = jsc.broadcast(fingerprints(places));
        Broadcast<KeySet> wantedAddresses = jsc.broadcast(new KeySet(addresses));
        Broadcast<KeySet> wantedNumberedPlaces = jsc.broadcast(new KeySet(numberedPlaces));
        // Looked up by Spark's hash of the value, not by the value: the scan then makes no Java string of
        // the email, the phone or the place of the millions of records that hold none sought. A hash two
        // values share picks a record that holds none: the groups are made by the values themselves.
        UserDefinedFunction sought = udf((UDF2<Long, Long, Boolean>) (email, phone) ->
                (email != null && wantedEmails.value().containsFingerprint(email)) || (phone != null && wantedPhones.value().containsFingerprint(phone)),
                DataTypes.BooleanType);
        UserDefinedFunction atPlace = udf((UDF1<Long, Boolean>) place -> place != null && wantedPlaces.value().containsFingerprint(place),
                DataTypes.BooleanType);
        UserDefinedFunction addressKey = udf((UDF2<String, String, String>) (street, place) -> {
            if (street == null || place == null || !wantedNumberedPlaces.value().contains(numberedPlace(street, place))) {
                return null;
            }
            String key = Addresses.matchKey(street, place);
            return key != null && wantedAddresses.value().contains(key) ? key : null;
        }, DataTypes.StringType);
        return view.withColumn("address_key", when(atPlace.apply(fingerprint(col("place"))), addressKey.apply(col("street_address"), col("place"))))
                .filter(col("surname_key").isNotNull().and(sought.apply(fingerprint(col("email_key")), fingerprint(col("phone")))
                        .or(col("address_key").isNotNull())))
                .withColumn("given_sorted", coalesce(array_join(sort_array(split(col("given_names_key"), " ")), " "), lit("")))
                // As written: "Jean-Pierre" is one given name, though its key reads "jean pierre".
                .withColumn("several_given_names", coalesce(size(split(trim(col("given_names")), "[\\s,]+")).geq(2), lit(false)))
                .drop("street_address", "place", "given_names")
                .localCheckpoint(true);
    }

    /** Spark's 64-bit hash of a value, null for null. */
    private static Column fingerprint(Column value) {
        return when(value.isNotNull(), xxhash64(value));
    }

    private static KeySet fingerprints(List<Long> hashes) {
        return new KeySet(hashes.stream().mapToLong(Long::longValue).distinct().toArray());
    }

    /**
     * The place as the address key holds it and the ASCII digits of the street, in order: two addresses of
     * one {@link Addresses#matchKey} have the same (the key keeps every such digit, and no other character
     * becomes one). Checked before the key, it leaves out no record the key would find.
     */
    static String numberedPlace(String street, String place) {
        String form = Addresses.placeForm(place);
        StringBuilder sb = new StringBuilder(place.length() + 6).append(form).append('|');
        for (int i = 0; i < street.length(); i++) {
            char c = street.charAt(i);
            if (c >= '0' && c <= '9') {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /**
     * Edges (node, smallest node of its tie) between the records {@link #sharingAContact} finds: one
     * aggregation over every contact at once, each group's ties worked out in its task ({@link #ties}).
     * A contact held by more records of one name than {@code maxGroup} ties none of them: a placeholder.
     */
    static Dataset<Row> edges(Dataset<Row> candidates, int maxGroup) {
        Column contacts = array_compact(array(
                concat(lit("e|"), col("email_key")), concat(lit("p|"), col("phone")), concat(lit("a|"), col("address_key"))));
        Dataset<Row> byContact = candidates
                .select(explode(contacts).as("contact"), col("given_sorted"), col("several_given_names"),
                        struct(col("node"), col("surname_key"), col("birth_date"),
                                col("email_key").isNotNull().or(col("phone").isNotNull()).as("reachable"),
                                col("email_key"), col("phone"), col("address_key")).as("record"));
        // Only the groups an undated record is in are kept: the others' rows are left out before the
        // lists are made (whole groups, so every figure of a kept group is the same).
        Dataset<Row> undatedGroups = byContact.filter(col("record.birth_date").isNull()).select("contact", "given_sorted").distinct();
        Dataset<Row> groups = byContact.join(broadcast(undatedGroups), JavaConverters.asScalaBuffer(List.of("contact", "given_sorted")).toSeq(),
                        "left_semi")
                .groupBy("contact", "given_sorted")
                .agg(collect_list(col("record")).as("records"), count(lit(1)).as("n"),
                        max(col("record.birth_date").isNull()).as("undated"),
                        max(col("record.birth_date").isNull().and(col("record.reachable"))).as("undated_reachable"),
                        min(col("several_given_names")).as("several_given_names"))
                .filter(col("n").gt(1).and(col("n").leq(maxGroup)).and(col("undated")))
                // At one address, an undated record with its own email or phone and a single given name may be
                // another human of that name (a son beside his father, Paul and Paul); two given names the same
                // in one household are one human. The whole group goes: a record known by the address alone
                // would otherwise tie the son to the father through itself.
                .filter(not(col("contact").startsWith("a|").and(col("undated_reachable")).and(not(col("several_given_names")))));
        return groups.select(col("records"), col("contact").startsWith("a|").and(col("several_given_names")).as("household"))
                .flatMap((FlatMapFunction<Row, Row>) g -> ties(g.getList(0), g.getBoolean(1)).iterator(), Encoders.row(EDGE))
                .distinct();
    }

    /**
     * The ties among the records of one contact and one set of given names. An undated record ties to
     * another whose surname is the same or a typo apart and that shares two of its contacts (email, phone,
     * address), or its only one: a name-made email ("sylvie.hernandez@…") is no proof on its own, a
     * namesake born elsewhere may hold it. At one address, two given names or more the same are one
     * household's one human: the address alone ties them. Records so tied (transitively) whose dated
     * records hold at most one birth date give an edge from each to their smallest node.
     *
     * @param records   (node, surname_key, birth_date, reachable, email_key, phone, address_key)
     * @param household the records share an address and two given names or more
     */
    static List<Row> ties(List<Row> records, boolean household) {
        int n = records.size();
        int[] parent = new int[n];
        for (int i = 0; i < n; i++) {
            parent[i] = i;
        }
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                Row a = records.get(i);
                Row b = records.get(j);
                if (root(parent, i) != root(parent, j) && (a.isNullAt(2) || b.isNullAt(2))
                        && (household || shared(a, b) >= needed(a, b)) && RecordComparer.sameOrTypo(a.getString(1), b.getString(1))) {
                    parent[root(parent, i)] = root(parent, j);
                }
            }
        }
        List<Row> edges = new ArrayList<>();
        for (int r = 0; r < n; r++) {
            if (root(parent, r) != r) {
                continue;
            }
            List<Row> tie = new ArrayList<>();
            Set<Date> births = new HashSet<>();
            boolean undated = false;
            for (int i = 0; i < n; i++) {
                if (root(parent, i) == r) {
                    Row record = records.get(i);
                    tie.add(record);
                    if (record.isNullAt(2)) {
                        undated = true;
                    } else {
                        births.add(record.getDate(2));
                    }
                }
            }
            if (tie.size() < 2 || !undated || births.size() > 1) {
                continue;
            }
            String smallest = tie.stream().map(t -> t.getString(0)).min(String::compareTo).orElseThrow();
            for (Row record : tie) {
                if (!record.getString(0).equals(smallest)) {
                    edges.add(RowFactory.create(record.getString(0), smallest));
                }
            }
        }
        return edges;
    }

    private static final int[] CONTACTS = {4, 5, 6};

    /** The contacts two records share. */
    private static int shared(Row a, Row b) {
        int n = 0;
        for (int c : CONTACTS) {
            n += !a.isNullAt(c) && a.get(c).equals(b.get(c)) ? 1 : 0;
        }
        return n;
    }

    /** Two, or fewer when the undated record (the poorer of two) has fewer. */
    private static int needed(Row a, Row b) {
        int need = 2;
        for (Row r : new Row[] {a, b}) {
            if (r.isNullAt(2)) {
                int held = 0;
                for (int c : CONTACTS) {
                    held += r.isNullAt(c) ? 0 : 1;
                }
                need = Math.min(need, held);
            }
        }
        return Math.max(need, 1);
    }

    private static int root(int[] parent, int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }
}
