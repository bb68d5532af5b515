package io.breachimpact.testing;

import io.breachimpact.config.AppConfig;
import io.breachimpact.ingest.IngestConfig;
import io.breachimpact.ingest.IngestJob;
import io.breachimpact.ingest.RecordNormalizer;
import io.breachimpact.ingest.RetractBatch;
import io.breachimpact.ingest.normalize.PersonKeys;
import io.breachimpact.pipeline.RunContext;
import io.breachimpact.spark.DeltaTables;
import io.breachimpact.spark.Lake;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Runs ingest and retraction on a test lake with a fixed test secret. */
public final class Ingest {
    public static final String TEST_KEY = "test-secret-only-for-unit-tests-0123456789";

    private final Lake lake;
    private final IngestConfig config;
    private final RecordNormalizer normalizer;
    private final AppConfig app;

    public Ingest(Path lakeRoot) {
        this.lake = new Lake(lakeRoot.toString());
        this.app = AppConfig.defaults("local", "lake.root=" + lakeRoot);
        this.config = IngestConfig.from(app);
        this.normalizer = new RecordNormalizer(new PersonKeys(TEST_KEY), config.referenceDate(), config.ageBands());
    }

    public Lake lake() {
        return lake;
    }

    public IngestJob.Result ingest(String batch, Path... inputs) {
        return ingest(config, batch, inputs);
    }

    /** Through a dump profile. */
    public IngestJob.Result ingest(io.breachimpact.ingest.profile.DumpProfile profile, String batch, Path... inputs) {
        return ingest(config.withProfile(profile), batch, inputs);
    }

    private IngestJob.Result ingest(IngestConfig withProfile, String batch, Path... inputs) {
        List<String> paths = java.util.Arrays.stream(inputs).map(Path::toString).toList();
        return new io.breachimpact.pipeline.JobRunner(SharedSpark.spark(), lake, RunContext.of(app))
                .run(new IngestJob(withProfile, paths, batch, normalizer)).result();
    }

    public AppConfig app() {
        return app;
    }

    public Map<String, Long> retract(String batch) {
        return new RetractBatch(lake, batch, normalizer, RunContext.of(app)).run(SharedSpark.spark());
    }

    public Dataset<Row> silver() {
        return DeltaTables.read(SharedSpark.spark(), lake.silverRecords());
    }

    public Dataset<Row> bronze() {
        return DeltaTables.read(SharedSpark.spark(), lake.bronzeRecords());
    }

    public Dataset<Row> quarantine() {
        return DeltaTables.read(SharedSpark.spark(), lake.silverQuarantine());
    }

    /** Current versions of bronze, silver and the quarantine. */
    public Map<String, Long> versions() {
        return DeltaTables.versions(SharedSpark.spark(), io.breachimpact.pipeline.LakeTable.paths(lake,
                io.breachimpact.pipeline.LakeTable.writtenBy(IngestJob.JOB)));
    }
}
