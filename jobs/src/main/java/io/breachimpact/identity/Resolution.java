package io.breachimpact.identity;

import io.breachimpact.identity.match.BlockLinker;
import io.breachimpact.identity.match.BlockingStats;
import io.breachimpact.identity.match.LinkPolicy;
import io.breachimpact.identity.match.MatchModel;
import io.breachimpact.identity.match.MatchRecord;
import io.breachimpact.identity.match.RecordComparer;
import io.breachimpact.identity.match.Separations;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapGroupsFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lpad;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;

/**
 * Records → persons in one pass over the data.
 * <ol>
 *   <li>The few records whose birth date could not be read are tied, through the email, the phone or the
 *       postal address, the same given names and a surname the same or a typo apart, to the records of a
 *       group that holds at most one birth date (a father and son sharing a mailbox stay apart:
 *       {@link UndatedTies}). When all
 *       the records such links reach hold one birth date, the undated records are compared in that birth
 *       date's block; the others are resolved among themselves (connected components of a small graph).</li>
 *   <li>Records whose birth dates differ by a data-entry error and that share an email, a phone, an
 *       account or a document are paired ({@link BirthDateSlips}).</li>
 *   <li>A {@link MatchModel} is trained on the data itself ({@link MatchTraining}): chance agreement
 *       from random pairs, the rest by EM over the candidate pairs of a sample of blocks and those
 *       pairs — or the lake's model serves, as the caller says ({@link StoredModel}). A pair of the previous step that the model links brings the later record into the
 *       earlier one's block.</li>
 *   <li>Records are grouped by birth date; inside each block {@link BlockLinker} pairs them by every
 *       blocking rule, weighs each pair and links those the {@link LinkPolicy} accepts, strongest first,
 *       never joining two records that cannot be one human. {@link PersonAssembler} makes each human's
 *       person row — one shuffle of the records, and the persons come out of it straight into the
 *       table's write. The blocking analysis is counted as they pass.</li>
 * </ol>
 */
public final class Resolution {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Resolution.class);

    private Resolution() {
    }

    /**
     * Up to this many edges between undated records, their components are found on the driver: at the
     * bound, a few hundred megabytes of strings at its peak, within a cluster driver's default
     * gigabyte; a dump with more stays distributed.
     */
    static final int LOCAL_COMPONENT_EDGES = 250_000;

    /**
     * Persons, the model that linked them and the blocking analysis. The analysis is counted while the
     * persons are computed: write {@code persons} once, with nothing else run on it, and read it after.
     *
     * @param training how the model was trained by this run; empty when the stored one served
     * @param compared with a previous state, each record against it ({@link ChangedBlocks.Night#compared})
     * @param slips    the birth-date slip search, to keep for the next run ({@link KeptSlips})
     */
    public record Result(Dataset<Row> persons, MatchModel model, BlockingStatsAccumulator blocking, Optional<MatchTraining.Trained> training,
                         int rounds, Optional<Dataset<Row>> compared, KeptSlips.Searched slips) {
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

    /**
     * @param silver      silver/records with {@code node}
     * @param separations pairs of records (by node) corrections say are not one human
     * @param previous    when present, only the records that changed and what they reach are linked again
     *                    ({@link ChangedBlocks}): the persons returned are those to replace, the others stay as
     *                    they are; the records without a birth date that no date claims are linked again every run
     * @param kept        when present (and {@code previous} is not), the persons the table holds ({@link PersonDiff#kept}):
     *                    every record is linked, and only the changes to them come out, as {@link PersonDiff#CHANGE} rows
     * @param keptSlips   the last run's slip search, when it can serve ({@link KeptSlips})
     */
    public static Result resolve(SparkSession spark, Dataset<Row> silver, ResolveConfig config, PersonAssembler assembler,
                                 Separations separations, long recordCount, Optional<MatchModel> stored, Optional<ChangedBlocks.Previous> previous,
                                 Optional<Dataset<Row>> kept, Optional<KeptSlips.Previous> keptSlips) {
        JavaSparkContext jsc = new JavaSparkContext(spark.sparkContext());
        // 1. Pairs whose birth dates differ by a data-entry error (kept for step 2), and the contacts and
        // identifiers so many records hold that they are placeholders, every step after this one matches
        // without. From the records themselves: a dated record's block is its birth date, and the join that
        // places the undated would only cost this scan a lookup per record.
        KeptSlips.Searched slipSearch = KeptSlips.search(silver, keptSlips, config.maxBlockSize());
        BirthDateSlips.Found found = slipSearch.found();
        Placeholders placeholders = Placeholders.of(jsc, found.placeholders());
        if (placeholders.count() > 0) {
            LOG.warn("{} email(s), phone(s), account(s) or document(s) are each held by more than {} records: placeholders of the export, "
                    + "not compared and not paired on", placeholders.count(), config.maxBlockSize());
        }
        Dataset<Row> view = placeholders.removed(silver.select(col("node"), col("surname_key"), col("given_names"), col("given_names_key"),
                col("birth_date"), col("email_key"), phone().as("phone"), col("street_address"),
                coalesce(col("postal_code"), col("city")).as("place")));

        // Links of the records without a readable birth date, and the birth date each one's links agree on.
        Dataset<Row> candidates = UndatedTies.sharingAContact(jsc, view);
        Dataset<Row> crossEdges = UndatedTies.edges(candidates, config.maxBlockSize()).localCheckpoint(true);
        ConnectedComponents.Result components = ConnectedComponents.of(crossEdges, 30, LOCAL_COMPONENT_EDGES);
        Dataset<Row> labelled = components.labels().join(candidates.select("node", "birth_date"), "node").localCheckpoint(true);
        Dataset<Row> oneBirth = labelled.groupBy("label").agg(countDistinct(col("birth_date")).as("births"),
                min(col("birth_date")).as("imputed_birth_date")).filter(col("births").equalTo(1)).drop("births");
        Dataset<Row> imputed = labelled.filter(col("birth_date").isNull()).join(oneBirth, "label")
                .select(col("node"), col("imputed_birth_date")).localCheckpoint(true);

        // 2. Pairs whose birth dates differ by a data-entry error, and the model, from the data.
        List<long[]> slipFingerprints = found.pairs();
        List<Column> blockColumns = new ArrayList<>(matchColumns());
        blockColumns.add(coalesce(col("birth_date"), col("imputed_birth_date")).as("block_date"));
        Dataset<Row> placed = placeholders.removed(silver.join(broadcast(imputed), "node", "left")
                .filter(col("birth_date").isNotNull().or(col("imputed_birth_date").isNotNull()))
                .select(blockColumns.toArray(new Column[0])));
        Set<Long> slipNodes = new HashSet<>();
        slipFingerprints.forEach(p -> {
            slipNodes.add(p[0]);
            slipNodes.add(p[1]);
        });
        Broadcast<Set<Long>> wantedSlipNodes = jsc.broadcast(slipNodes);
        UserDefinedFunction isSlipNode = udf((UDF1<Long, Boolean>) fingerprint -> wantedSlipNodes.value().contains(fingerprint),
                DataTypes.BooleanType);
        Column slipNode = isSlipNode.apply(BirthDateSlips.nodeFingerprint(col("node")));
        // With the lake's model only the slips' records are read; training reads them in its samples' scan.
        Dataset<Row> samples = stored.isPresent() ? null : MatchTraining.samples(placed, recordCount, slipNode);
        Dataset<Row> slipSource = stored.isPresent() ? placed.filter(slipNode) : MatchTraining.of(samples, "for_caller");
        Map<String, MatchRecord> slipRecords = new java.util.HashMap<>();
        Map<Long, Set<String>> slipNodesRead = new java.util.HashMap<>();
        slipSource.withColumn("slip_node_fp", BirthDateSlips.nodeFingerprint(col("node"))).collectAsList().forEach(r -> {
            slipRecords.put(r.getAs("node"), matchRecord(r));
            slipNodesRead.computeIfAbsent(r.getAs("slip_node_fp"), f -> new HashSet<>()).add(r.getAs("node"));
        });
        wantedSlipNodes.destroy();
        List<String[]> slipCandidates = BirthDateSlips.nodePairs(slipFingerprints, slipNodesRead);
        if (slipCandidates.size() < slipFingerprints.size()) {
            LOG.warn("{} pair(s) of records whose birth dates differ by a data-entry error were left out: two records share a fingerprint",
                    slipFingerprints.size() - slipCandidates.size());
        }
        BirthDateSlips.Pairs slips = BirthDateSlips.compared(slipCandidates, slipRecords);
        Optional<MatchTraining.Trained> training = stored.isPresent() ? Optional.empty()
                : Optional.of(MatchTraining.train(spark, silver, recordCount, samples, slips.comparisons(), config, Resolution::matchRecord));
        MatchModel model = stored.orElseGet(() -> training.orElseThrow().model());
        LinkPolicy policy = LinkPolicy.atProbability(config.matchProbability());
        BlockLinker linker = new BlockLinker(model, policy, config.maxBlockSize(), separations);
        List<Row> moved = new ArrayList<>();
        slips.moves(model, policy, separations).forEach((node, date) -> moved.add(RowFactory.create(node, date)));
        LOG.info("{} pairs of records whose birth dates differ by a data-entry error share a key; {} records move to the other's block",
                slips.pairs().size(), moved.size());
        Dataset<Row> moves = spark.createDataFrame(moved, new StructType().add("assigned_node", DataTypes.StringType, false)
                .add("assigned_date", DataTypes.DateType, false));
        // Where each record is compared: a moved record at the date it moved to, an undated one at its
        // imputed date, the others at their birth date. One lookup per record: the two kinds are disjoint
        // (slips pair dated records only; only undated records are imputed a date), each node once in each.
        Dataset<Row> assigned = moves.unionByName(imputed.select(col("node").as("assigned_node"), col("imputed_birth_date").as("assigned_date")));
        List<Column> blockedColumns = new ArrayList<>(matchColumns());
        blockedColumns.add(coalesce(col("assigned_date"), col("birth_date")).as("block_date"));
        Dataset<Row> placedRecords = placeholders.removed(silver.join(broadcast(assigned), col("node").equalTo(col("assigned_node")), "left")
                .filter(col("birth_date").isNotNull().or(col("assigned_date").isNotNull()))
                .select(blockedColumns.toArray(new Column[0])));
        Dataset<Row> blocked = placedRecords.withColumn(ChangedBlocks.MATCH_DIGEST, ChangedBlocks.digestOf(placedRecords.columns()));
        StructType blockKey = blocked.select("block_date").schema();
        StructType blockedSchema = blocked.schema();

        // 3. The block pass. Grouped by the column itself, not by a key function: Spark then neither turns
        // every record into a Java object to compute its key nor sorts on a string built from it (measured).
        // Nothing is stored: the persons go to the write.
        BlockingStatsAccumulator blocking = new BlockingStatsAccumulator();
        spark.sparkContext().register(blocking, "blocking analysis");
        Optional<ChangedBlocks.Night> night = previous.map(p -> ChangedBlocks.persons(blocked, p, blockKey, linker,
                assembler, blocking));
        Dataset<Row> blockPersons;
        if (night.isPresent()) {
            blockPersons = night.get().persons();
        } else if (kept.isPresent()) {
            // The table's persons of each block beside its records: only what differs comes out (PersonDiff).
            Dataset<Row> keptDated = kept.get().filter(col("block_date").isNotNull());
            blockPersons = blocked.groupBy(col("block_date")).as(Encoders.row(blockKey), Encoders.row(blockedSchema))
                    .cogroup(keptDated.groupBy(col("block_date")).as(Encoders.row(blockKey), Encoders.row(keptDated.schema())),
                            (org.apache.spark.api.java.function.CoGroupFunction<Row, Row, Row, Row>) (key, rows, keptRows) -> {
                                return PersonDiff.ofBlock(personsOf(rows, linker, blocking, assembler), keptRows).iterator();
                            }, Encoders.row(PersonDiff.CHANGE));
        } else {
            blockPersons = blocked
                    .groupBy(col("block_date"))
                    .as(Encoders.row(blockKey), Encoders.row(blockedSchema))
                    .flatMapGroups((FlatMapGroupsFunction<Row, Row, Row>) (key, rows) -> personsOf(rows, linker, blocking, assembler).iterator(),
                            Encoders.row(PersonLinks.PERSON_WITH_LINKS));
        }

        // 4. The undated records no single birth date claims: among themselves, by their links.
        List<Column> undatedColumns = new ArrayList<>(matchColumns());
        undatedColumns.add(lit(null).cast(DataTypes.DateType).as("block_date"));
        undatedColumns.add(lit(null).cast(DataTypes.LongType).as(ChangedBlocks.MATCH_DIGEST));
        Dataset<Row> undated = placeholders.removed(silver.filter(col("birth_date").isNull())
                .join(broadcast(imputed.select(col("node").as("imputed_node"))), col("node").equalTo(col("imputed_node")), "left_anti")
                .select(undatedColumns.toArray(new Column[0])));
        Dataset<Row> undatedPersons = undated.join(broadcast(components.labels().withColumnRenamed("node", "l_node")),
                        col("node").equalTo(col("l_node")), "left")
                .withColumn("label", coalesce(col("label"), col("node"))).drop("l_node")
                .groupByKey((MapFunction<Row, String>) r -> r.getAs("label"), Encoders.STRING())
                .flatMapGroups((FlatMapGroupsFunction<String, Row, Row>) (label, rows) -> {
                    List<Row> records = new ArrayList<>();
                    rows.forEachRemaining(records::add);
                    List<Row> persons = new ArrayList<>();
                    for (Human human : undatedHumans(records, separations)) {
                        persons.add(person(assembler, human));
                    }
                    return persons.iterator();
                }, Encoders.row(PersonLinks.PERSON_WITH_LINKS));
        Dataset<Row> persons = night.isEmpty() && kept.isPresent() ? blockPersons.unionByName(PersonDiff.undated(undatedPersons, kept.get()))
                : blockPersons.unionByName(undatedPersons);
        return new Result(persons, model, blocking, training, components.rounds(), night.map(ChangedBlocks.Night::compared), slipSearch);
    }

    /**
     * The contact and identifier values held by more records than a block may pair on
     * ({@link BirthDateSlips.Found#placeholders}): an export's "inconnu@…" or "0600000000" on a quarter of
     * its records would otherwise pair strangers in every block and teach the model that people share
     * their email (measured: recall 0.58 on 1M records with a quarter of them so). A matched record holds
     * such a value as missing; its person keeps the value as the record wrote it.
     */
    record Placeholders(long[] keys, Broadcast<KeySet> set) {
        /** Up to this many, the keys are literals of the plan (Spark's own set lookup, no call into Java per record). */
        static final int LITERAL_KEYS = 10_000;

        static Placeholders of(JavaSparkContext jsc, long[] keys) {
            return new Placeholders(keys, keys.length <= LITERAL_KEYS ? null : jsc.broadcast(new KeySet(keys)));
        }

        int count() {
            return keys.length;
        }

        /** The records with their placeholders as missing values, in whichever of the four columns they have (unchanged when there are none). */
        Dataset<Row> removed(Dataset<Row> matched) {
            if (keys.length == 0) {
                return matched;
            }
            Broadcast<KeySet> held = set;
            UserDefinedFunction inSet = held == null ? null
                    : udf((UDF1<Long, Boolean>) key -> key != null && held.value().containsFingerprint(key), DataTypes.BooleanType);
            Object[] literals = held == null ? java.util.Arrays.stream(keys).boxed().toArray() : null;
            Dataset<Row> out = matched;
            List<String> columns = List.of(matched.columns());
            for (String[] field : new String[][] {{"e", "email_key"}, {"p", "phone"}, {"a", "account_id"}, {"d", "document"}}) {
                if (!columns.contains(field[1])) {
                    continue; // the undated records' ties read contacts only
                }
                Column key = BirthDateSlips.key(field[0], col(field[1]));
                Column placeholder = held == null ? key.isin(literals) : inSet.apply(key);
                out = out.withColumn(field[1], when(not(coalesce(placeholder, lit(false))), col(field[1])));
            }
            return out;
        }
    }

    /** The person rows of one block's records: its humans ({@link #humans}), each made a person (none for no record). */
    static List<Row> personsOf(java.util.Iterator<Row> rows, BlockLinker linker, BlockingStatsAccumulator blocking, PersonAssembler assembler) {
        List<Row> records = new ArrayList<>();
        rows.forEachRemaining(records::add);
        List<Row> persons = new ArrayList<>();
        if (!records.isEmpty()) {
            for (Human human : humans(records, linker, blocking)) {
                persons.add(person(assembler, human));
            }
        }
        return persons;
    }

    /** A human's person row, its links and its records' digests and blocks. */
    static Row person(PersonAssembler assembler, Human human) {
        return PersonLinks.withLinks(assembler.assemble(human.records()), human.links(), human.records());
    }

    /** One human's records, and the links that joined them (by record id, {@link PersonLinks#LINK}). */
    record Human(List<Row> records, List<Row> links) {
    }

    /** What a record is compared on, besides what a person is made of. */
    private static List<Column> matchColumns() {
        List<Column> columns = new ArrayList<>(PersonAssembler.inputColumns());
        columns.add(col("given_names_key"));
        columns.add(col("email_key"));
        columns.add(phone().as("phone"));
        columns.add(col("account_id"));
        columns.add(document().as("document"));
        return columns;
    }

    /** A record's phone as it is matched: a valid number only. */
    static Column phone() {
        return when(col("phone_valid"), col("phone_e164"));
    }

    /** A record's document as it is matched: a number in its type's format only (a placeholder "000000" shared by strangers is no document). */
    static Column document() {
        return when(col("document_number_valid"), concat(col("document_type"), lit("|"), col("document_number")));
    }

    /** The records of one block grouped into humans. */
    static List<Human> humans(List<Row> records, BlockLinker linker, BlockingStatsAccumulator blocking) {
        List<Human> humans = new ArrayList<>();
        if (records.size() == 1) {
            BlockingStats one = new BlockingStats();
            one.block(1);
            blocking.add(one);
            humans.add(new Human(records, List.of()));
            return humans;
        }
        MatchFields fields = new MatchFields(records.get(0).schema());
        // In node order: the same block gives the same groups and links whatever order Spark delivered it in.
        records.sort(java.util.Comparator.comparing(r -> r.<String>getAs(fields.node)));
        List<MatchRecord> members = new ArrayList<>(records.size());
        for (Row r : records) {
            members.add(fields.matchRecord(r));
        }
        BlockLinker.Result linked = linker.link(members);
        linked.stats().block(records.size());
        blocking.add(linked.stats());
        Map<Integer, Human> groups = new java.util.LinkedHashMap<>();
        for (int i = 0; i < records.size(); i++) {
            groups.computeIfAbsent(linked.group()[i], g -> new Human(new ArrayList<>(), new ArrayList<>())).records().add(records.get(i));
        }
        for (BlockLinker.Link link : linked.links()) {
            Row a = records.get(link.a());
            Row b = records.get(link.b());
            boolean imputed = a.isNullAt(fields.birthDate) || b.isNullAt(fields.birthDate);
            groups.get(linked.group()[link.a()]).links().add(PersonLinks.of(recordId(a), recordId(b), link, imputed));
        }
        humans.addAll(groups.values());
        return humans;
    }

    /**
     * The records of one component of undated records: one human, each linked to the component's first
     * record (the links that made the component went through contacts and names, some of them through
     * other records: the link says "one component", not a shared contact between those two). A component
     * that holds two records a correction says are not one human falls apart into its records: without
     * weights there is no weakest link to cut, and precision comes first.
     */
    static List<Human> undatedHumans(List<Row> records, Separations separations) {
        records.sort(java.util.Comparator.comparing(r -> r.<String>getAs("node")));
        boolean separated = false;
        for (int i = 0; i < records.size() && !separated; i++) {
            String node = records.get(i).getAs("node");
            for (int j = i + 1; j < records.size() && separations.involves(node); j++) {
                separated |= separations.apart(node, records.get(j).getAs("node"));
            }
        }
        List<Human> humans = new ArrayList<>();
        if (separated) {
            records.forEach(r -> humans.add(new Human(List.of(r), List.of())));
            return humans;
        }
        List<Row> links = new ArrayList<>();
        MatchRecord first = matchRecord(records.get(0));
        for (int i = 1; i < records.size(); i++) {
            links.add(PersonLinks.undated(recordId(records.get(0)), recordId(records.get(i)),
                    RecordComparer.compare(first, matchRecord(records.get(i)))));
        }
        humans.add(new Human(records, links));
        return humans;
    }

    private static String recordId(Row r) {
        return r.getAs("record_id");
    }

    /** How a block's row becomes what the matcher sees: shipped to the tasks that compare. */
    interface RowMatch extends java.util.function.Function<Row, MatchRecord>, java.io.Serializable {
    }

    /**
     * Where a block row's matcher fields are, found once per block: {@code Row.getAs(name)} looks the name
     * up in a map at each call (a few percent of the block pass, measured).
     */
    static final class MatchFields {
        /** The columns of a block's row the matcher reads. */
        static final List<String> COLUMNS = List.of("node", "record_id", "surname_key", "given_names_key", "birth_date", "block_date",
                "postal_code", "departement_code", "street_address", "city", "email_key", "phone", "account_id", "document");
        final int node;
        final int recordId;
        private final int surnameKey;
        private final int givenNamesKey;
        private final int birthDate;
        private final int blockDate;
        private final int postalCode;
        private final int departement;
        private final int street;
        private final int city;
        private final int email;
        private final int phone;
        private final int account;
        private final int document;

        MatchFields(StructType schema) {
            node = schema.fieldIndex("node");
            recordId = schema.fieldIndex("record_id");
            surnameKey = schema.fieldIndex("surname_key");
            givenNamesKey = schema.fieldIndex("given_names_key");
            birthDate = schema.fieldIndex("birth_date");
            blockDate = schema.fieldIndex("block_date");
            postalCode = schema.fieldIndex("postal_code");
            departement = schema.fieldIndex("departement_code");
            street = schema.fieldIndex("street_address");
            city = schema.fieldIndex("city");
            email = schema.fieldIndex("email_key");
            phone = schema.fieldIndex("phone");
            account = schema.fieldIndex("account_id");
            document = schema.fieldIndex("document");
        }

        /** A block's row as the matcher sees it. */
        MatchRecord matchRecord(Row r) {
            // A record without a birth date is compared at the one its links agree on (its block's).
            java.sql.Date born = r.getAs(birthDate) != null ? r.getAs(birthDate) : r.getAs(blockDate);
            return new MatchRecord(r.getAs(node), r.getAs(surnameKey), r.getAs(givenNamesKey), born == null ? null : born.toLocalDate(),
                    r.getAs(postalCode), r.getAs(departement), r.getAs(street), r.getAs(city), r.getAs(email), r.getAs(phone),
                    r.getAs(account), r.getAs(document));
        }
    }

    /** A block's row as the matcher sees it (one row: {@link MatchFields} for many of one schema). */
    static MatchRecord matchRecord(Row r) {
        return new MatchFields(r.schema()).matchRecord(r);
    }
}
