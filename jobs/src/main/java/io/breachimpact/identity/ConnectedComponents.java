package io.breachimpact.identity;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.min;

/**
 * Connected components of an undirected graph given as edges {@code (a, b)}: every node gets the
 * smallest node of its component as its label. Label propagation: each round, a node takes the
 * smallest label among its own and its neighbours'; rounds continue until nothing changes, which
 * takes about the diameter of the largest component (a person's records form small, dense graphs).
 * Everything stays distributed; only the count of changed labels reaches the driver.
 */
public final class ConnectedComponents {
    private ConnectedComponents() {
    }

    /** The labels and how many rounds it took. */
    public record Result(Dataset<Row> labels, int rounds) {
    }

    /**
     * @param edges     columns {@code a}, {@code b} (strings)
     * @param maxRounds a bound against a pathological chain; reaching it is an error, never a silent cut
     * @return columns {@code node}, {@code label} for every node that has an edge
     */
    public static Result of(Dataset<Row> edges, int maxRounds) {
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
                return new Result(labels, round);
            }
        }
        throw new IllegalStateException("connected components did not converge in " + maxRounds + " rounds");
    }
}
