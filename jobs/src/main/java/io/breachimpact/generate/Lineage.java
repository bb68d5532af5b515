package io.breachimpact.generate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.breachimpact.error.BreachImpactException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The synthetic population a generated batch belongs to, and where its numbering stopped: what the
 * next follow-up needs to draw more records of the same people without reusing a record id, an
 * account id or a person id. Kept in the batch's generation report, beside its ground truth.
 *
 * @param seed             the population's seed (its first batch's)
 * @param rows             rows of the population's first batch (the persons later batches know)
 * @param rowsPerFile      of the first batch: its files are the persons' order
 * @param errors           the error model the population was drawn with
 * @param configHash       the generate settings that make its records ({@link GenerateConfig#populationHash()})
 * @param nextRecordNumber the record number after the last one used by this batch and those before it
 * @param nextFileIndex    the generator stream (file index) after the last one used
 */
public record Lineage(long seed, long rows, long rowsPerFile, GenerateConfig.ErrorModel errors, String configHash,
                      long nextRecordNumber, int nextFileIndex) implements Serializable {

    /** A first batch: the population is its own. */
    static Lineage first(GenerateConfig config) {
        return new Lineage(config.seed(), config.rows(), config.rowsPerFile(), config.errors(), config.populationHash(),
                config.rows() + 1, config.files());
    }

    /** The configuration that generates the population's first batch again, record for record. */
    GenerateConfig population(GenerateConfig current, String batch) {
        GenerateConfig population = current.with(rows, seed, rowsPerFile, null, null).withErrors(errors);
        if (!population.populationHash().equals(configHash)) {
            throw BreachImpactException.config("the generate section of the configuration (shares, rates, dates) differs from the one "
                    + batch + "'s population was drawn with: a follow-up must draw the same people again. Use the configuration "
                    + batch + " was generated with (its generation report lists the parameters), with the same version of this tool.");
        }
        return population;
    }

    Lineage after(long recordNumbersUsed, int fileIndexesUsed) {
        return new Lineage(seed, rows, rowsPerFile, errors, configHash, nextRecordNumber + recordNumbersUsed, nextFileIndex + fileIndexesUsed);
    }

    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seed", seed);
        m.put("rows", rows);
        m.put("rows_per_file", rowsPerFile);
        m.put("errors", errors.name().toLowerCase(java.util.Locale.ROOT));
        m.put("config_hash", configHash);
        m.put("next_record_number", nextRecordNumber);
        m.put("next_file_index", nextFileIndex);
        return m;
    }

    /** The lineage a batch's generation report records, with a clear error when there is none. */
    static Lineage read(FileSystem fs, Path truthDir, String batch) {
        Path report = new Path(truthDir, GenerationReport.FILE_NAME);
        JsonNode root;
        try {
            if (!fs.exists(report)) {
                throw BreachImpactException.badInput("--follow-up-of " + batch + ": no " + GenerationReport.FILE_NAME + " in " + truthDir
                        + " (the ground truth of a batch this generator wrote)");
            }
            try (InputStream in = fs.open(report)) {
                root = new ObjectMapper().readTree(in);
            }
        } catch (IOException e) {
            throw BreachImpactException.badInput("--follow-up-of " + batch + ": cannot read " + report + ": " + e.getMessage(), e);
        }
        JsonNode p = root == null ? null : root.get("population");
        if (p == null || !p.isObject()) {
            throw BreachImpactException.badInput("--follow-up-of " + batch + ": " + report + " has no population section (written by a"
                    + " version before follow-ups): generate " + batch + " again (with --overwrite), then its follow-up");
        }
        String errors = text(p, "errors", batch, report);
        GenerateConfig.ErrorModel model = null;
        for (GenerateConfig.ErrorModel m : GenerateConfig.ErrorModel.values()) {
            if (m.name().equalsIgnoreCase(errors)) {
                model = m;
            }
        }
        if (model == null) {
            throw BreachImpactException.badInput("--follow-up-of " + batch + ": " + report + ": population.errors is '" + errors
                    + "', not standard or hard");
        }
        long nextFileIndex = number(p, "next_file_index", batch, report);
        if (nextFileIndex > 100_000) {
            throw BreachImpactException.badInput("--follow-up-of " + batch + ": " + report + ": population.next_file_index is " + nextFileIndex
                    + ", more than a population holds (100000)");
        }
        return new Lineage(number(p, "seed", batch, report), number(p, "rows", batch, report), number(p, "rows_per_file", batch, report),
                model, text(p, "config_hash", batch, report), number(p, "next_record_number", batch, report), (int) nextFileIndex);
    }

    /**
     * Two follow-ups of one batch are alternatives (they draw the same new ids), never two deliveries of
     * one lake: a second one beside the first is refused (a follow-up of the first is what comes next).
     * Looks at the ground truths beside the batch's; {@code target}, the truth being written, may be replaced.
     */
    static void refuseSecondFollowUp(FileSystem fs, Path truthDir, String batch, Path target) {
        try {
            Path parent = truthDir.getParent();
            if (parent == null || !fs.exists(parent)) {
                return;
            }
            String qualifiedTarget = fs.makeQualified(target).toString();
            for (org.apache.hadoop.fs.FileStatus sibling : fs.listStatus(parent)) {
                Path report = new Path(sibling.getPath(), GenerationReport.FILE_NAME);
                if (!sibling.isDirectory() || fs.makeQualified(sibling.getPath()).toString().equals(qualifiedTarget) || !fs.exists(report)) {
                    continue;
                }
                JsonNode root;
                try (InputStream in = fs.open(report)) {
                    root = new ObjectMapper().readTree(in);
                } catch (IOException e) {
                    continue; // not a report this generator can read: not a follow-up of this batch either
                }
                JsonNode of = root == null ? null : root.path("follow_up").get("of");
                if (of != null && of.asText().equals(batch)) {
                    throw BreachImpactException.config(sibling.getPath().getName() + " is already a follow-up of " + batch
                            + ": a second one would give the same new record ids. Follow it instead (--follow-up-of "
                            + sibling.getPath().getName() + "), or replace it (--batch " + sibling.getPath().getName() + " --overwrite)");
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot list the ground truths beside " + truthDir, e);
        }
    }

    private static long number(JsonNode node, String field, String batch, Path report) {
        JsonNode v = node.get(field);
        if (v == null || !v.isIntegralNumber() || !v.canConvertToLong()) {
            throw BreachImpactException.badInput("--follow-up-of " + batch + ": " + report + ": population." + field
                    + " is missing or not a whole number");
        }
        return v.asLong();
    }

    private static String text(JsonNode node, String field, String batch, Path report) {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual()) {
            throw BreachImpactException.badInput("--follow-up-of " + batch + ": " + report + ": population." + field + " is missing or not text");
        }
        return v.asText();
    }
}
