package io.breachimpact.identity;

import java.util.Locale;

/** What an analyst reads at the end of a resolve. */
public final class ResolveSummary {
    private ResolveSummary() {
    }

    public static String render(io.breachimpact.pipeline.JobRunner.Ran<ResolveJob.Result> ran) {
        ResolveJob.Result r = ran.result();
        if (r.skipped()) {
            return "silver/records is unchanged since the last resolve: persons are up to date, nothing changed.\n"
                    + r.quality().map(q -> "Against the ground truth (measured then): " + q.render() + "\n").orElse("");
        }
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "Resolved %,d records into %,d persons (%,d records joined to another)%n",
                r.records(), r.persons(), r.links()));
        r.increment().ifPresentOrElse(i -> sb.append(String.format(Locale.ROOT, "  only what changed was linked again: %,d records; persons "
                        + "inserted %,d, updated %,d, deleted %,d, the others kept as they were%n", i.relinkedRecords(),
                i.personChanges().getOrDefault("inserted", 0L), i.personChanges().getOrDefault("updated", 0L),
                i.personChanges().getOrDefault("deleted", 0L))), () -> sb.append(r.personChanges().map(c -> String.format(Locale.ROOT,
                "  all records linked; persons inserted %,d, updated %,d, deleted %,d, the others kept their rows%n",
                c.getOrDefault("inserted", 0L), c.getOrDefault("updated", 0L), c.getOrDefault("deleted", 0L)))
                .orElse("  all records linked\n")));
        sb.append(String.format(Locale.ROOT, "  %,d candidate pairs compared (largest birth-date block: %,d records)%s%n", r.candidatePairs(),
                r.largestBlock(), r.increment().isPresent() ? ", in the records linked again" : ""));
        sb.append(r.modelTrained()
                ? String.format(Locale.ROOT, "  match model trained on these %,d records, kept in the lake for the next runs%n", r.records())
                : String.format(Locale.ROOT, "  match model of the lake used again (trained on %,d records; resolve --retrain to train it now)%n",
                r.modelRecords()));
        if (r.cappedBlocks() > 0) {
            sb.append(String.format(Locale.ROOT, "  %,d blocking key(s) were held by more records of one birth date than resolve.max-block-size: "
                    + "those records were not paired on them%n", r.cappedBlocks()));
        }
        r.quality().ifPresent(q -> sb.append("Against the ground truth: ").append(q.render()).append('\n'));
        sb.append("Table versions: ");
        sb.append(String.join(", ", ran.record().tableVersions().entrySet().stream().map(e -> e.getKey() + " v" + e.getValue()).toList()));
        return sb.append('\n').toString();
    }
}
