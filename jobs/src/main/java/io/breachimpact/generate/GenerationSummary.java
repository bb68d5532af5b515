package io.breachimpact.generate;

import io.breachimpact.model.AgeBand;
import io.breachimpact.model.DocumentType;
import io.breachimpact.reference.ReferenceData;
import io.breachimpact.reference.Region;

import java.util.Locale;
import java.util.Map;

/** The human-readable summary printed at the end of a generation run. */
public final class GenerationSummary {
    private GenerationSummary() {
    }

    public static String render(GenerateJob.Result result, GenerateConfig config) {
        GenerationStats s = result.stats();
        StringBuilder sb = new StringBuilder();
        line(sb, "Generated %,d records of %,d persons in %d %s file(s), %s, seed %d",
                s.rows(), s.persons(), s.files(), config.format().name().toLowerCase() + (config.gzip() ? "+gzip" : ""),
                megabytes(s.bytes()), config.seed());
        if (!result.followUp().isEmpty()) {
            Map<String, Object> f = result.followUp();
            line(sb, "  a follow-up of %s: %,d records of new persons, %,d further records of known persons, %,d corrections"
                            + " (moved %,d, new email %,d, new phone %,d, identity fixed %,d)", f.get("of"), f.get("new_person_records"),
                    f.get("known_person_records"), f.get("corrections"), s.corrections(Correction.MOVED), s.corrections(Correction.NEW_EMAIL),
                    s.corrections(Correction.NEW_PHONE), s.corrections(Correction.IDENTITY_FIXED));
        }
        line(sb, "  dump:         %s", result.dump());
        line(sb, "  ground truth: %s (kept apart from the dump)", result.truth());
        line(sb, "  wall time %.1f s, %,.0f rows/s", result.millis() / 1000.0, result.rowsPerSecond());
        line(sb, "");
        line(sb, "Records by document type and age band (%% of the type's records):");
        StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "  %-18s %10s", "document", "records"));
        for (AgeBand b : AgeBand.values()) {
            header.append(String.format(Locale.ROOT, " %6s", b.label()));
        }
        line(sb, "%s", header);
        for (DocumentType t : DocumentType.values()) {
            long n = s.documents(t);
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "  %-18s %,10d", t.configName(), n));
            for (AgeBand b : AgeBand.values()) {
                row.append(String.format(Locale.ROOT, " %5.1f%%", percent(s.documentsAged(t, b), n)));
            }
            line(sb, "%s", row);
        }
        line(sb, "  records carrying a guardian's contact (minors): %,d", s.guardianContacts());
        line(sb, "");
        line(sb, "Records by région vs INSEE legal population share:");
        Map<String, Region> regions = ReferenceData.get().regions();
        long population = regions.values().stream().mapToLong(Region::population).sum();
        for (Region r : regions.values()) {
            long n = s.byRegion().getOrDefault(r.code(), 0L);
            line(sb, "  %-2s %-28s %,10d %6.2f%%  (INSEE %5.2f%%)", r.code(), r.name(), n, percent(n, s.rows()),
                    percent(r.population(), population));
        }
        line(sb, "");
        line(sb, "Same person, several records: %,d another document, %,d second account, %,d duplicates "
                        + "(typo %,d, lost accents %,d, swapped given names %,d, email case %,d, moved %,d)",
                s.kinds(RecordKind.ANOTHER_DOCUMENT), s.kinds(RecordKind.SECOND_ACCOUNT), s.kinds(RecordKind.DUPLICATE),
                s.variations(Variation.TYPO), s.variations(Variation.LOST_ACCENTS), s.variations(Variation.SWAPPED_GIVEN_NAMES),
                s.variations(Variation.EMAIL_CASE), s.variations(Variation.MOVED_ADDRESS));
        line(sb, "");
        line(sb, "Dirt injected (count, per 1,000 records; configured rate):");
        for (Dirt d : Dirt.values()) {
            boolean skipped = d.lineLevel() && config.format() != OutputFormat.CSV;
            line(sb, "  %-26s %,9d %7.2f‰   %s", d.configName(), s.dirt(d), 1000.0 * s.dirt(d) / Math.max(1, s.rows()),
                    skipped ? "(not applicable to " + config.format().name().toLowerCase() + ")"
                            : String.format(Locale.ROOT, "%.3f%s", config.dirtRate(d),
                            d == Dirt.LATIN1_BYTES ? " of the " + String.format(Locale.ROOT, "%,d", s.nonAsciiLines()) + " lines with accents" : ""));
        }
        return sb.toString();
    }

    private static double percent(long part, long whole) {
        return whole == 0 ? 0 : 100.0 * part / whole;
    }

    private static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }

    private static void line(StringBuilder sb, String format, Object... args) {
        sb.append(String.format(Locale.ROOT, format, args)).append('\n');
    }
}
