package io.breachimpact.identity;

import io.breachimpact.testing.SharedSpark;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The driver's rounds give what Spark's give: the same labels after the same number of rounds. */
class ConnectedComponentsTest {

    private static Dataset<Row> edges(List<Row> rows) {
        return SharedSpark.spark().createDataFrame(rows, UndatedTies.EDGE);
    }

    private static Map<String, String> labels(Dataset<Row> labels) {
        return labels(labels.collectAsList());
    }

    private static Map<String, String> labels(List<Row> labels) {
        Map<String, String> byNode = new TreeMap<>();
        labels.forEach(r -> byNode.put(r.getString(0), r.getString(1)));
        return byNode;
    }

    private static List<Row> chain(int links) {
        List<Row> chain = new ArrayList<>();
        for (int i = links; i > 0; i--) {
            chain.add(RowFactory.create("n" + (char) ('a' + i), "n" + (char) ('a' + i - 1)));
        }
        return chain;
    }

    @Test
    void aChainTakesRoundsAndEndsOnItsSmallestNode() {
        List<Row> chain = new ArrayList<>(chain(4));
        chain.add(RowFactory.create("x", "y"));
        ConnectedComponents.Local local = ConnectedComponents.local(chain, 30);
        assertEquals(Map.of("na", "na", "nb", "na", "nc", "na", "nd", "na", "ne", "na", "x", "x", "y", "x"), labels(local.labels()));
        ConnectedComponents.Result spark = ConnectedComponents.distributed(edges(chain), 30);
        assertEquals(labels(spark.labels()), labels(local.labels()));
        assertEquals(spark.rounds(), local.rounds());
        assertEquals(4, local.rounds(), "ne starts at nd, its neighbour, and takes nc, nb, then na in rounds 1 to 3; round 4 changes nothing");
        // Exactly as many rounds as allowed is no error, one fewer is, both ways.
        assertEquals(4, ConnectedComponents.local(chain, 4).rounds());
        assertEquals(4, ConnectedComponents.distributed(edges(chain), 4).rounds());
        assertThrows(IllegalStateException.class, () -> ConnectedComponents.local(chain, 3));
        assertThrows(IllegalStateException.class, () -> ConnectedComponents.distributed(edges(chain), 3));
    }

    @Test
    void smallestIsSparksOrderOfStrings() {
        // U+FB01 is above the surrogates of U+1F600 in Java's compareTo, below its four UTF-8 bytes in Spark's.
        List<Row> pair = List.of(RowFactory.create("\uD83D\uDE00", "\uFB01"));
        assertEquals(Map.of("\uD83D\uDE00", "\uFB01", "\uFB01", "\uFB01"), labels(ConnectedComponents.local(pair, 30).labels()));
        assertEquals(labels(ConnectedComponents.distributed(edges(pair), 30).labels()), labels(ConnectedComponents.local(pair, 30).labels()));
    }

    @Test
    void theDriverTakesGraphsUpToItsBound() {
        List<Row> chain = chain(5);
        ConnectedComponents.Result atBound = ConnectedComponents.of(edges(chain), 30, 5);
        ConnectedComponents.Result over = ConnectedComponents.of(edges(chain), 30, 4);
        assertTrue(atBound.onDriver());
        assertFalse(over.onDriver());
        assertEquals(labels(over.labels()), labels(atBound.labels()));
        assertEquals(over.rounds(), atBound.rounds());
        assertThrows(IllegalArgumentException.class, () -> ConnectedComponents.of(edges(chain), 30, Integer.MAX_VALUE));
    }

    @Test
    void randomGraphsGiveTheSameLabelsAndRoundsBothWays() {
        Random random = new Random(17);
        for (int graph = 0; graph < 6; graph++) {
            List<Row> rows = new ArrayList<>();
            int nodes = 5 + random.nextInt(60);
            for (int e = random.nextInt(nodes * 2); e >= 0; e--) {
                rows.add(RowFactory.create(node(random, nodes), node(random, nodes)));
            }
            ConnectedComponents.Local local = ConnectedComponents.local(rows, 30);
            ConnectedComponents.Result spark = ConnectedComponents.distributed(edges(rows), 30);
            assertEquals(labels(spark.labels()), labels(local.labels()), "graph " + graph);
            assertEquals(spark.rounds(), local.rounds(), "graph " + graph);
        }
    }

    /** Nodes as resolve makes them, and names outside the basic plane, whose order differs between Java and Spark. */
    private static String node(Random random, int nodes) {
        int n = random.nextInt(nodes);
        return switch (n % 3) {
            case 0 -> String.format("%012d|r%d", n % 4, n);
            case 1 -> "\uFB01" + n;
            default -> new String(Character.toChars(0x1F600 + n));
        };
    }
}
