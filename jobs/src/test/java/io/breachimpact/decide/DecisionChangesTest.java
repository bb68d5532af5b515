package io.breachimpact.decide;

import io.breachimpact.testing.SharedSpark;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DecisionChangesTest {
    private static Row person(String id, List<String> classes, String email, String city) {
        return RowFactory.create(id, 1, classes, false, 40, email, null, List.of("EMAIL", "LETTER"), List.of(), "Petit", "Anne",
                "1 rue A", "69001", city, List.of("PASSPORT"));
    }

    private static Dataset<Row> persons(Row... rows) {
        return SharedSpark.spark().createDataFrame(List.of(rows), DecideJobTest.PERSONS);
    }

    @Test
    void aPersonIsDecidedAgainWhenAnythingDecideReadsOfItChangedAndItsDecisionGoesWithIt() {
        List<String> identity = List.of("DATE_OF_BIRTH", "NAME");
        Dataset<Row> then = persons(person("P1", identity, "a@x.fr", "Lyon"), person("P2", identity, "b@x.fr", "Lyon"),
                person("P3", identity, "c@x.fr", "Lyon"), person("P4", identity, "d@x.fr", "Lyon"), person("P5", identity, null, "Lyon"));
        Dataset<Row> now = persons(
                person("P1", identity, "a@x.fr", "Lyon"),                                  // the same
                person("P2", List.of("DATE_OF_BIRTH", "EMAIL", "NAME"), "b@x.fr", "Lyon"), // another data class
                person("P3", identity, "c@x.fr", "Vienne"),                                // moved: a letter goes elsewhere
                person("P5", identity, "e@x.fr", "Lyon"),                                  // an email where there was none
                person("P6", identity, "f@x.fr", "Lyon"));                                 // new; P4 is gone
        Map<String, String> changes = new TreeMap<>();
        DecisionChanges.of(now, then).collectAsList().forEach(r -> changes.put(r.getString(0), r.getString(1)));
        assertEquals(Map.of("P2", "CHANGED", "P3", "CHANGED", "P4", "REMOVED", "P5", "CHANGED", "P6", "CHANGED"), changes);
        assertEquals(0, DecisionChanges.of(then, then).count(), "nothing changed, nobody decided again");

        // Spark's hashes skip nulls: a value moved to the next column, or an array with a null more, must still count.
        Row inEmailColumn = RowFactory.create("P7", 1, identity, false, 40, "+33600000007", null, List.of("SMS"), List.of(), "Petit", "Anne",
                "1 rue A", "69001", "Lyon", List.of("PASSPORT"));
        Row inMobileColumn = RowFactory.create("P7", 1, identity, false, 40, null, "+33600000007", List.of("SMS"), List.of(), "Petit", "Anne",
                "1 rue A", "69001", "Lyon", List.of("PASSPORT"));
        Row nullElement = RowFactory.create("P7", 1, java.util.Arrays.asList("DATE_OF_BIRTH", "NAME", null), false, 40, "+33600000007", null,
                List.of("SMS"), List.of(), "Petit", "Anne", "1 rue A", "69001", "Lyon", List.of("PASSPORT"));
        assertEquals(List.of("P7"), DecisionChanges.of(persons(inMobileColumn), persons(inEmailColumn)).select("person_id").as(
                org.apache.spark.sql.Encoders.STRING()).collectAsList());
        assertEquals(1, DecisionChanges.of(persons(nullElement), persons(inEmailColumn)).count());

        // Both states keeping each person's digest: the digests are compared, with the same result.
        Map<String, String> byKept = new TreeMap<>();
        DecisionChanges.of(kept(now), kept(then)).collectAsList().forEach(r -> byKept.put(r.getString(0), r.getString(1)));
        assertEquals(changes, byKept);
        assertEquals(0, DecisionChanges.of(kept(then), kept(then)).count());
        assertEquals(1, DecisionChanges.of(kept(persons(inMobileColumn)), kept(persons(inEmailColumn))).count());
        assertEquals(1, DecisionChanges.of(kept(persons(nullElement)), kept(persons(inEmailColumn))).count());
        // Read, not computed: a digest that differs says the row changed (here in no column decide reads).
        Dataset<Row> restamped = kept(then).withColumn(io.breachimpact.identity.PersonDigest.COLUMN, org.apache.spark.sql.functions.when(
                org.apache.spark.sql.functions.col("person_id").equalTo("P1"), org.apache.spark.sql.functions.lit(1L))
                .otherwise(org.apache.spark.sql.functions.col(io.breachimpact.identity.PersonDigest.COLUMN)));
        assertEquals(Map.of("P1", "CHANGED"), byPerson(DecisionChanges.of(restamped, kept(then))));
        // One state without: what decide reads is hashed in both.
        assertEquals(changes, byPerson(DecisionChanges.of(kept(now), then)));
    }

    private static Dataset<Row> kept(Dataset<Row> persons) {
        return io.breachimpact.identity.PersonDigest.withDigest(persons);
    }

    private static Map<String, String> byPerson(Dataset<Row> changes) {
        Map<String, String> by = new TreeMap<>();
        changes.collectAsList().forEach(r -> by.put(r.getString(0), r.getString(1)));
        return by;
    }

    /**
     * The persons changed row by row as an incremental resolve changes them: the table's change data
     * feed gives the persons the comparison of every row gives. After a rewrite of the whole table, or
     * on a table that did not record its changes, the feed is not used (the caller compares).
     */
    @Test
    void theChangeDataFeedOfARowByRowChangeGivesThePersonsTheComparisonGives(@TempDir Path dir) {
        org.apache.spark.sql.SparkSession spark = SharedSpark.spark();
        List<String> identity = List.of("DATE_OF_BIRTH", "NAME");
        Dataset<Row> then = persons(person("P1", identity, "a@x.fr", "Lyon"), person("P2", identity, "b@x.fr", "Lyon"),
                person("P3", identity, "c@x.fr", "Lyon"), person("P4", identity, "d@x.fr", "Lyon"));
        Dataset<Row> now = persons(person("P1", identity, "a@x.fr", "Lyon"), person("P2", identity, "b@x.fr", "Vienne"),
                person("P5", identity, "e@x.fr", "Lyon"));
        String path = dir.resolve("persons").toString();
        io.breachimpact.spark.DeltaTables.replace(then, path, 1);
        io.breachimpact.spark.DeltaTables.useChangeDataFeed(spark, path);
        io.breachimpact.spark.DeltaTables.useDeletionVectors(spark, path);
        long read = io.breachimpact.spark.DeltaTables.version(spark, path).orElseThrow();
        // P1 made again as it was (left alone), P2 moved, P3 and P4 gone, P5 new.
        io.breachimpact.spark.DeltaTables.applyChanges(spark, path, now, then.select("person_id"), List.of("person_id"));
        long changed = io.breachimpact.spark.DeltaTables.version(spark, path).orElseThrow();

        Dataset<Row> ids = io.breachimpact.spark.DeltaTables.changedKeys(spark, path, read, changed, List.of("person_id")).orElseThrow();
        Dataset<Row> current = io.breachimpact.spark.DeltaTables.read(spark, path);
        assertEquals(Map.of("P2", "CHANGED", "P3", "REMOVED", "P4", "REMOVED", "P5", "CHANGED"), byPerson(DecisionChanges.ofChangedIds(current, ids)));
        assertEquals(byPerson(DecisionChanges.of(current, then)), byPerson(DecisionChanges.ofChangedIds(current, ids)));
        assertEquals(0, io.breachimpact.spark.DeltaTables.changedKeys(spark, path, changed, changed, List.of("person_id")).orElseThrow().count());

        io.breachimpact.spark.DeltaTables.replace(now, path, 1);
        long rewritten = io.breachimpact.spark.DeltaTables.version(spark, path).orElseThrow();
        assertTrue(io.breachimpact.spark.DeltaTables.changedKeys(spark, path, changed, rewritten, List.of("person_id")).isEmpty(),
                "a rewrite of every row: compared instead");

        String unrecorded = dir.resolve("unrecorded").toString();
        io.breachimpact.spark.DeltaTables.replace(then, unrecorded, 1);
        long before = io.breachimpact.spark.DeltaTables.version(spark, unrecorded).orElseThrow();
        io.breachimpact.spark.DeltaTables.applyChanges(spark, unrecorded, now, then.select("person_id"), List.of("person_id"));
        assertTrue(io.breachimpact.spark.DeltaTables.changedKeys(spark, unrecorded,  before,
                io.breachimpact.spark.DeltaTables.version(spark, unrecorded).orElseThrow(), List.of("person_id")).isEmpty(),
                "no change data recorded: compared instead");
    }
}
