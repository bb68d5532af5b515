package io.breachimpact.identity;

import io.breachimpact.identity.match.BlockChanges;
import io.breachimpact.identity.match.BlockLinker;
import io.breachimpact.identity.match.MatchRecord;
import io.breachimpact.spark.DeltaTables;
import org.apache.spark.api.java.function.CoGroupFunction;
import org.apache.spark.api.java.function.FlatMapGroupsFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.xxhash64;

/**
 * The persons of the blocks a night changed, when the persons were made under the model, settings and
 * corrections of this run. Each record's digest of what it is linked from is compared with the one its
 * person was made with (a join of ids and digests, not of the records). A record that is new, changed,
 * moved to another block or gone (retracted, or without a birth date now) changes its former person,
 * and every record of a changed person is marked. Only the blocks holding a marked record, or that a
 * record left, are grouped, by the columns the matcher reads, and in each {@link BlockChanges} says
 * which records to link again; only those are then grouped whole (every column a person is made of)
 * and linked.
 */
final class ChangedBlocks {
    /** A record's digest of what it is linked from, as persons keep it ({@code record_digests}). */
    static final String MATCH_DIGEST = "match_digest";

    /** The persons as the last run left them ({@link PersonLinks#recordStates}: record, person, digest, block). */
    record Previous(Dataset<Row> recordStates) {
    }

    /**
     * The persons of the records linked again, and every record's comparison with the last run
     * ({@code record_id}, {@code block_date} and {@code match_digest} now, both null when the record is
     * in no block now; {@code former_person}, {@code former_digest}, {@code former_block}, null when it is
     * new; {@code changed}), stored: what a record's former person was is read from it, not from the table.
     */
    record Night(Dataset<Row> persons, Dataset<Row> compared) {
    }

    private ChangedBlocks() {
    }

    /**
     * The digest of what a record is linked from: every column the block pass reads (the block's date
     * included), each with whether it is null, so that no two different rows hash alike by their nulls.
     */
    static Column digestOf(String[] columns) {
        List<Column> parts = new ArrayList<>();
        for (String c : columns) {
            parts.add(col(c));
            parts.add(col(c).isNull());
        }
        return xxhash64(parts.toArray(new Column[0]));
    }

    /** @param blocked the records as the block pass reads them, with {@link #MATCH_DIGEST} */
    static Night persons(Dataset<Row> blocked, Previous previous, StructType blockKey, BlockLinker linker,
                                PersonAssembler assembler, BlockingStatsAccumulator blocking) {
        Dataset<Row> before = previous.recordStates().select(col("record_id"), col("person_id").as("former_person"),
                col(MATCH_DIGEST).as("former_digest"), col("block_date").as("former_block"));
        Dataset<Row> compared = blocked.select(col("record_id"), col("block_date"), col(MATCH_DIGEST))
                .join(before, scala.collection.JavaConverters.asScalaBuffer(List.of("record_id")).toSeq(), "full_outer")
                .withColumn("changed", col("former_digest").isNull().or(col(MATCH_DIGEST).isNull())
                        .or(col("former_digest").notEqual(col(MATCH_DIGEST))))
                .localCheckpoint(true);
        Dataset<Row> changedPersons = compared.filter(col("changed").and(col("former_person").isNotNull()))
                .select(col("former_person").as("changed_person")).distinct();
        // A block a record left is linked again whole: one of its keys may be back under the cap.
        Dataset<Row> left = compared.filter(col("former_block").isNotNull()
                        .and(col("block_date").isNull().or(col("block_date").notEqual(col("former_block")))))
                .select(col("former_block").as("block_date"), lit(null).cast(DataTypes.StringType).as("record_id"),
                        lit(null).cast(DataTypes.StringType).as("former_person"), lit(true).as("dirty")).distinct();
        Dataset<Row> flags = compared.filter(col("block_date").isNotNull())
                .join(changedPersons, col("former_person").equalTo(col("changed_person")), "left")
                .select(col("block_date"), col("record_id"), col("former_person"), col("changed").or(col("changed_person").isNotNull()).as("dirty"))
                .unionByName(left)
                .localCheckpoint(true);
        Dataset<Row> dirtyDates = flags.filter(col("dirty")).select("block_date").distinct();
        StructType flagSchema = flags.schema();
        // 1. Which records to link again, from what the matcher reads of them: every record of a block a
        // night touched is shuffled, but narrow (a third of the block pass's row), and only the pairs of the
        // records reached are scored.
        Dataset<Row> matched = blocked.select(Resolution.MatchFields.COLUMNS.stream().map(org.apache.spark.sql.functions::col).toArray(Column[]::new));
        StructType matchedSchema = matched.schema();
        // A semi-join by a column name puts that column first: the rows keep their schema's order for the encoders.
        Dataset<Row> relinked = matched.join(broadcast(dirtyDates), "block_date", "left_semi").select(columns(matched))
                .groupBy(col("block_date")).as(Encoders.row(blockKey), Encoders.row(matchedSchema))
                .cogroup(flags.join(broadcast(dirtyDates), "block_date", "left_semi").select(columns(flags))
                                .groupBy(col("block_date")).as(Encoders.row(blockKey), Encoders.row(flagSchema)),
                        (CoGroupFunction<Row, Row, Row, String>) (key, rows, flagRows) -> {
                            Map<String, Row> flagOf = new HashMap<>();
                            boolean lostRecords = false;
                            while (flagRows.hasNext()) {
                                Row f = flagRows.next();
                                if (f.isNullAt(1)) {
                                    lostRecords = true;
                                } else {
                                    flagOf.put(f.getString(1), f);
                                }
                            }
                            List<Row> records = new ArrayList<>();
                            rows.forEachRemaining(records::add);
                            return records.isEmpty() ? java.util.Collections.emptyIterator()
                                    : relinked(records, flagOf, lostRecords, linker).iterator();
                        }, Encoders.STRING())
                .toDF("record_id").localCheckpoint(true);
        long relinkedCount = relinked.count();
        // 2. Those records, whole, linked block by block into the persons that replace their former ones.
        Dataset<Row> persons = blocked.join(DeltaTables.keysToJoin(relinked, relinkedCount), "record_id", "left_semi").select(columns(blocked))
                .groupBy(col("block_date")).as(Encoders.row(blockKey), Encoders.row(blocked.schema()))
                .flatMapGroups((FlatMapGroupsFunction<Row, Row, Row>) (key, rows) -> Resolution.personsOf(rows, linker, blocking, assembler)
                        .iterator(), Encoders.row(PersonLinks.PERSON_WITH_LINKS));
        return new Night(persons, compared);
    }

    /** The ids of the records of one block that a night links again ({@link BlockChanges}). */
    private static List<String> relinked(List<Row> records, Map<String, Row> flagOf, boolean lostRecords, BlockLinker linker) {
        Resolution.MatchFields fields = new Resolution.MatchFields(records.get(0).schema());
        records.sort(java.util.Comparator.comparing(r -> r.<String>getAs(fields.node)));
        List<MatchRecord> members = new ArrayList<>(records.size());
        boolean[] changed = new boolean[records.size()];
        String[] former = new String[records.size()];
        for (int i = 0; i < records.size(); i++) {
            Row r = records.get(i);
            members.add(fields.matchRecord(r));
            Row flag = flagOf.get(r.<String>getAs(fields.recordId));
            changed[i] = flag.getBoolean(3);
            former[i] = flag.getString(2);
        }
        boolean[] relink = BlockChanges.relink(members, changed, former, lostRecords, linker);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            if (relink[i]) {
                ids.add(records.get(i).getAs(fields.recordId));
            }
        }
        return ids;
    }

    private static Column[] columns(Dataset<Row> rows) {
        return Arrays.stream(rows.columns()).map(org.apache.spark.sql.functions::col).toArray(Column[]::new);
    }
}
