package io.breachimpact.identity;

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
import static org.apache.spark.sql.functions.when;

/**
 * Records → persons in one pass over the data. Given names (comparison form, any order) must always
 * agree: siblings share a guardian's email and phone, twins their birth date too, and only their
 * given names tell them apart.
 * <ol>
 *   <li>Records with a birth date are grouped by (birth date, given names); inside each block
 *       {@link BlockMatcher} finds the humans (same surname, email, phone or account, or surnames a few
 *       edits apart) and {@link PersonAssembler} makes each one's person row — one shuffle of the
 *       records, and the persons come out of it.</li>
 *   <li>The few records whose birth date could not be read join, through the email or the phone and
 *       the same names, the records of a group that holds at most one birth date (a father and son
 *       sharing a mailbox stay apart). Their keys are broadcast; the components they touch are held
 *       back from step 1 and resolved again with them (connected components of a small graph).</li>
 * </ol>
 */
public final class Resolution {
    private Resolution() {
    }

    /** Persons, and the number of blocks too big to compare surnames in (with their distinct surnames). */
    public record Result(Dataset<Row> persons, long cappedBlocks, long cappedSurnames, int rounds, Dataset<Row> cached) {
        /** Frees the block pass's stored output, once the persons are written. */
        public void release() {
            cached.unpersist();
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

    /** @param silver silver/records with {@code node} */
    public static Result resolve(SparkSession spark, Dataset<Row> silver, BlockMatcher matcher, PersonAssembler assembler) {
        Dataset<Row> view = silver.select(col("node"), col("surname_key"), col("given_names_key"), col("birth_date"),
                col("email_key"), when(col("phone_valid"), col("phone_e164")).as("phone"));

        // 2a. Links of the records without a readable birth date (few): computed first, so that the
        // components they touch can be held back from the block pass.
        Dataset<Row> crossEdges = unreadableBirth(view, "email_key").unionByName(unreadableBirth(view, "phone")).distinct().localCheckpoint(true);
        Set<String> touched = new HashSet<>();
        Dataset<Row> endpoints = crossEdges.select("a").union(crossEdges.select("b")).distinct();
        for (Row r : view.filter(col("birth_date").isNotNull()).select(col("node").as("a")).join(broadcast(endpoints), "a").collectAsList()) {
            touched.add(r.getString(0));
        }
        Broadcast<Set<String>> held = new JavaSparkContext(spark.sparkContext()).broadcast(touched);

        // 1. The block pass.
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
        // Grouped by the columns themselves, not by a key function: Spark then neither turns every
        // record into a Java object to compute its key nor sorts on a string built from it (measured).
        StructType blockKey = dated.select("birth_date", "given_sorted").schema();
        Dataset<Row> passed = dated.groupBy(col("birth_date"), col("given_sorted"))
                .as(Encoders.row(blockKey), Encoders.row(dated.schema()))
                .flatMapGroups((FlatMapGroupsFunction<Row, Row, Row>) (key, rows) -> block(rows, matcher, assembler, held.value(), inputWidth),
                        Encoders.row(output))
                // Read three times (persons, held records, capped blocks): kept serialized on disk, not in the heap.
                .persist(org.apache.spark.storage.StorageLevel.DISK_ONLY());
        long cappedBlocks = 0;
        long cappedSurnames = 0;
        for (Row r : passed.filter(col("kind").equalTo("CAPPED")).groupBy().agg(count(lit(1)), org.apache.spark.sql.functions.sum("size"))
                .collectAsList()) {
            cappedBlocks = r.getLong(0);
            cappedSurnames = r.isNullAt(1) ? 0 : r.getLong(1);
        }
        Dataset<Row> blockPersons = passed.filter(col("kind").equalTo("PERSON")).select("person.*");

        // 2b. Held-back components and the undated records, resolved together.
        Dataset<Row> heldRecords = passed.filter(col("kind").equalTo("HELD")).select(col("record.*"), col("root"));
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
        return new Result(blockPersons.unionByName(restPersons), cappedBlocks, cappedSurnames, components.rounds(), passed);
    }

    private static Iterator<Row> block(Iterator<Row> rows, BlockMatcher matcher, PersonAssembler assembler, Set<String> held, int inputWidth) {
        List<Row> records = new ArrayList<>();
        rows.forEachRemaining(records::add);
        List<Row> out = new ArrayList<>();
        if (records.size() == 1) {
            Row only = records.get(0);
            out.add(held.contains(only.<String>getAs("node")) ? heldRow(only, only.getAs("node"), inputWidth)
                    : RowFactory.create("PERSON", assembler.assemble(records), null, null, null));
            return out.iterator();
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
        return out.iterator();
    }

    private static Row heldRow(Row record, String root, int inputWidth) {
        Object[] values = new Object[inputWidth];
        for (int i = 0; i < inputWidth; i++) {
            values[i] = record.get(i);
        }
        return RowFactory.create("HELD", null, RowFactory.create(values), root, null);
    }

    /**
     * Records whose birth date is unreadable, linked through a contact and the same names to the others
     * of a group holding at most one birth date: edges (node, smallest node of the group). Only the
     * records sharing a contact with an undated record are looked at (a broadcast of those contacts),
     * so the names' comparison form is computed for a few records, not for every one.
     */
    static Dataset<Row> unreadableBirth(Dataset<Row> view, String contact) {
        String[] keys = {contact, "given_sorted", "surname_key"};
        Dataset<Row> wantedContacts = view.filter(col("birth_date").isNull().and(col(contact).isNotNull()).and(col("surname_key").isNotNull()))
                .select(contact).distinct();
        Dataset<Row> candidates = view.join(broadcast(wantedContacts), contact).withColumn("given_sorted", givenSorted())
                .filter(col("surname_key").isNotNull());
        // A group counts when it holds an undated record: the one whose links are sought.
        Dataset<Row> roots = candidates.groupBy(keys[0], keys[1], keys[2])
                .agg(min("node").as("root"), countDistinct(col("birth_date")).as("births"), count(lit(1)).as("n"),
                        max(col("birth_date").isNull()).as("undated"))
                .filter(col("births").leq(1).and(col("n").gt(1)).and(col("undated")))
                .select(keys[0], keys[1], keys[2], "root");
        return candidates.join(roots, keys).filter(col("node").notEqual(col("root"))).select(col("node").as("a"), col("root").as("b"));
    }
}
