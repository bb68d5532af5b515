package io.breachimpact.identity;

import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

/**
 * The birth-date slip search ({@link BirthDateSlips}) kept from one run to the next
 * ({@code internal/birth_date_slips}): per key, the pairs it found, and the keys that are placeholders.
 * A run whose records differ from the last run's by the batches ingested since searches again only the
 * keys those batches' records hold, or held in the versions they replaced, and the placeholders (a key
 * back under the cap pairs again); every other key is held by the same records as before, so its pairs
 * stand. The whole search is one sorted shuffle of every key of every dated record; this is a read of the
 * new batches, of the replaced records, and one pass over the records that shuffles only the keys sought.
 *
 * <p>Checked, not trusted: two checksums and the count of the dated records as the search reads them
 * (node, birth date, keys) are kept with the pairs, and the records now must give the kept ones moved by
 * the replaced and the new records exactly. Anything else that changed the records (a retraction
 * restoring an earlier version, a batch replaced under its own number) makes them differ, and every key
 * is searched again. The result is the whole search's either way.
 */
final class KeptSlips {
    private static final Logger LOG = LoggerFactory.getLogger(KeptSlips.class);

    /**
     * How the kept search is made: a run that finds another kept is searched whole. The tally checks the
     * records, not the rule: a change of what a key is ({@link BirthDateSlips#keys}), of a node or of what a
     * slip is must raise it, or pairs found by the former rule would be kept.
     */
    static final long FORMAT = 1;

    /**
     * Past this many new or changed records, or keys of theirs to search, the whole search: it then costs
     * little more, and the keys sought stay a broadcast of a few tens of megabytes (a 1 % night at 19M:
     * some 220,000 records, 700,000 keys).
     */
    static final long MOST_RECORDS_SOUGHT = 1_000_000;
    static final int MOST_KEYS_SOUGHT = 3_000_000;

    /** Each record's checksum terms stay below this: their sums over 10^8 records fit in a long. */
    private static final long TERM_MODULUS = 1L << 36;

    /** The kept search's rows: a pair ({@code slip_key}, {@code node_a}, {@code node_b}) or a placeholder (both nodes null). */
    static final StructType SCHEMA = new StructType().add("slip_key", DataTypes.LongType, false).add("node_a", DataTypes.LongType, true)
            .add("node_b", DataTypes.LongType, true);

    /**
     * What was read, to check the next run against: two checksums and the count of the dated records, and
     * the last batch number among all records.
     */
    record Tally(long checksum, long checksum2, long records, long lastBatchSeq) {
        Tally minus(Tally o) {
            return new Tally(checksum - o.checksum, checksum2 - o.checksum2, records - o.records, lastBatchSeq);
        }

        Tally plus(Tally o) {
            return new Tally(checksum + o.checksum, checksum2 + o.checksum2, records + o.records, Math.max(lastBatchSeq, o.lastBatchSeq));
        }

        boolean sameRecords(Tally o) {
            return checksum == o.checksum && checksum2 == o.checksum2 && records == o.records;
        }
    }

    /**
     * What a run leaves: the search's result and the tally of the records it was made from.
     *
     * @param keysSearched the keys this run searched (all of them: -1)
     */
    record Searched(BirthDateSlips.Found found, Tally tally, boolean kept, long keysSearched) {
    }

    /**
     * What the last run left, with silver/records as that run read it ({@code node} added).
     *
     * @param recordsThen silver/records at the version the last run read
     */
    record Previous(BirthDateSlips.Found found, Tally tally, Dataset<Row> recordsThen) {
    }

    private KeptSlips() {
    }

    /**
     * A record as the search reads it: id, batch number, node fingerprint, birth date as days (null:
     * undated), the keys, and two checksum terms of the last three (null when undated), hashed from the
     * fingerprints rather than the texts: the keys stand for the values they hash.
     */
    static Dataset<Row> searched(Dataset<Row> silver) {
        Column dated = col("born").isNotNull();
        Column[] read = {col("node_fp"), col("born"), col("slip_keys")};
        return silver.select(col("record_id"), col("batch_seq"), BirthDateSlips.nodeFingerprint(col("node")).as("node_fp"),
                        expr("unix_date(birth_date)").as("born"), col("email_key"), Resolution.phone().as("phone"), col("account_id"),
                        Resolution.document().as("document"))
                .withColumn("slip_keys", BirthDateSlips.keys())
                .select(col("record_id"), col("batch_seq"), col("node_fp"), col("born"), col("slip_keys"),
                        when(dated, pmod(xxhash64(read), lit(TERM_MODULUS))).as("term"),
                        when(dated, pmod(xxhash64(lit("slips"), col("node_fp"), col("born"), col("slip_keys")), lit(TERM_MODULUS))).as("term2"));
    }

    private static Column[] tallied() {
        return new Column[] {coalesce(sum(col("term")), lit(0L)).as("checksum"), coalesce(sum(col("term2")), lit(0L)).as("checksum2"),
                count(col("term")).as("records"), coalesce(max(col("batch_seq")), lit(-1L)).as("last_batch_seq")};
    }

    private static Tally tally(Row r) {
        return new Tally(r.getLong(0), r.getLong(1), r.getLong(2), r.getLong(3));
    }

    /**
     * The search over {@code silver} (silver/records with {@code node}): from the last run's when it is
     * given and the records check against it, else whole.
     */
    static Searched search(Dataset<Row> silver, Optional<Previous> previous, int maxKeyRecords) {
        if (previous.isPresent()) {
            try {
                Optional<Searched> kept = fromPrevious(silver, previous.get(), maxKeyRecords);
                if (kept.isPresent()) {
                    return kept.get();
                }
            } catch (Exception e) { // Spark's and Delta's own (the version the last run read vacuumed, or out of the log) among them
                LOG.info("Birth-date slips searched whole: silver/records as the last resolve read it could not be read ({})",
                        e.getClass().getSimpleName());
            }
        }
        return whole(silver, maxKeyRecords);
    }

    /** Every key of every dated record searched. */
    static Searched whole(Dataset<Row> silver, int maxKeyRecords) {
        Observation read = new Observation("slip records");
        Dataset<Row> records = searched(silver).observe(read, tallied()[0], java.util.Arrays.copyOfRange(tallied(), 1, 4));
        BirthDateSlips.Found found = BirthDateSlips.search(BirthDateSlips.keyed(records.filter(col("born").isNotNull())), maxKeyRecords);
        // Counted while the search reads them; when Spark reports nothing (it can drop the stage that carried
        // the observation from the plan it reports, e.g. as empty, or report late), counted by a read of their own.
        Tally tally = observed(read).orElseGet(() -> {
            LOG.info("Birth-date slips: the records are counted again for the next run's check");
            return tally(searched(silver));
        });
        return new Searched(found, tally, false, -1);
    }

    private static Tally tally(Dataset<Row> records) {
        return tally(records.agg(tallied()[0], java.util.Arrays.copyOfRange(tallied(), 1, 4)).first());
    }

    private static Optional<Searched> fromPrevious(Dataset<Row> silver, Previous previous, int maxKeyRecords) {
        Dataset<Row> now = searched(silver);
        // The batches since: a batch number above the last one read (Parquet's row-group statistics skip the
        // older batches' groups, as long as no compaction mixed them).
        Column since = col("batch_seq").gt(previous.tally().lastBatchSeq());
        long addedCount = now.filter(since).count();
        if (addedCount > MOST_RECORDS_SOUGHT) {
            LOG.info("Birth-date slips searched whole: {} records new or changed since the last resolve", addedCount);
            return Optional.empty();
        }
        Dataset<Row> added = now.filter(since).localCheckpoint(true);
        // The versions they replace, as the last run read them: picked by id before anything is computed of them.
        Dataset<Row> replaced = searched(previous.recordsThen().join(io.breachimpact.spark.DeltaTables.keysToJoin(added.select("record_id"),
                        addedCount), "record_id", "left_semi"))
                .filter(col("born").isNotNull()).localCheckpoint(true);
        List<Row> keys = added.filter(col("born").isNotNull()).select(explode(col("slip_keys")))
                .unionAll(replaced.select(explode(col("slip_keys"))))
                .filter(col("col").isNotNull()).distinct().limit(MOST_KEYS_SOUGHT + 1).collectAsList();
        if (keys.size() > MOST_KEYS_SOUGHT) {
            LOG.info("Birth-date slips searched whole: the {} records new or changed since the last resolve hold more than {} keys",
                    addedCount, MOST_KEYS_SOUGHT);
            return Optional.empty();
        }
        long[] sought = java.util.stream.LongStream.concat(keys.stream().mapToLong(r -> r.getLong(0)),
                java.util.Arrays.stream(previous.found().placeholders())).sorted().distinct().toArray();
        // The records now counted as the sought keys are searched, in one read (counted on their own when the
        // search shuffles nothing and Spark reports no count); checked before the result is used.
        Observation read = new Observation("slip records, kept search");
        Dataset<Row> observed = now.observe(read, tallied()[0], java.util.Arrays.copyOfRange(tallied(), 1, 4));
        BirthDateSlips.Found searched = searchedFor(observed, sought, maxKeyRecords);
        Tally tally = observed(read).orElseGet(() -> tally(now));
        Tally expected = previous.tally().minus(tally(replaced)).plus(tally(added));
        if (!tally.sameRecords(expected)) {
            LOG.info("Birth-date slips searched whole: silver/records changed otherwise than by the {} records of the batches since the "
                    + "last resolve ({} dated records now, {} expected)", addedCount, tally.records(), expected.records());
            return Optional.empty();
        }
        BirthDateSlips.Found found = merged(previous.found(), searched, sought);
        LOG.info("Birth-date slips: {} keys of {} new or changed records searched again, the other keys' pairs kept ({} pairs, {} placeholders)",
                sought.length, addedCount, found.keyedPairs().size(), found.placeholders().length);
        return Optional.of(new Searched(found, tally, true, sought.length));
    }

    /** The search of the keys sought only: every record holding one of them, and no other. */
    private static BirthDateSlips.Found searchedFor(Dataset<Row> records, long[] sought, int maxKeyRecords) {
        Broadcast<KeySet> soughtSet = new org.apache.spark.api.java.JavaSparkContext(records.sparkSession().sparkContext())
                .broadcast(new KeySet(sought));
        try {
            UserDefinedFunction isSought = udf((UDF1<Long, Boolean>) key -> key != null && soughtSet.value().containsFingerprint(key),
                    DataTypes.BooleanType);
            return BirthDateSlips.search(BirthDateSlips.keyed(records.filter(col("born").isNotNull())).filter(isSought.apply(col("slip_key"))),
                    maxKeyRecords);
        } finally {
            soughtSet.destroy();
        }
    }

    /** The kept result with every key searched again ({@code sought}, sorted) replaced by what the search found for it now. */
    static BirthDateSlips.Found merged(BirthDateSlips.Found kept, BirthDateSlips.Found searched, long[] sought) {
        List<long[]> pairs = new ArrayList<>(searched.keyedPairs());
        kept.keyedPairs().stream().filter(p -> java.util.Arrays.binarySearch(sought, p[0]) < 0).forEach(pairs::add);
        pairs.sort(BirthDateSlips.KEYED_ORDER);
        java.util.TreeSet<Long> placeholders = new java.util.TreeSet<>();
        for (long p : kept.placeholders()) {
            if (java.util.Arrays.binarySearch(sought, p) < 0) {
                placeholders.add(p);
            }
        }
        for (long p : searched.placeholders()) {
            placeholders.add(p);
        }
        return new BirthDateSlips.Found(pairs, placeholders.stream().mapToLong(Long::longValue).toArray());
    }

    /** Whether two results hold the same pairs, each by the same key, and the same placeholders. */
    static boolean same(BirthDateSlips.Found a, BirthDateSlips.Found b) {
        if (a.keyedPairs().size() != b.keyedPairs().size() || !java.util.Arrays.equals(a.placeholders(), b.placeholders())) {
            return false;
        }
        for (int i = 0; i < a.keyedPairs().size(); i++) {
            if (!java.util.Arrays.equals(a.keyedPairs().get(i), b.keyedPairs().get(i))) {
                return false;
            }
        }
        return true;
    }

    /** The table's rows of a search's result: its pairs, then its placeholders. */
    static List<Row> rows(BirthDateSlips.Found found) {
        List<Row> rows = new ArrayList<>(found.keyedPairs().size() + found.placeholders().length);
        found.keyedPairs().forEach(p -> rows.add(RowFactory.create(p[0], p[1], p[2])));
        for (long p : found.placeholders()) {
            rows.add(RowFactory.create(p, null, null));
        }
        return rows;
    }

    /** A search's result from the table's rows ({@link #rows}). */
    static BirthDateSlips.Found of(List<Row> rows) {
        List<long[]> pairs = new ArrayList<>();
        List<Long> placeholders = new ArrayList<>();
        for (Row r : rows) {
            if (r.isNullAt(1)) {
                placeholders.add(r.getLong(0));
            } else {
                pairs.add(new long[] {r.getLong(0), r.getLong(1), r.getLong(2)});
            }
        }
        pairs.sort(BirthDateSlips.KEYED_ORDER);
        return new BirthDateSlips.Found(pairs, placeholders.stream().mapToLong(Long::longValue).sorted().toArray());
    }

    /** An observation's tally, once the job that carried it has ended; empty when Spark reported none (within a minute). */
    private static Optional<Tally> observed(Observation observation) {
        try {
            Row r = scala.concurrent.Await.result(observation.future(), scala.concurrent.duration.Duration.create(1, TimeUnit.MINUTES));
            return r.size() == 0 ? Optional.empty() : Optional.of(tally(r));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the tally of the slip search", e);
        } catch (Exception e) { // Scala's TimeoutException among them
            LOG.info("Spark did not report the tally of the slip search ({})", e.getClass().getSimpleName());
            return Optional.empty();
        }
    }

    /** The counts a run records of its search, to check the next run's records against. */
    static Map<String, Long> counts(Searched s) {
        return Map.of("format", FORMAT, "checksum", s.tally().checksum(), "checksum2", s.tally().checksum2(), "records", s.tally().records(),
                "last_batch_seq", s.tally().lastBatchSeq());
    }
}
