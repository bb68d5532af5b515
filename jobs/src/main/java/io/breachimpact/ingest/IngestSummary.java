package io.breachimpact.ingest;

import java.util.Locale;
import java.util.Map;

/** What an analyst reads at the end of an ingest: the reconciliation first. */
public final class IngestSummary {
    private IngestSummary() {
    }

    private static final Map<String, String> OUTCOME_WORDS = Map.of(
            RecordOutcome.CLEAN.name(), "read as received",
            RecordOutcome.REPAIRED.name(), "repaired line",
            RecordOutcome.WEAK_IDENTITY.name(), "name and address only",
            RecordOutcome.QUARANTINED.name(), "quarantined");

    public static String render(String batch, io.breachimpact.pipeline.JobRunner.Ran<IngestJob.Result> ran) {
        IngestJob.Result r = ran.result();
        if (r.skipped()) {
            return "Batch " + batch + " was already ingested from the same files (same bytes): nothing changed.\n";
        }
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "Ingested batch %s (batch #%d): %,d records read, %,d into silver, %,d quarantined%n",
                batch, r.batchSeq(), r.reconciliation().total(Reconciliation.FileCounts::read),
                r.reconciliation().total(Reconciliation.FileCounts::accepted),
                r.reconciliation().total(Reconciliation.FileCounts::quarantined)));
        sb.append("\nReconciliation (records read = bronze = silver + quarantine):\n");
        sb.append(r.reconciliation().render());
        sb.append("\nWhere the records ended (each in one place):\n");
        long read = r.reconciliation().total(Reconciliation.FileCounts::read);
        r.outcomes().forEach((outcome, n) -> sb.append(String.format(Locale.ROOT, "  %-24s %,10d  %6.2f%%%n",
                OUTCOME_WORDS.getOrDefault(outcome, outcome), n, read == 0 ? 0.0 : 100.0 * n / read)));
        sb.append("\nQuarantine by reason (a record may have several):\n");
        if (r.quarantineByReason().isEmpty()) {
            sb.append("  none\n");
        }
        r.quarantineByReason().forEach((reason, n) -> sb.append(String.format(Locale.ROOT, "  %-24s %,10d%n", reason, n)));
        sb.append(String.format(Locale.ROOT, "%nSilver: %,d new records, %,d updated by this batch%n",
                r.silverChanges().getOrDefault("inserted", 0L), r.silverChanges().getOrDefault("updated", 0L)));
        sb.append("Table versions: ");
        sb.append(String.join(", ", ran.record().tableVersions().entrySet().stream().map(e -> e.getKey() + " v" + e.getValue()).toList()));
        return sb.append('\n').toString();
    }

    public static String renderRetraction(String batch, Map<String, Long> counts) {
        return String.format(Locale.ROOT, "Retracted batch %s: %,d bronze rows removed; in silver %,d records restored to an "
                        + "earlier batch's version, %,d removed (no other batch had them)%n", batch,
                counts.get("bronze_deleted"), counts.get("silver_restored"), counts.get("silver_deleted"));
    }
}
