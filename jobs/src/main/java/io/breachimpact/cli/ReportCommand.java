package io.breachimpact.cli;

import io.breachimpact.report.ReportJob;
import io.breachimpact.report.ReportSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.util.List;
import java.util.concurrent.Callable;

/** {@code report}: the policy teams' report from the gold tables. */
@Command(name = "report", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Write the report for policy teams under <lake>/reports/<run>/: summary.json (every figure, documented",
                "schema), report.html (one self-contained page: inline CSS and SVG, no network request, prints on A4)",
                "and report.md in the first language, and each language's under <lang>/. Every number is read from the",
                "gold tables, small cells suppressed (policy.suppression.k); the report compares itself with the previous one."})
final class ReportCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Option(names = "--lang", paramLabel = "fr|en", split = ",", defaultValue = "fr",
            description = "Language(s) of the report, e.g. --lang en or --lang fr,en. Default: ${DEFAULT-VALUE}.")
    List<String> languages;

    @Override
    public Integer call() {
        try (JobContext context = new JobContext(main.global)) {
            context.lockLake("report");
            System.out.print(ReportSummary.render(context.runJob(job(context, languages)).result()));
            return 0;
        }
    }

    static ReportJob job(JobContext context, List<String> languages) {
        return new ReportJob(context.policy(), languages);
    }
}
