package io.breachimpact.exposure;

import org.apache.spark.sql.Row;

import java.util.Locale;

/** What an analyst reads at the end of an exposure run: persons by severity, the checks, the top combinations. */
public final class ExposureSummary {
    private ExposureSummary() {
    }

    public static String render(io.breachimpact.pipeline.JobRunner.Ran<ExposureJob.Result> ran) {
        ExposureJob.Result r = ran.result();
        if (r.skipped()) {
            return "Persons and policy are unchanged since the last exposure run: the gold tables are up to date, nothing changed.\n";
        }
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "Exposure of %,d persons (policy %s)%n", r.persons(), r.policyVersion()));
        r.changedRows().ifPresent(n -> sb.append(String.format(Locale.ROOT, "Only the persons that changed were scored again "
                + "(%,d rows of silver/persons' change data feed: each changed person's former and new row); the counts added to the kept cells%n", n)));
        r.byLevel().forEach((level, n) -> sb.append(String.format(Locale.ROOT, "  %-10s %,12d  %5.1f %%%n", level, n,
                r.persons() == 0 ? 0.0 : 100.0 * n / r.persons())));
        sb.append("\nChecks (before suppression):\n");
        r.checks().forEach(c -> sb.append("  ").append(c).append('\n'));
        sb.append(String.format(Locale.ROOT, "%nCube: %,d cells, %,d suppressed (small cells and their complements)%n", r.cells(),
                r.suppressedCells()));
        sb.append("\nData-class combinations (published values; '-' = suppressed):\n");
        for (Row c : r.topCombinations()) {
            Object persons = c.get(1);
            sb.append(String.format(Locale.ROOT, "  %12s  %s%n", persons == null ? "-" : String.format(Locale.ROOT, "%,d", (Long) persons),
                    c.getString(0)));
        }
        sb.append("Table versions: ");
        sb.append(String.join(", ", ran.record().tableVersions().entrySet().stream().map(e -> e.getKey() + " v" + e.getValue()).toList()));
        return sb.append('\n').toString();
    }
}
