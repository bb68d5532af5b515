package io.breachimpact.identity;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.min;

/**
 * Connected components of an undirected graph given as edges {@code (a, b)}: every node gets the
 * smallest node of its component as its label. Label propagation: each round, a node takes the
 * smallest label among its own and its neighbours'; rounds continue until nothing changes, which
 * takes about the diameter of the largest component (a person's records form small, dense graphs).
 * A graph of at most {@code maxLocalEdges} edges (the undated records' ties: thousands at 19M) is
 * propagated on the driver, the same rounds over the same order: a dozen small Spark jobs cost more
 * than the whole graph. A larger one stays distributed; only the count of changed labels reaches the
 * driver.
 */
public final class ConnectedComponents {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ConnectedComponents.class);

    private ConnectedComponents() {
    }

    /** The driver's arrays hold each edge twice, in an int index. */
    static final int MAX_LOCAL_EDGES = 1 << 28;

    static final StructType LABELS = new StructType().add("node", DataTypes.StringType, false).add("label", DataTypes.StringType, false);

    /** The labels, how many rounds it took, and whether the driver found them. */
    public record Result(Dataset<Row> labels, int rounds, boolean onDriver) {
    }

    /**
     * @param edges         columns {@code a}, {@code b} (strings); read twice or more, so stored
     * @param maxRounds     a bound against a pathological chain; reaching it is an error, never a silent cut
     * @param maxLocalEdges up to this many edges the rounds run on the driver
     * @return columns {@code node}, {@code label} for every node that has an edge
     */
    public static Result of(Dataset<Row> edges, int maxRounds, int maxLocalEdges) {
        if (maxLocalEdges > MAX_LOCAL_EDGES) {
            throw new IllegalArgumentException(maxLocalEdges + " edges on the driver: at most " + MAX_LOCAL_EDGES);
        }
        long count = edges.count();
        if (count <= maxLocalEdges) {
            SparkSession spark = edges.sparkSession();
            Local local = local(edges.collectAsList(), maxRounds);
            LOG.info("{} edges, {} nodes: components found on the driver in {} rounds", count, local.labels().size(), local.rounds());
            // In slices of some ten thousand rows (a local relation went to one task, 6 MB of it at 19M), and
            // broadcast to every join, which a relation of unknown size would otherwise not be.
            int slices = Math.max(1, local.labels().size() / 10_000);
            JavaRDD<Row> labels = JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(local.labels(), slices);
            return new Result(broadcast(spark.createDataFrame(labels, LABELS)), local.rounds(), true);
        }
        LOG.info("{} edges, more than {}: components found by Spark", count, maxLocalEdges);
        return distributed(edges, maxRounds);
    }

    /** Labels as rows ({@link #LABELS}) and the rounds: what {@link #distributed} gives on the same edges. */
    record Local(List<Row> labels, int rounds) {
    }

    /**
     * The distributed rounds, on the driver. Nodes are numbered in Spark's order of strings (their
     * UTF-8 bytes, which is not Java's {@code compareTo} beyond the basic plane), so that "smallest"
     * means the same here and there.
     */
    static Local local(List<Row> edges, int maxRounds) {
        Map<String, Integer> index = new HashMap<>();
        for (Row e : edges) {
            index.putIfAbsent(e.getString(0), index.size());
            index.putIfAbsent(e.getString(1), index.size());
        }
        int n = index.size();
        String[] byOrder = index.keySet().toArray(new String[0]);
        UTF8String[] utf8 = new UTF8String[n];
        for (int i = 0; i < n; i++) {
            utf8[i] = UTF8String.fromString(byOrder[i]);
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (x, y) -> utf8[x].compareTo(utf8[y]));
        String[] nodes = new String[n];
        for (int rank = 0; rank < n; rank++) {
            nodes[rank] = byOrder[order[rank]];
        }
        for (int rank = 0; rank < n; rank++) {
            index.put(nodes[rank], rank);
        }
        // Each edge both ways, as the distributed version's union of (a, b) and (b, a).
        int[] from = new int[edges.size() * 2];
        int[] to = new int[edges.size() * 2];
        for (int i = 0; i < edges.size(); i++) {
            int a = index.get(edges.get(i).getString(0));
            int b = index.get(edges.get(i).getString(1));
            from[2 * i] = a;
            to[2 * i] = b;
            from[2 * i + 1] = b;
            to[2 * i + 1] = a;
        }
        int[] label = new int[n];
        for (int v = 0; v < n; v++) {
            label[v] = v;
        }
        for (int k = 0; k < from.length; k++) {
            label[from[k]] = Math.min(label[from[k]], to[k]);
        }
        int[] offer = new int[n];
        for (int round = 1; round <= maxRounds; round++) {
            Arrays.fill(offer, Integer.MAX_VALUE);
            for (int k = 0; k < from.length; k++) {
                offer[from[k]] = Math.min(offer[from[k]], label[to[k]]);
            }
            int changed = 0;
            for (int v = 0; v < n; v++) {
                if (offer[v] < label[v]) {
                    label[v] = offer[v];
                    changed++;
                }
            }
            if (changed == 0) {
                List<Row> rows = new ArrayList<>(n);
                for (int v = 0; v < n; v++) {
                    rows.add(RowFactory.create(nodes[v], nodes[label[v]]));
                }
                return new Local(rows, round);
            }
        }
        throw notConverged(maxRounds);
    }

    /** The rounds as Spark jobs, for a graph too large for the driver. */
    static Result distributed(Dataset<Row> edges, int maxRounds) {
        Dataset<Row> both = edges.select(col("a").as("node"), col("b").as("neighbour"))
                .unionByName(edges.select(col("b").as("node"), col("a").as("neighbour")))
                .localCheckpoint(true);
        // Start from each node's smallest neighbour (or itself): one round saved.
        Dataset<Row> labels = both.groupBy("node").agg(min(col("neighbour")).as("m"))
                .selectExpr("node", "least(node, m) as label").localCheckpoint(true);
        for (int round = 1; round <= maxRounds; round++) {
            Dataset<Row> offered = both.join(labels.withColumnRenamed("node", "neighbour").withColumnRenamed("label", "offer"), "neighbour")
                    .groupBy("node").agg(min("offer").as("offer"));
            Dataset<Row> next = labels.join(offered, "node")
                    .selectExpr("node", "least(label, offer) as label", "offer < label as changed")
                    .localCheckpoint(true);
            long changed = next.filter(col("changed")).count();
            labels = next.drop("changed");
            if (changed == 0) {
                return new Result(labels, round, false);
            }
        }
        throw notConverged(maxRounds);
    }

    private static IllegalStateException notConverged(int maxRounds) {
        return new IllegalStateException("connected components did not converge in " + maxRounds + " rounds");
    }
}
