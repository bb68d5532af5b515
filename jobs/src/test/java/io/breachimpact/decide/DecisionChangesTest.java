package io.breachimpact.decide;

import io.breachimpact.testing.SharedSpark;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
    }
}
