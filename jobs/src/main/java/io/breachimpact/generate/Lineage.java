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
                    + batch + " was generated with (its generation report lists the parameters).");
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
                    + " version before follow-ups): generate " + batch + " again");
        }
        try {
            return new Lineage(number(p, "seed"), number(p, "rows"), number(p, "rows_per_file"),
                    GenerateConfig.ErrorModel.valueOf(text(p, "errors").toUpperCase(java.util.Locale.ROOT)), text(p, "config_hash"),
                    number(p, "next_record_number"), Math.toIntExact(number(p, "next_file_index")));
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw BreachImpactException.badInput("--follow-up-of " + batch + ": " + report + ": population." + e.getMessage());
        }
    }

    private static long number(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.canConvertToLong()) {
            throw new IllegalArgumentException(field + " is missing or not a whole number");
        }
        return v.asLong();
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException(field + " is missing or not text");
        }
        return v.asText();
    }
}
