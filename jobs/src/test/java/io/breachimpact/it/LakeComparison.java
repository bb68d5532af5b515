package io.breachimpact.it;

import io.breachimpact.pipeline.TableChecksums;
import io.breachimpact.spark.DeltaTables;
import io.breachimpact.spark.Lake;
import io.breachimpact.testing.SharedSpark;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Two lakes compared by their contents: every table's rows (timestamps and run ids apart) and the outbox's manifest lines. */
final class LakeComparison {
    private LakeComparison() {
    }

    /** Every table of {@code actual} holds the rows of {@code expected}'s, no more, no fewer; {@code except} are left to the caller. */
    static void assertSameTables(Path expected, Path actual, Set<String> except) {
        SparkSession spark = SharedSpark.spark();
        Lake a = new Lake(expected.toString());
        Lake b = new Lake(actual.toString());
        for (Map.Entry<String, String> t : a.tables().entrySet()) {
            if (except.contains(t.getKey()) || !DeltaTables.exists(spark, t.getValue())) {
                continue;
            }
            Dataset<Row> rowsA = DeltaTables.read(spark, t.getValue());
            Dataset<Row> rowsB = DeltaTables.read(spark, b.tables().get(t.getKey()));
            // One pass per table and lake; the rows are compared one by one only to say what differs.
            TableChecksums.Checksum sumA = TableChecksums.of(t.getKey(), 0, rowsA);
            TableChecksums.Checksum sumB = TableChecksums.of(t.getKey(), 0, rowsB);
            if (!sumA.equals(sumB)) {
                assertSameContents(t.getKey(), stable(rowsA), stable(rowsB));
                assertEquals(sumA.line(), sumB.line(), t.getKey());
            }
        }
    }

    /** Rows without what differs between two runs by nature, as status --checksums leaves it out; maps as sorted entries. */
    static Dataset<Row> stable(Dataset<Row> rows) {
        return TableChecksums.stable(rows);
    }

    static void assertSameContents(String table, Dataset<Row> expected, Dataset<Row> actual) {
        long missing = expected.exceptAll(actual).count();
        long extra = actual.exceptAll(expected).count();
        assertEquals(0, missing + extra, table + ": " + missing + " rows of the expected lake missing, " + extra + " rows more");
    }

    /** Every data line of every manifest in the outbox (headers apart); none twice. */
    static Set<String> outboxLines(Path lake) throws IOException {
        List<String> all = new ArrayList<>();
        try (Stream<Path> files = Files.walk(lake.resolve("outbox"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".csv")).toList()) {
                List<String> content = Files.readAllLines(f);
                all.addAll(content.subList(1, content.size()));
            }
        }
        Set<String> lines = new HashSet<>(all);
        assertEquals(all.size(), lines.size(), "a manifest line in the outbox twice");
        return lines;
    }
}
