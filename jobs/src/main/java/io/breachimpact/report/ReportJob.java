package io.breachimpact.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.breachimpact.config.PolicyConfig;
import io.breachimpact.decide.DecisionPolicy;
import io.breachimpact.pipeline.RunContext;
import io.breachimpact.pipeline.RunLedger;
import io.breachimpact.pipeline.StageTimer;
import io.breachimpact.spark.DeltaTables;
import io.breachimpact.spark.Directories;
import io.breachimpact.spark.Lake;
import io.breachimpact.spark.SparkSessions;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The gold tables → {@code reports/<run>/summary.json}, {@code report.html} and {@code report.md} (in the
 * first language asked for) and, per language, {@code reports/<run>/<lang>/report.html} and {@code report.md}. The files are written beside the
 * run's directory and moved into place together: a failed run leaves no half report. The run ledger
 * keeps the versions of the tables read, which is what the next report compares itself with.
 */
public final class ReportJob {
    public static final String JOB = "report";

    private final Lake lake;
    private final PolicyConfig policyConfig;
    private final RunContext run;
    private final List<String> languages;
    private final StageTimer timer = new StageTimer(JOB);

    public ReportJob(Lake lake, PolicyConfig policyConfig, RunContext run, List<String> languages) {
        try {
            languages.forEach(Messages::of);
        } catch (IllegalArgumentException e) {
            throw io.breachimpact.error.BreachImpactException.config("--lang: " + e.getMessage());
        }
        this.lake = lake;
        this.policyConfig = policyConfig;
        this.run = run;
        this.languages = List.copyOf(languages);
    }

    /** What a run wrote: the directory, its files, and the figures. */
    public record Result(boolean skipped, String reportDir, List<String> files, ReportData data) {
    }

    public Result run(SparkSession spark) {
        run.tagCommits(spark);
        Timestamp started = new Timestamp(System.currentTimeMillis());
        DecisionPolicy policy = DecisionPolicy.from(policyConfig);
        int k = policyConfig.reader().intBetween("policy.suppression.k", 2, 1000);
        ReportReader reader = new ReportReader(spark, lake, policy, k);
        RunLedger ledger = new RunLedger(spark, lake);
        Map<String, Long> versions = DeltaTables.versions(spark, reader.inputs());
        String inputs = versions.entrySet().stream().map(e -> e.getKey() + "@" + e.getValue()).reduce((a, b) -> a + "," + b).orElse("")
                + ";policy " + policy.version() + "/" + policyConfig.hash() + ";languages " + String.join(",", languages);
        java.util.Optional<org.apache.spark.sql.Row> previous = ledger.lastSucceeded(null, JOB)
                .filter(r -> inputs.equals(r.getAs("input_fingerprint")) && run.configHash().equals(r.getAs("config_hash")));
        if (previous.isPresent()) {
            // The same figures as the last report: it stands (a new one would only repeat it).
            ledger.record(run.record(JOB, null, RunLedger.Status.SKIPPED, started, inputs, Map.of(), Map.of(),
                    "tables and policy unchanged since run " + previous.get().getAs("run_id")));
            return new Result(true, lake.reports(previous.get().getAs("run_id")), List.of(), null);
        }
        return ledger.track(run, JOB, null, started, inputs, timer, () -> {
            SparkSessions.describe(spark, JOB, "figures");
            timer.stage("figures");
            ReportData data = reader.read(run.runId(), policyConfig.hash(), versions);
            timer.stage("write");
            Result result = write(spark, data);
            timer.end();
            return result;
        }, result -> {
            Map<String, Long> counts = new LinkedHashMap<>();
            counts.put("persons", result.data().headline().persons());
            counts.put("files", (long) result.files().size());
            return counts;
        }, result -> versions);
    }

    /**
     * Reports written beside their place by runs killed before they moved them in: incomplete, never
     * read. This run holds the lake's lock, so none of them belongs to a live run.
     */
    private static void deleteLeftovers(FileSystem fs, Path reports) throws IOException {
        if (!fs.exists(reports)) {
            return;
        }
        for (org.apache.hadoop.fs.FileStatus s : fs.listStatus(reports)) {
            String name = s.getPath().getName();
            if (name.startsWith(".") && !name.startsWith(".decide-") && (name.contains(".tmp-") || name.contains(".old-"))) {
                fs.delete(s.getPath(), true);
            }
        }
    }

    private Result write(SparkSession spark, ReportData data) {
        Path target = new Path(lake.reports(run.runId()));
        Path staging = Directories.sibling(target, ".tmp-" + run.runId());
        Map<String, String> files = new LinkedHashMap<>();
        try {
            files.put("summary.json", new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(data) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (String language : languages) {
            Messages messages = Messages.of(language);
            files.put(language + "/report.html", HtmlReport.render(data, messages));
            files.put(language + "/report.md", MarkdownReport.render(data, messages));
        }
        // The run's report, where the architecture names it, is the first language asked for.
        files.put("report.html", files.get(languages.get(0) + "/report.html"));
        files.put("report.md", files.get(languages.get(0) + "/report.md"));
        files.forEach((name, text) -> Disclosure.check(text, name));
        try {
            FileSystem fs = target.getFileSystem(spark.sparkContext().hadoopConfiguration());
            fs.setWriteChecksum(false);
            deleteLeftovers(fs, target.getParent());
            for (Map.Entry<String, String> file : files.entrySet()) {
                try (OutputStream out = fs.create(new Path(staging, file.getKey()), false)) {
                    out.write(file.getValue().getBytes(StandardCharsets.UTF_8));
                }
            }
            fs.mkdirs(target.getParent());
            io.breachimpact.pipeline.FailPoints.reach("report.before-publish");
            Directories.publish(fs, staging, target, run.runId());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot publish " + target, e);
        }
        return new Result(false, target.toString(), List.copyOf(files.keySet()), data);
    }
}
