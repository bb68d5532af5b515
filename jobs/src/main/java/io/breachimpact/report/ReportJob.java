package io.breachimpact.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.breachimpact.config.PolicyConfig;
import io.breachimpact.decide.DecisionPolicy;
import io.breachimpact.pipeline.CountKey;
import io.breachimpact.pipeline.Counts;
import io.breachimpact.pipeline.JobName;
import io.breachimpact.pipeline.JobScope;
import io.breachimpact.pipeline.LakeJob;
import io.breachimpact.pipeline.LakeTable;
import io.breachimpact.pipeline.RunLedger;
import io.breachimpact.spark.Directories;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The gold tables → {@code reports/<run>/summary.json}, {@code report.html} and {@code report.md} (in the
 * first language asked for) and, per language, {@code reports/<run>/<lang>/report.html} and {@code report.md}. The files are written beside the
 * run's directory and moved into place together: a failed run leaves no half report. The run ledger
 * keeps the versions of the tables read, which is what the next report compares itself with.
 */
public final class ReportJob implements LakeJob<ReportJob.Result> {
    public static final JobName JOB = JobName.REPORT;

    /** What a run counts, in ops/runs. */
    public enum Count implements CountKey {
        PERSONS, FILES
    }

    private final PolicyConfig policyConfig;
    private final DecisionPolicy policy;
    private final int k;
    private final List<String> languages;

    public ReportJob(PolicyConfig policyConfig, List<String> languages) {
        try {
            languages.forEach(Messages::of);
        } catch (IllegalArgumentException e) {
            throw io.breachimpact.error.BreachImpactException.config("--lang: " + e.getMessage());
        }
        this.policyConfig = policyConfig;
        this.policy = DecisionPolicy.from(policyConfig);
        this.k = policyConfig.reader().intBetween("policy.suppression.k", 2, 1000);
        this.languages = List.copyOf(languages);
    }

    /** What a run wrote: the directory, its files, and the figures. */
    public record Result(boolean skipped, String reportDir, List<String> files, ReportData data) {
    }

    @Override
    public JobName name() {
        return JOB;
    }

    /** The tables a report reads. */
    @Override
    public List<LakeTable> inputs() {
        return ReportReader.INPUTS;
    }

    /**
     * Every table the figures come from as a finished run left it, but silver's quarantine (ingest
     * replaces a batch's quarantine in one commit, which a rerun of the batch makes again). silver/records
     * is checked: a batch's changes are two commits ({@code SilverChanges}), and between them the
     * records it corrects are out of the table.
     */
    @Override
    public List<LakeTable> finishedInputs() {
        return ReportReader.INPUTS.stream().filter(t -> t != LakeTable.SILVER_QUARANTINE).toList();
    }

    @Override
    public String dependsOn() {
        return "policy " + policy.version() + "/" + policyConfig.hash() + ";languages " + String.join(",", languages);
    }

    @Override
    public String skipReason() {
        return "tables and policy unchanged since the last report";
    }

    /** The same figures as the last report: it stands (a new one would only repeat it). */
    @Override
    public Result skipped(JobScope scope, RunLedger.Run previous) {
        return new Result(true, scope.lake().reports(previous.runId()), List.of(), null);
    }

    @Override
    public Counts counts(Result result) {
        return new Counts().put(Count.PERSONS, result.data().headline().persons()).put(Count.FILES, result.files().size());
    }

    @Override
    public Result work(JobScope scope) {
        scope.stage("figures", "figures");
        ReportData data = new ReportReader(scope.spark(), scope.lake(), policy, k)
                .read(scope.run().runId(), policyConfig.hash(), scope.inputVersions(this));
        scope.stage("write", "write the report");
        return write(scope, data);
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

    private Result write(JobScope scope, ReportData data) {
        String runId = scope.run().runId();
        Path target = new Path(scope.lake().reports(runId));
        Path staging = Directories.sibling(target, ".tmp-" + runId);
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
            FileSystem fs = target.getFileSystem(scope.spark().sparkContext().hadoopConfiguration());
            fs.setWriteChecksum(false);
            deleteLeftovers(fs, target.getParent());
            for (Map.Entry<String, String> file : files.entrySet()) {
                try (OutputStream out = fs.create(new Path(staging, file.getKey()), false)) {
                    out.write(file.getValue().getBytes(StandardCharsets.UTF_8));
                }
            }
            fs.mkdirs(target.getParent());
            io.breachimpact.pipeline.FailPoints.reach("report.before-publish");
            Directories.publish(fs, staging, target, runId);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot publish " + target, e);
        }
        return new Result(false, target.toString(), List.copyOf(files.keySet()), data);
    }
}
