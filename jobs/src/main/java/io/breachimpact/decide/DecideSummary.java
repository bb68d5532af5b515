package io.breachimpact.decide;

import org.apache.spark.sql.Row;

import java.util.Locale;

/** What an officer reads at the end of a decide run: outcomes first, then what was issued, the plan and the budget. */
public final class DecideSummary {
    private DecideSummary() {
    }

    public static String render(io.breachimpact.pipeline.JobRunner.Ran<DecideJob.Result> ran) {
        DecideJob.Result r = ran.result();
        StringBuilder sb = new StringBuilder();
        if (r.skipped()) {
            return "Persons, severity, policy and the notification ledger are unchanged since the last decide: nothing to decide or issue.\n";
        }
        sb.append(String.format(Locale.ROOT, "Decisions for %,d persons (policy %s)%s%n", r.persons(), r.policyVersion(),
                r.decided() == r.persons() ? "" : String.format(Locale.ROOT, ", %,d of them decided again (the others did not change)", r.decided())));
        r.byOutcome().forEach((k, v) -> sb.append(String.format(Locale.ROOT, "  %-22s %,12d%n", k, v)));
        sb.append("By reason:\n");
        r.byReason().forEach((k, v) -> sb.append(String.format(Locale.ROOT, "  %-26s %,12d%n", k, v)));
        long issued = r.newByKind().values().stream().mapToLong(Long::longValue).sum();
        sb.append(String.format(Locale.ROOT, "%nIssued by this run: %,d persons%s%n", issued,
                issued == 0 ? " (everyone with a notice was already notified of what they are exposed to)" : " " + r.newByKind()));
        r.sendsByChannel().forEach((c, n) -> sb.append(String.format(Locale.ROOT, "  %-8s %,12d sends, %,d day(s) to complete%n", c, n,
                r.daysByChannel().getOrDefault(c, 0L))));
        sb.append("\nMonitoring offers (eligible; expected enrolments and budget by take-up scenario):\n");
        for (Row b : r.budget()) {
            sb.append(String.format(Locale.ROOT, "  %-14s %-8s take-up %5.1f %%  eligible %,12d  enrolments %,10d  budget %,16.2f %s%n",
                    b.getString(0), b.getString(5), 100 * b.getDouble(6), b.getLong(7), b.getLong(8), b.getDecimal(9), b.getString(4)));
        }
        // The range a budget holder asks for: every tier together, per take-up scenario.
        String currency = r.budget().isEmpty() ? "" : r.budget().get(0).getString(4);
        OfferBudget.totals(r.budget()).forEach((scenario, total) -> sb.append(String.format(Locale.ROOT,
                "  %-14s %-8s %39s enrolments %,10d  budget %,16.2f %s%n", "TOTAL", scenario, "", total.enrolments(), total.budget(), currency)));
        sb.append("\nManifests (for the mail house, the SMS gateway and the email platform): ").append(r.outboxDir()).append('\n');
        sb.append("The regulator's notification: ").append(r.reportDir()).append("/authority-notification.json\n");
        sb.append("Table versions: ");
        sb.append(String.join(", ", ran.record().tableVersions().entrySet().stream().map(e -> e.getKey() + " v" + e.getValue()).toList()));
        return sb.append('\n').toString();
    }
}
