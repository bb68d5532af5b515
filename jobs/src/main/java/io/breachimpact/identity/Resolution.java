package io.breachimpact.identity;

import io.breachimpact.ingest.normalize.Addresses;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapGroupsFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.api.java.function.MapGroupsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.util.LongAccumulator;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.apache.spark.sql.functions.array_join;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lpad;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sort_array;
import static org.apache.spark.sql.functions.split;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;

/**
 * Records → persons in one pass over the data. Given names (comparison form, any order) must always
 * agree: siblings share a guardian's email and phone, twins their birth date too, and only their
 * given names tell them apart.
 * <ol>
 *   <li>The few records whose birth date could not be read join, through the email or the phone (or,
 *       for a record with neither, its postal address, exactly) and
 *       the same names, the records of a group that holds at most one birth date (a father and son
 *       sharing a mailbox stay apart). These links are found first, on the records that share a contact
 *       with an undated one (one scan picks them out); the blocks they touch are <em>held</em>.</li>
 *   <li>Records with a birth date are grouped by (birth date, given names); inside each block
 *       {@link BlockMatcher} finds the humans (same surname, email, phone or account, or surnames a few
 *       edits apart) and {@link PersonAssembler} makes each one's person row — one shuffle of the
 *       records, and the persons come out of it straight into the table's write. Blocks too big to
 *       compare surnames in are counted as they pass.</li>
 *   <li>The held blocks (a small subset) go through the same matching apart; their components that
 *       touch an undated record are resolved again with the undated records (connected components of
 *       a small graph).</li>
 * </ol>
 */
public final class Resolution {
    private Resolution() {
    }

    /**
     * Persons, and the blocks too big to compare surnames in (with their distinct surnames). The big
     * pass counts its capped blocks while the persons are computed: write {@code persons} once, with
     * nothing else run on it, and read the counts after that.
     */
    public record Result(Dataset<Row> persons, LongAccumulator passCappedBlocks, LongAccumulator passCappedSurnames,
                         long heldCappedBlocks, long heldCappedSurnames, int rounds) {
        public long cappedBlocks() {
            return passCappedBlocks.value() + heldCappedBlocks;
        }

        public long cappedSurnames() {
            return passCappedSurnames.value() + heldCappedSurnames;
        }
    }

    /**
     * A record's node key: its batch's ingest order, then its id. The smallest key of a component is
     * its first-ingested record, the anchor a person id is derived from: later batches add larger keys,
     * so the anchor (and the id) of an existing person does not move when a batch is added.
     */
    public static Column nodeKey() {
        // "%012d|%s" without java.util.Formatter, which cost more than the rest of a scan (measured).
        return concat(lpad(col("batch_seq").cast("string"), 12, "0"), lit("|"), col("record_id"));
    }

    private static Column givenSorted() {
        return coalesce(array_join(sort_array(split(col("given_names_key"), " ")), " "), lit(""));
    }

    private static final Column[] BLOCK_KEY = {col("birth_date"), col("given_sorted")};

    /** @param silver silver/records with {@code node} */
    public static Result resolve(SparkSession spark, Dataset<Row> silver, BlockMatcher matcher, PersonAssembler assembler) {
        JavaSparkContext jsc = new JavaSparkContext(spark.sparkContext());
        Dataset<Row> view = silver.select(col("node"), col("surname_key"), col("given_names_key"), col("birth_date"),
                col("email_key"), when(col("phone_valid"), col("phone_e164")).as("phone"), col("street_address"),
                coalesce(col("postal_code"), col("city")).as("place"));

        // 1. Links of the records without a readable birth date, and the blocks they touch.
        Dataset<Row> candidates = sharingAContactWithUndated(jsc, view);
        Dataset<Row> crossEdges = unreadableBirth(candidates, "email_key").unionByName(unreadableBirth(candidates, "phone"))
                .unionByName(unreadableBirth(candidates, "address_key"))
                .distinct().localCheckpoint(true);
        Dataset<Row> touchedRecords = candidates.filter(col("birth_date").isNotNull())
                .join(crossEdges.select(col("a").as("node")).union(crossEdges.select(col("b").as("node"))).distinct(), "node")
                .select(col("node"), col("birth_date"), col("given_sorted")).localCheckpoint(true);
        Set<String> touched = new HashSet<>();
        for (Row r : touchedRecords.select("node").collectAsList()) {
            touched.add(r.getString(0));
        }
        Broadcast<Set<String>> held = jsc.broadcast(touched);

        List<Column> input = new ArrayList<>();
        PersonAssembler.INPUT.forEach(c -> input.add(col(c)));
        StructType inputSchema = silver.select(input.toArray(new Column[0])).schema();
        StructType output = new StructType()
                .add("kind", DataTypes.StringType, false)
                .add("person", PersonAssembler.SCHEMA, true)
                .add("record", inputSchema, true)
                .add("root", DataTypes.StringType, true)
                .add("size", DataTypes.IntegerType, true);
        List<Column> blockColumns = new ArrayList<>(input);
        blockColumns.add(givenSorted().as("given_sorted"));
        blockColumns.add(col("email_key"));
        blockColumns.add(when(col("phone_valid"), col("phone_e164")).as("phone"));
        blockColumns.add(col("account_id"));
        int inputWidth = input.size();
        Dataset<Row> dated = silver.filter(col("birth_date").isNotNull()).select(blockColumns.toArray(new Column[0]));
        StructType blockKey = dated.select(BLOCK_KEY).schema();
        // The held blocks' keys stay distributed (a list sent back from the driver rode in every task).
        Dataset<Row> heldBlocks = broadcast(touchedRecords.select(col("birth_date").as("held_birth_date"),
                col("given_sorted").as("held_given_sorted")).distinct());
        Column inHeldBlock = col("birth_date").equalTo(col("held_birth_date")).and(col("given_sorted").equalTo(col("held_given_sorted")));

        // 2. The block pass over every block that is not held. Grouped by the columns themselves, not by
        // a key function: Spark then neither turns every record into a Java object to compute its key
        // nor sorts on a string built from it (measured). Nothing is stored: the persons go to the write.
        LongAccumulator cappedBlocks = spark.sparkContext().longAccumulator();
        LongAccumulator cappedSurnames = spark.sparkContext().longAccumulator();
        Set<String> none = Set.of();
        Dataset<Row> blockPersons = dated.join(heldBlocks, inHeldBlock, "left_anti")
                .groupBy(BLOCK_KEY)
                .as(Encoders.row(blockKey), Encoders.row(dated.schema()))
                .flatMapGroups((FlatMapGroupsFunction<Row, Row, Row>) (key, rows) -> {
                    List<Row> persons = new ArrayList<>();
                    for (Row r : block(rows, matcher, assembler, none, inputWidth)) {
                        if (r.getString(0).equals("CAPPED")) {
                            // Counted by the write's own tasks: Spark applies a finished task's updates once.
                            cappedBlocks.add(1);
                            cappedSurnames.add(r.getInt(4));
                        } else {
                            persons.add(r.getStruct(1));
                        }
                    }
                    return persons.iterator();
                }, Encoders.row(PersonAssembler.SCHEMA));

        // 3. The held blocks, matched the same way; their held components and the undated records,
        // resolved together.
        Dataset<Row> heldPass = dated.join(heldBlocks, inHeldBlock, "left_semi")
                .groupBy(BLOCK_KEY)
                .as(Encoders.row(blockKey), Encoders.row(dated.schema()))
                .flatMapGroups((FlatMapGroupsFunction<Row, Row, Row>) (key, rows) -> block(rows, matcher, assembler, held.value(), inputWidth).iterator(),
                        Encoders.row(output))
                .localCheckpoint(true);
        long heldCappedBlocks = 0;
        long heldCappedSurnames = 0;
        for (Row r : heldPass.filter(col("kind").equalTo("CAPPED")).groupBy().agg(count(lit(1)), org.apache.spark.sql.functions.sum("size"))
                .collectAsList()) {
            heldCappedBlocks = r.getLong(0);
            heldCappedSurnames = r.isNullAt(1) ? 0 : r.getLong(1);
        }
        Dataset<Row> heldBlockPersons = heldPass.filter(col("kind").equalTo("PERSON")).select("person.*");
        Dataset<Row> heldRecords = heldPass.filter(col("kind").equalTo("HELD")).select(col("record.*"), col("root"));
        Dataset<Row> undated = silver.filter(col("birth_date").isNull()).select(input.toArray(new Column[0]))
                .withColumn("root", col("node"));
        Dataset<Row> rest = heldRecords.unionByName(undated);
        Dataset<Row> smallGraph = crossEdges.unionByName(heldRecords.select(col("node").as("a"), col("root").as("b"))
                .filter(col("a").notEqual(col("b"))));
        ConnectedComponents.Result components = ConnectedComponents.of(smallGraph, 30);
        Dataset<Row> labelled = rest.join(components.labels().withColumnRenamed("node", "l_node"), col("root").equalTo(col("l_node")), "left")
                .withColumn("label", coalesce(col("label"), col("root"))).drop("l_node", "root");
        Dataset<Row> restPersons = labelled
                .groupByKey((MapFunction<Row, String>) r -> r.getAs("label"), Encoders.STRING())
                .mapGroups((MapGroupsFunction<String, Row, Row>) (label, rows) -> {
                    List<Row> list = new ArrayList<>();
                    rows.forEachRemaining(list::add);
                    return assembler.assemble(list);
                }, Encoders.row(PersonAssembler.SCHEMA));
        return new Result(blockPersons.unionByName(heldBlockPersons).unionByName(restPersons), cappedBlocks, cappedSurnames,
                heldCappedBlocks, heldCappedSurnames, components.rounds());
    }

    private static List<Row> block(Iterator<Row> rows, BlockMatcher matcher, PersonAssembler assembler, Set<String> held, int inputWidth) {
        List<Row> records = new ArrayList<>();
        rows.forEachRemaining(records::add);
        List<Row> out = new ArrayList<>();
        if (records.size() == 1) {
            Row only = records.get(0);
            out.add(held.contains(only.<String>getAs("node")) ? heldRow(only, only.getAs("node"), inputWidth)
                    : RowFactory.create("PERSON", assembler.assemble(records), null, null, null));
            return out;
        }
        List<BlockMatcher.Member> members = new ArrayList<>(records.size());
        for (Row r : records) {
            members.add(new BlockMatcher.Member(r.getAs("node"), r.getAs("surname_key"), r.getAs("email_key"), r.getAs("phone"),
                    r.getAs("account_id"), r.getAs("postal_code")));
        }
        BlockMatcher.Result matched = matcher.match(members);
        Map<String, List<Row>> groups = new HashMap<>();
        for (Row r : records) {
            groups.computeIfAbsent(matched.roots().get(r.<String>getAs("node")), x -> new ArrayList<>()).add(r);
        }
        groups.forEach((root, group) -> {
            boolean isHeld = group.stream().anyMatch(r -> held.contains(r.<String>getAs("node")));
            if (isHeld) {
                group.forEach(r -> out.add(heldRow(r, root, inputWidth)));
            } else {
                out.add(RowFactory.create("PERSON", assembler.assemble(group), null, null, null));
            }
        });
        if (matched.capped()) {
            out.add(RowFactory.create("CAPPED", null, null, null, matched.distinctSurnames()));
        }
        return out;
    }

    private static Row heldRow(Row record, String root, int inputWidth) {
        Object[] values = new Object[inputWidth];
        for (int i = 0; i < inputWidth; i++) {
            values[i] = record.get(i);
        }
        return RowFactory.create("HELD", null, RowFactory.create(values), root, null);
    }

    /**
     * The records that share an email or a phone with a record whose birth date is unreadable (few),
     * or, for an undated record with neither (a name and an address only), its postal address; with their
     * names' comparison form and their address key. One scan of the records picks them out, against the
     * undated records' contacts (broadcast); an address key is computed only where the place matches.
     */
    static Dataset<Row> sharingAContactWithUndated(JavaSparkContext jsc, Dataset<Row> view) {
        Set<String> emails = new HashSet<>();
        Set<String> phones = new HashSet<>();
        Set<String> addresses = new HashSet<>();
        Set<String> places = new HashSet<>(); // as written: most records are not at a wanted place, and their key is not computed
        for (Row r : view.filter(col("birth_date").isNull().and(col("surname_key").isNotNull()))
                .select("email_key", "phone", "street_address", "place").collectAsList()) {
            if (!r.isNullAt(0)) {
                emails.add(r.getString(0));
            }
            if (!r.isNullAt(1)) {
                phones.add(r.getString(1));
            }
            String address = r.isNullAt(0) && r.isNullAt(1) ? Addresses.matchKey(r.getString(2), r.getString(3)) : null;
            if (address != null) {
                addresses.add(address);
                places.add(r.getString(3));
            }
        }
        Broadcast<Set<String>> wantedEmails = jsc.broadcast(emails);
        Broadcast<Set<String>> wantedPhones = jsc.broadcast(phones);
        Broadcast<Set<String>> wantedAddresses = jsc.broadcast(addresses);
        Broadcast<Set<String>> wantedPlaces = jsc.broadcast(places);
        UserDefinedFunction addressKey = udf((UDF2<String, String, String>) (street, place) -> {
            if (street == null || place == null || !wantedPlaces.value().contains(place)) {
                return null;
            }
            String key = Addresses.matchKey(street, place);
            return key != null && wantedAddresses.value().contains(key) ? key : null;
        }, DataTypes.StringType);
        UserDefinedFunction shares = udf((UDF2<String, String, Boolean>) (email, phone) ->
                (email != null && wantedEmails.value().contains(email)) || (phone != null && wantedPhones.value().contains(phone)),
                DataTypes.BooleanType);
        return view.withColumn("address_key", addressKey.apply(col("street_address"), col("place")))
                .filter(col("surname_key").isNotNull().and(shares.apply(col("email_key"), col("phone")).or(col("address_key").isNotNull())))
                .withColumn("given_sorted", givenSorted())
                .drop("street_address", "place")
                .localCheckpoint(true);
    }

    /**
     * Records whose birth date is unreadable, linked through a contact and the same names to the others
     * of a group holding at most one birth date: edges (node, smallest node of the group).
     *
     * @param candidates {@link #sharingAContactWithUndated}
     */
    static Dataset<Row> unreadableBirth(Dataset<Row> candidates, String contact) {
        String[] keys = {contact, "given_sorted", "surname_key"};
        // A group counts when it holds an undated record: the one whose links are sought.
        Dataset<Row> groups = candidates.filter(col(contact).isNotNull()).groupBy(keys[0], keys[1], keys[2])
                .agg(min("node").as("root"), countDistinct(col("birth_date")).as("births"), count(lit(1)).as("n"),
                        max(col("birth_date").isNull()).as("undated"),
                        max(col("birth_date").isNull().and(col("email_key").isNotNull().or(col("phone").isNotNull()))).as("undated_reachable"))
                .filter(col("births").leq(1).and(col("n").gt(1)).and(col("undated")));
        if (contact.equals("address_key")) {
            // At one address, an undated record with its own email or phone may be another human of the same name
            // (a son beside his father): a record known by its address alone then cannot tell which it is.
            groups = groups.filter(col("undated_reachable").equalTo(false));
        }
        Dataset<Row> roots = groups.select(keys[0], keys[1], keys[2], "root");
        return candidates.join(roots, keys).filter(col("node").notEqual(col("root"))).select(col("node").as("a"), col("root").as("b"));
    }
}
