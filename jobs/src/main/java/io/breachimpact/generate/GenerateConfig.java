package io.breachimpact.generate;

import io.breachimpact.config.AppConfig;
import io.breachimpact.config.ConfigReader;
import io.breachimpact.error.BreachImpactException;
import io.breachimpact.model.DocumentType;

import java.io.Serializable;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Everything the generator needs, validated. Built from the {@code generate} section of the
 * configuration, with command-line options over it. Serializable: it travels to every task.
 *
 * @param recordsPerPerson P(1 record), P(2), … for one person
 * @param extraRecordKinds what each additional record of a person is
 * @param dirt             rate of each dirt kind, as a share of the records it can apply to
 * @param errors           which error model makes a person's later records differ from the first
 * @param entryErrors      with the hard model, the rate of each data-entry error
 */
public record GenerateConfig(
        long rows,
        long seed,
        long rowsPerFile,
        OutputFormat format,
        boolean gzip,
        double documentNumberShare,
        LocalDate referenceDate,
        LocalDate firstRequestDate,
        EnumMap<DocumentType, Double> documentMix,
        double[] recordsPerPerson,
        EnumMap<RecordKind, Double> extraRecordKinds,
        double minorSiblingShare,
        EnumMap<Dirt, Double> dirt,
        DumpLayout layout,
        ErrorModel errors,
        EnumMap<EntryError, Double> entryErrors) implements Serializable {

    /**
     * The version of the generator's draws: raised by any change to the code or the bundled reference
     * data that changes the records a configuration gives, so that a follow-up of a batch generated
     * before it is refused rather than drawn from another population.
     */
    public static final int GENERATOR_VERSION = 1;

    /** How a person's later records differ from the first. */
    public enum ErrorModel {
        /** The variations of {@code generate.people}: a typo, lost accents, swapped given names, email case, a move. */
        STANDARD,
        /** Those, and the errors of real data entry at the rates of {@code generate.entry-errors}. */
        HARD
    }

    /** The configuration's values; options then replace some with {@link #with}. */
    public static GenerateConfig from(AppConfig config) {
        ConfigReader r = config.reader();
        EnumMap<DocumentType, Double> mix = new EnumMap<>(DocumentType.class);
        Map<String, Double> mixConfig = r.distribution("generate.document-mix");
        for (DocumentType type : DocumentType.values()) {
            Double share = mixConfig.get(type.configName());
            if (share == null) {
                throw r.invalid("generate.document-mix", "has no share for '" + type.configName() + "'");
            }
            mix.put(type, share);
        }
        if (mixConfig.size() != DocumentType.values().length) {
            throw r.invalid("generate.document-mix", "names unknown document types: " + mixConfig.keySet());
        }
        List<Double> perPerson = r.shares("generate.people.records-per-person");
        double perPersonSum = perPerson.stream().mapToDouble(Double::doubleValue).sum();
        if (perPerson.isEmpty() || Math.abs(perPersonSum - 1.0) > 0.001) {
            throw r.invalid("generate.people.records-per-person", "must be a non-empty list of shares summing to 1, sums to " + perPersonSum);
        }
        EnumMap<RecordKind, Double> kinds = new EnumMap<>(RecordKind.class);
        Map<String, Double> kindConfig = r.distribution("generate.people.extra-record-kinds");
        kinds.put(RecordKind.ANOTHER_DOCUMENT, required(r, kindConfig, "generate.people.extra-record-kinds", "another-document"));
        kinds.put(RecordKind.SECOND_ACCOUNT, required(r, kindConfig, "generate.people.extra-record-kinds", "second-account"));
        kinds.put(RecordKind.DUPLICATE, required(r, kindConfig, "generate.people.extra-record-kinds", "duplicate-with-variation"));
        EnumMap<Dirt, Double> dirt = new EnumMap<>(Dirt.class);
        for (Dirt d : Dirt.values()) {
            dirt.put(d, r.share("generate.dirt." + d.configName()));
        }
        EnumMap<EntryError, Double> entryErrors = new EnumMap<>(EntryError.class);
        for (EntryError e : EntryError.values()) {
            entryErrors.put(e, r.share("generate.entry-errors." + e.configName()));
        }
        LocalDate reference = r.date("breach.reference-date");
        LocalDate firstRequest = r.date("generate.first-request-date");
        if (!firstRequest.isBefore(reference)) {
            throw r.invalid("generate.first-request-date", "must be before breach.reference-date (" + reference + ")");
        }
        return new GenerateConfig(
                r.longAtLeast("generate.rows", 1),
                r.longAtLeast("generate.seed", Long.MIN_VALUE),
                r.longAtLeast("generate.rows-per-file", 1),
                r.choice("generate.format", OutputFormat.class),
                r.bool("generate.gzip"),
                r.share("generate.document-number-share"),
                reference,
                firstRequest,
                mix,
                perPerson.stream().mapToDouble(Double::doubleValue).toArray(),
                kinds,
                r.share("generate.people.minor-sibling-share"),
                dirt,
                layout(r),
                r.choice("generate.errors", ErrorModel.class),
                entryErrors);
    }

    private static double required(ConfigReader r, Map<String, Double> values, String key, String name) {
        Double v = values.get(name);
        if (v == null) {
            throw r.invalid(key, "has no share for '" + name + "'");
        }
        return v;
    }

    /** The same configuration with the size, seed and file options of a command line. */
    public GenerateConfig with(Long rows, Long seed, Long rowsPerFile, OutputFormat format, Boolean gzip) {
        if (rows != null && rows < 1) {
            throw BreachImpactException.config("--rows must be at least 1, got " + rows);
        }
        if (rowsPerFile != null && rowsPerFile < 1) {
            throw BreachImpactException.config("--rows-per-file must be at least 1, got " + rowsPerFile);
        }
        return new GenerateConfig(rows != null ? rows : this.rows, seed != null ? seed : this.seed,
                rowsPerFile != null ? rowsPerFile : this.rowsPerFile, format != null ? format : this.format,
                gzip != null ? gzip : this.gzip, documentNumberShare, referenceDate, firstRequestDate,
                documentMix, recordsPerPerson, extraRecordKinds, minorSiblingShare, dirt, layout, errors, entryErrors);
    }

    /** The same configuration writing the dump in another layout ({@code generate --layout}). */
    public GenerateConfig withLayout(DumpLayout layout) {
        if (layout != DumpLayout.AGENCY_CSV && format == OutputFormat.PARQUET) {
            throw BreachImpactException.config("--layout " + layout.configName() + " is a text layout: it cannot be written as Parquet");
        }
        return new GenerateConfig(rows, seed, rowsPerFile, format, gzip, documentNumberShare, referenceDate, firstRequestDate,
                documentMix, recordsPerPerson, extraRecordKinds, minorSiblingShare, dirt, layout, errors, entryErrors);
    }

    /** The same configuration with another error model ({@code generate --errors}). */
    public GenerateConfig withErrors(ErrorModel errors) {
        return new GenerateConfig(rows, seed, rowsPerFile, format, gzip, documentNumberShare, referenceDate, firstRequestDate,
                documentMix, recordsPerPerson, extraRecordKinds, minorSiblingShare, dirt, layout, errors, entryErrors);
    }

    private static DumpLayout layout(ConfigReader r) {
        String name = r.has("generate.layout") ? r.string("generate.layout") : DumpLayout.AGENCY_CSV.configName();
        try {
            return DumpLayout.fromName(name);
        } catch (IllegalArgumentException e) {
            throw r.invalid("generate.layout", "must be one of " + java.util.Arrays.stream(DumpLayout.values())
                    .map(DumpLayout::configName).toList() + ", got '" + name + "'");
        }
    }

    /**
     * A digest of every setting that makes the records (not of how they are written: format, layout,
     * compression): two configurations with the same digest generate the same persons and records.
     */
    public String populationHash() {
        String canonical = "generator=" + GENERATOR_VERSION + ";seed=" + seed + ";rows=" + rows + ";rows-per-file=" + rowsPerFile + ";document-number-share=" + documentNumberShare
                + ";reference-date=" + referenceDate + ";first-request-date=" + firstRequestDate + ";document-mix=" + documentMix
                + ";records-per-person=" + java.util.Arrays.toString(recordsPerPerson) + ";extra-record-kinds=" + extraRecordKinds
                + ";minor-sibling-share=" + minorSiblingShare + ";dirt=" + dirt + ";errors=" + errors + ";entry-errors=" + entryErrors;
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(digest, 0, 8);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Number of files, hence of tasks: fixed by the rows, never by the cluster, so output is reproducible. */
    public int files() {
        long files = (rows + rowsPerFile - 1) / rowsPerFile;
        if (files > 100_000) {
            throw BreachImpactException.config("--rows / --rows-per-file gives " + files + " files; at most 100000");
        }
        return (int) files;
    }

    /** First row (inclusive) of a file. */
    public long firstRow(int file) {
        return file * rows / files();
    }

    public double dirtRate(Dirt d) {
        return dirt.get(d);
    }
}
