package io.breachimpact.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.breachimpact.error.ExitCode;
import io.breachimpact.spark.DeltaTables;
import io.breachimpact.spark.Lake;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.desc;

/**
 * What an operator asks in the morning: the last runs of each job, who holds the lock, what waits in
 * the landing area, the last failure and what to do about it, and how much disk the lake uses. Reads
 * only: it never takes the lock.
 */
public record LakeStatus(String lake, Optional<LakeLock.State> lock, Optional<String> keyFingerprint, List<RunLine> lastRuns,
                         Optional<RunLine> lastFailure, List<Landing.Waiting> landing, Map<String, Long> diskBytes) {

    /** One run as status shows it: counts and versions as the ledger keeps them (names and numbers only). */
    public record RunLine(String runId, String job, String batch, String status, String started, long durationMs,
                          Map<String, Long> counts, Map<String, Long> tableVersions, String message, String whatToDo) {
    }

    public static LakeStatus read(SparkSession spark, Lake lake, NightlyConfig nightly) {
        try {
            FileSystem fs = new Path(lake.root()).getFileSystem(spark.sparkContext().hadoopConfiguration());
            Optional<LakeLock.State> lock = LakeLock.inspect(lake.lock(), spark.sparkContext().hadoopConfiguration(), nightly.lease());
            List<RunLine> last = new ArrayList<>();
            Optional<RunLine> failure = Optional.empty();
            if (DeltaTables.exists(spark, lake.opsRuns())) {
                RunLedger ledger = new RunLedger(spark, lake);
                // The latest run of each job (a night's ingest of each delivery counts as one "ingest" line: the latest).
                for (Row r : ledger.runs().withColumn("rank", org.apache.spark.sql.functions.row_number().over(
                                org.apache.spark.sql.expressions.Window.partitionBy("job").orderBy(desc("finished_at"))))
                        .filter(col("rank").equalTo(1)).orderBy("started_at").collectAsList()) {
                    last.add(line(r));
                }
                List<Row> failed = ledger.runs().filter(col("status").equalTo(RunLedger.Status.FAILED.name()))
                        .orderBy(desc("finished_at")).limit(1).collectAsList();
                failure = failed.stream().map(LakeStatus::line).findFirst();
            }
            Landing landing = new Landing(fs, nightly.landing(), nightly.marker());
            return new LakeStatus(lake.root(), lock, KeyFingerprint.recorded(spark, lake), last, failure, landing.directories(),
                    diskUse(fs, new Path(lake.root())));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the lake's status under " + lake.root(), e);
        }
    }

    private static RunLine line(Row row) {
        RunLedger.Run r = RunLedger.Run.of(row);
        String todo = null;
        if (r.status() == RunLedger.Status.FAILED) {
            ExitCode code = ExitCode.of(r.counts().getOrDefault(RunLedger.EXIT_CODE, 1L).intValue());
            todo = "exit " + code.code() + ": " + code.whatToDo();
        }
        return new RunLine(r.runId(), r.job(), r.batchId(), r.status().name(), String.valueOf(r.startedAt()), r.durationMs(),
                new java.util.TreeMap<>(r.counts()), new java.util.TreeMap<>(r.tableVersions()), r.message(), todo);
    }

    /** Bytes under each top-level directory of the lake, and their total. */
    static Map<String, Long> diskUse(FileSystem fs, Path root) throws IOException {
        Map<String, Long> bytes = new LinkedHashMap<>();
        if (!fs.exists(root)) {
            bytes.put("total", 0L);
            return bytes;
        }
        long total = 0;
        for (FileStatus s : fs.listStatus(root)) {
            long size = fs.getContentSummary(s.getPath()).getLength();
            bytes.put(s.getPath().getName(), size);
            total += size;
        }
        bytes.put("total", total);
        return bytes;
    }

    public String json() {
        try {
            return new ObjectMapper().findAndRegisterModules().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(this) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String text() {
        StringBuilder s = new StringBuilder("Lake ").append(lake).append('\n');
        s.append("Lock: ").append(lock.map(l -> "held by " + l.holder().describe() + ", lease renewed " + l.renewed()
                + (l.stale() ? " — STALE: the next run takes it over" : "")).orElse("free")).append('\n');
        s.append("Person-key fingerprint: ").append(keyFingerprint.orElse("none recorded yet")).append('\n');
        s.append("\nLast run of each job:\n");
        if (lastRuns.isEmpty()) {
            s.append("  none yet\n");
        }
        for (RunLine r : lastRuns) {
            s.append(String.format(Locale.ROOT, "  %-9s %-9s %s  %7.1f s  run %s%s%n", r.job(), r.status(), r.started(), r.durationMs() / 1000.0,
                    r.runId(), r.batch() == null ? "" : "  batch " + r.batch()));
            Map<String, Long> shown = new LinkedHashMap<>();
            r.counts().forEach((k, v) -> {
                if (!k.startsWith("stage_ms_")) {
                    shown.put(k, v);
                }
            });
            if (!shown.isEmpty()) {
                s.append("            counts ").append(shown).append('\n');
            }
            if (!r.tableVersions().isEmpty()) {
                s.append("            versions ").append(r.tableVersions()).append('\n');
            }
            if (r.message() != null) {
                s.append("            ").append(r.message()).append('\n');
            }
        }
        s.append("\nLast failure: ");
        s.append(lastFailure.map(f -> f.job() + " run " + f.runId() + " at " + f.started() + ": " + f.message() + "\n  what to do: " + f.whatToDo())
                .orElse("none")).append('\n');
        s.append("\nLanding area:");
        if (landing.isEmpty()) {
            s.append(" empty\n");
        } else {
            s.append('\n');
            landing.forEach(w -> s.append("  ").append(w.name()).append(w.complete() ? "" : "  (no marker yet: still being delivered)").append('\n'));
        }
        s.append("\nDisk use:\n");
        diskBytes.forEach((dir, n) -> s.append(String.format(Locale.ROOT, "  %-16s %,16d bytes%n", dir, n)));
        return s.toString();
    }
}
