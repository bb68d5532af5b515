package io.breachimpact.ingest;

import io.breachimpact.config.PolicyConfig;
import io.breachimpact.exposure.ExposureJob;
import io.breachimpact.generate.DumpLayout;
import io.breachimpact.generate.GenerateConfig;
import io.breachimpact.generate.OutputFormat;
import io.breachimpact.identity.ResolveConfig;
import io.breachimpact.identity.ResolveJob;
import io.breachimpact.ingest.normalize.PersonKeys;
import io.breachimpact.ingest.profile.DumpProfile;
import io.breachimpact.ingest.profile.DumpProfiles;
import io.breachimpact.spark.DeltaTables;
import io.breachimpact.testing.Generated;
import io.breachimpact.testing.Ingest;
import io.breachimpact.testing.Jobs;
import io.breachimpact.testing.SharedSpark;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.File;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The same synthetic population written in each layout and read through that layout's profile in
 * {@code conf/dumps/} gives the same silver records, persons and exposure cube as the default layout.
 * Truncated lines are left out: a line cut after its n-th column keeps different values in each layout.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DumpLayoutsTest {
    private static final Path CONF = Path.of(System.getProperty("breachimpact.project.root"), "conf", "dumps");
    /** Where a record came from, and the hash of its values as written: not the same in another layout. */
    private static final Set<String> LINEAGE = Set.of("source_file", "line_number", "content_hash", "ingested_at", "batch_id");

    private Path dir;
    private Ingest reference;

    private GenerateConfig config(DumpLayout layout) {
        return Generated.config(1_500, 23, 1_500, OutputFormat.CSV, false, "generate.dirt.truncated-line=0",
                "generate.dirt.embedded-newline=0.01", "generate.dirt.latin1-bytes=0.05").withLayout(layout);
    }

    private Ingest chain(DumpLayout layout) {
        Path root = dir.resolve(layout.configName());
        Generated.generate(config(layout), root);
        if (layout == DumpLayout.AGENCY_JSONL) {
            try (var files = java.nio.file.Files.list(root.resolve("dump"))) {
                long lines = files.mapToLong(f -> {
                    try (var l = java.nio.file.Files.lines(f)) {
                        return l.count();
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }).sum();
                org.junit.jupiter.api.Assertions.assertTrue(lines < 1_500, lines + " lines: consecutive records of one account share a line");
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        Ingest ingest = new Ingest(root.resolve("lake"));
        DumpProfile profile = DumpProfiles.read(new File(CONF.resolve(layout.configName() + ".conf").toString()));
        ingest.ingest(profile, "b1", root.resolve("dump"));
        Jobs.run(ingest.lake(), new ResolveJob(ResolveConfig.from(ingest.app()), new PersonKeys(Ingest.TEST_KEY), Optional.empty()));
        Jobs.run(ingest.lake(), new ExposureJob(PolicyConfig.defaults()));
        return ingest;
    }

    @BeforeAll
    void theDefaultLayout(@TempDir Path dir) {
        this.dir = dir;
        reference = chain(DumpLayout.AGENCY_CSV);
    }

    @ParameterizedTest
    @EnumSource(value = DumpLayout.class, names = "AGENCY_CSV", mode = EnumSource.Mode.EXCLUDE)
    void eachLayoutGivesTheSameSilverPersonsAndCube(DumpLayout layout) {
        Ingest other = chain(layout);
        assertEquals(reference.quarantine().count(), other.quarantine().count(), "the same records are refused");
        SharedSpark.assertDataFrameNoOrderEquals(comparable(reference.silver()), comparable(other.silver()));
        SharedSpark.assertDataFrameNoOrderEquals(table(reference, reference.lake().silverPersons()),
                table(other, other.lake().silverPersons()));
        SharedSpark.assertDataFrameNoOrderEquals(table(reference, io.breachimpact.pipeline.LakeTable.INTERNAL_EXPOSURE.path(reference.lake())),
                table(other, io.breachimpact.pipeline.LakeTable.INTERNAL_EXPOSURE.path(other.lake())));
    }

    @org.junit.jupiter.api.Test
    void parquetThroughItsProfileGivesTheSameSilverRecords() {
        Path root = dir.resolve("parquet");
        Generated.generate(Generated.config(1_500, 23, 1_500, OutputFormat.PARQUET, false, "generate.dirt.truncated-line=0",
                "generate.dirt.embedded-newline=0.01", "generate.dirt.latin1-bytes=0.05"), root);
        Ingest parquet = new Ingest(root.resolve("lake"));
        IngestJob.Result result = parquet.ingest(DumpProfiles.read(new File(CONF.resolve("agency-parquet.conf").toString())), "b1",
                root.resolve("dump"));
        assertEquals(1_500, result.reconciliation().total(Reconciliation.FileCounts::read), "the footers' row counts");
        assertEquals(reference.quarantine().count(), parquet.quarantine().count(), "the same records are refused");
        SharedSpark.assertDataFrameNoOrderEquals(comparable(reference.silver()), comparable(parquet.silver()));
    }

    /** Without lineage, and without the flags that say how a line was read (a Latin-1 line exists in one layout only). */
    private static Dataset<Row> comparable(Dataset<Row> silver) {
        Column lineRepairs = org.apache.spark.sql.functions.array(Arrays.stream(LineRepair.values())
                .map(r -> org.apache.spark.sql.functions.lit(r.name())).toArray(Column[]::new));
        return silver.select(Arrays.stream(silver.columns()).filter(c -> !LINEAGE.contains(c))
                .map(c -> c.equals("quality_flags") ? org.apache.spark.sql.functions.array_except(col(c), lineRepairs).as(c) : col(c))
                .toArray(Column[]::new));
    }

    /**
     * Without run stamps, nor the persons' record digests: they hash the records' lineage too (their
     * lines), as silver's is left out above; nor each person's row digest, which hashes them in turn.
     */
    private static Dataset<Row> table(Ingest ingest, String path) {
        Dataset<Row> t = DeltaTables.read(SharedSpark.spark(), path);
        return t.select(Arrays.stream(t.columns()).filter(c -> !c.endsWith("_at") && !c.endsWith("run_id") && !c.equals("record_digests")
                        && !c.equals(io.breachimpact.identity.PersonDigest.COLUMN))
                .map(c -> col(c)).toArray(Column[]::new));
    }
}
