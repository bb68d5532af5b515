package io.breachimpact.identity;

import io.breachimpact.identity.match.Separations;
import io.breachimpact.pipeline.JobScope;
import io.breachimpact.pipeline.LakeTable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.util.ArrayList;
import java.util.List;

import static org.apache.spark.sql.functions.col;

/**
 * The corrections of identity resolution recorded in {@code ops/corrections} (by {@link CorrectJob}),
 * as resolve applies them: each "these two records are not one human" between records silver still
 * holds becomes a {@link Separations} pair, by node. A correction naming a record that was retracted
 * since has nothing to separate and is counted apart.
 */
final class Corrections {
    private Corrections() {
    }

    static final String NOT_SAME_HUMAN = "not_same_human";

    /** The pairs to keep apart, and how many recorded corrections name a record silver no longer holds. */
    record Applied(Separations separations, long recorded, long withoutRecords) {
    }

    /** @param nodes silver/records' {@code record_id} and {@code node} */
    static Applied read(JobScope scope, Dataset<Row> nodes) {
        if (!scope.exists(LakeTable.OPS_CORRECTIONS)) {
            return new Applied(Separations.none(), 0, 0);
        }
        Dataset<Row> notSame = scope.read(LakeTable.OPS_CORRECTIONS).filter(col("kind").equalTo(NOT_SAME_HUMAN))
                .select("record_a", "record_b").distinct();
        long recorded = notSame.count();
        List<String[]> pairs = new ArrayList<>();
        for (Row r : notSame.join(nodes.select(col("record_id").as("record_a"), col("node").as("node_a")), "record_a")
                .join(nodes.select(col("record_id").as("record_b"), col("node").as("node_b")), "record_b")
                .select("node_a", "node_b").collectAsList()) {
            pairs.add(new String[] {r.getString(0), r.getString(1)});
        }
        return new Applied(Separations.of(pairs), recorded, recorded - pairs.size());
    }
}
