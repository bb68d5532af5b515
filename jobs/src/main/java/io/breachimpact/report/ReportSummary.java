package io.breachimpact.report;

import java.util.Locale;

/** What {@code report} prints: where the files are and the headline they open with. */
public final class ReportSummary {
    private ReportSummary() {
    }

    public static String render(ReportJob.Result result) {
        if (result.skipped()) {
            return "The tables and the policy are unchanged since the last report: it stands, in " + result.reportDir() + "\n";
        }
        ReportData d = result.data();
        int k = d.run().suppressionK();
        Messages en = Messages.of("en");
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "Report of %,d persons (%,d records), policy %s, small cells under %d suppressed%n",
                d.headline().persons(), d.headline().records(), d.run().policyVersion(), k));
        d.headline().outcomes().forEach((outcome, count) -> s.append(String.format(Locale.ROOT, "  %-22s %12s%n", outcome, en.count(count, k))));
        if (d.changes() == null) {
            s.append("  first report: nothing to compare with\n");
        } else if (d.changes().newPersons() != null) {
            s.append(String.format(Locale.ROOT, "  since report %s: new persons %s, level raised %s, lowered %s, notifications issued %s%n",
                    d.changes().previousRunId(), en.count(d.changes().newPersons(), k), en.count(d.changes().levelRaised(), k),
                    en.count(d.changes().levelLowered(), k), en.count(d.changes().newNotifications(), k)));
        }
        s.append("Written to ").append(result.reportDir()).append(":\n");
        result.files().forEach(f -> s.append("  ").append(f).append('\n'));
        return s.toString();
    }
}
