package io.breachimpact.generate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.breachimpact.model.DocumentType;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/** The machine-readable account of a generation run, kept with the ground truth. */
final class GenerationReport {
    static final String FILE_NAME = "generation-report.json";

    private GenerationReport() {
    }

    static Map<String, Object> content(GenerateConfig config, GenerationPlan plan, GenerationStats stats, long millis) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("rows", config.rows());
        parameters.put("seed", config.seed());
        parameters.put("rows_per_file", config.rowsPerFile());
        parameters.put("files", plan.files());
        parameters.put("format", config.format().name().toLowerCase());
        parameters.put("gzip", config.gzip());
        parameters.put("reference_date", config.referenceDate().toString());
        parameters.put("first_request_date", config.firstRequestDate().toString());
        parameters.put("records_per_person", config.recordsPerPerson());
        Map<String, Double> kinds = new LinkedHashMap<>();
        config.extraRecordKinds().forEach((k, v) -> kinds.put(k.name().toLowerCase(java.util.Locale.ROOT), v));
        parameters.put("extra_record_kinds", kinds);
        parameters.put("minor_sibling_share", config.minorSiblingShare());
        parameters.put("document_number_share", config.documentNumberShare());
        Map<String, Double> mix = new LinkedHashMap<>();
        for (DocumentType t : DocumentType.values()) {
            mix.put(t.configName(), config.documentMix().get(t));
        }
        parameters.put("document_mix", mix);
        Map<String, Double> dirt = new LinkedHashMap<>();
        for (Dirt d : Dirt.values()) {
            dirt.put(d.configName(), config.dirtRate(d));
        }
        parameters.put("dirt_rates", dirt);

        Map<String, Object> report = new LinkedHashMap<>();
        parameters.put("errors", config.errors().name().toLowerCase(java.util.Locale.ROOT));
        Map<String, Double> entryErrors = new LinkedHashMap<>();
        config.entryErrors().forEach((e, v) -> entryErrors.put(e.configName(), v));
        parameters.put("entry_errors", entryErrors);
        parameters.put("generator_version", GenerateConfig.GENERATOR_VERSION);
        parameters.put("layout", config.layout().configName());
        report.put("parameters", parameters);
        report.put("population", plan.lineage().toMap());
        if (!plan.followUp().isEmpty()) {
            report.put("follow_up", plan.followUp());
        }
        report.put("generated", stats.toMap());
        report.put("wall_time_ms", millis);
        return report;
    }

    static void write(FileSystem fs, Path file, GenerateConfig config, GenerationPlan plan, GenerationStats stats, long millis) {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        try (OutputStream out = fs.create(file, true)) {
            json.writeValue(out, content(config, plan, stats, millis));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot write " + file, e);
        }
    }
}
