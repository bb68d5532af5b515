package io.breachimpact.spark;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a waiting operator reads of a long stage, and that short stages say nothing. */
class StageProgressTest {
    @Test
    void aLineSaysTasksRecordsElapsedAndWhatRemains() {
        assertEquals("decide: decisions — 10/40 tasks, 3,200,000 records, 1m05s, about 3m15s left",
                StageProgress.line("decide: decisions", 10, 40, 3_200_000, 65_000));
        assertEquals("ingest: bronze — 0/19 tasks, 0 records, 31s", StageProgress.line("ingest: bronze", 0, 19, 0, 31_000));
    }

    @Test
    void aLongStageIsReportedWhileItRuns() {
        org.apache.spark.sql.SparkSession spark = io.breachimpact.testing.SharedSpark.spark();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StageProgress progress = new StageProgress(true, 100, new PrintStream(out, true, StandardCharsets.UTF_8));
        spark.sparkContext().addSparkListener(progress);
        try {
            spark.sparkContext().setJobDescription("test: slow stage");
            spark.range(0, 4, 1, 4).map((org.apache.spark.api.java.function.MapFunction<Long, Long>) v -> {
                Thread.sleep(400);
                return v;
            }, org.apache.spark.sql.Encoders.LONG()).count();
        } finally {
            spark.sparkContext().setJobDescription(null);
            spark.sparkContext().removeSparkListener(progress);
            progress.close();
        }
        String printed = out.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("test: slow stage — ") && printed.contains("/4 tasks"), printed);
    }

    @Test
    void onATerminalTheLineIsRedrawnAndClearedAtTheEnd() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (StageProgress progress = new StageProgress(true, 50, new PrintStream(out, true, StandardCharsets.UTF_8))) {
            // No stage runs: nothing is printed while waiting.
            Thread.sleep(200);
            assertEquals("", out.toString(StandardCharsets.UTF_8));
        }
        assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("\r"), "the line is cleared when the command ends");
    }
}
