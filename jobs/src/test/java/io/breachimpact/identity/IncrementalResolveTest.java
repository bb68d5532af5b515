package io.breachimpact.identity;

import io.breachimpact.config.AppConfig;
import io.breachimpact.generate.FollowUpConfig;
import io.breachimpact.generate.GenerateJob;
import io.breachimpact.generate.OutputFormat;
import io.breachimpact.ingest.normalize.PersonKeys;
import io.breachimpact.pipeline.LakeTable;
import io.breachimpact.pipeline.TableChecksums;
import io.breachimpact.spark.DeltaTables;
import io.breachimpact.spark.Lake;
import io.breachimpact.testing.Generated;
import io.breachimpact.testing.Ingest;
import io.breachimpact.testing.Jobs;
import io.breachimpact.testing.Nights;
import io.breachimpact.testing.SharedSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A night that links again only what changed gives the persons a run over all records gives: random
 * sequences of nights (follow-up deliveries with new persons, known persons' further records and
 * corrections of known records; retractions of a delivery; the hard generator's data-entry errors,
 * so that birth-date slips and undated records move between blocks), each resolved incrementally on
 * the lake; on the last night, also over every record on a copy of it (which changes the copy's
 * persons row by row by what differs from them, PersonDiff) and on a copy without persons (which writes
 * them whole: the oracle of both), compared table by table; then exposure, from the persons that
 * changed on the lake over every night (silver/persons' change data feed) and over every person on the
 * copy, compared table by table too (severity, the kept cells, the cube, the published tables). A night killed between a person
 * table's two commits is ResolveJobTest's (refused, then linked in full) and NightlyCrashIT's (the
 * next night equals the calm one).
 */
class IncrementalResolveTest {
    private static final String[] POPULATION = {"generate.errors=hard"};
    private static final List<LakeTable> MADE = List.of(LakeTable.SILVER_PERSONS, LakeTable.SILVER_PERSON_RECORDS,
            LakeTable.SILVER_PERSON_LINKS);

    private static ResolveJob job(Path lake, String... sets) {
        // The lake's model serves every night (its retraining is StoredModelTest's).
        String[] all = Stream.concat(Stream.of("lake.root=" + lake, "resolve.model.retrain-after-change=100", "resolve.incremental=true",
                                "resolve.compare-persons-from=0", "resolve.keep-slips-from=0"),
                        Stream.of(sets))
                .toArray(String[]::new);
        return new ResolveJob(ResolveConfig.from(AppConfig.defaults("local", all)), new PersonKeys(Ingest.TEST_KEY), Optional.empty());
    }

    private static List<String> checksums(Lake lake) {
        List<String> lines = new ArrayList<>();
        for (LakeTable t : MADE) {
            lines.add(TableChecksums.of(t.location(), 0, DeltaTables.read(SharedSpark.spark(), t.path(lake))).line());
        }
        return lines;
    }

    private static String slipChecksum(Lake lake) {
        return TableChecksums.of(LakeTable.INTERNAL_BIRTH_DATE_SLIPS.location(), 0,
                DeltaTables.read(SharedSpark.spark(), LakeTable.INTERNAL_BIRTH_DATE_SLIPS.path(lake))).line();
    }

    private static final List<String> CODEGEN = List.of("spark.sql.codegen.wholeStage", "spark.sql.codegen.factoryMode");

    /**
     * The paths the cluster test does not run (an incremental resolve, persons compared row by row, exposure from the
     * change data feed) run with Spark's code generation, as shipped; the rest interpreted, as in every unit test
     * (this test 214 s → 130 s interpreted throughout, measured alone). A run that asks for CODEGEN_ONLY
     * (-Dbreachimpact.test.spark) keeps it: it proves nothing falls back.
     */
    private static <T> T compiled(java.util.function.Supplier<T> work) {
        org.apache.spark.sql.RuntimeConfig conf = SharedSpark.spark().conf();
        List<String> before = CODEGEN.stream().map(conf::get).toList();
        conf.set(CODEGEN.get(0), "true");
        conf.set(CODEGEN.get(1), "CODEGEN_ONLY".equals(before.get(1)) ? "CODEGEN_ONLY" : "FALLBACK");
        try {
            return work.get();
        } finally {
            for (int i = 0; i < CODEGEN.size(); i++) {
                conf.set(CODEGEN.get(i), before.get(i));
            }
        }
    }

    @Test
    void randomNightsLinkWhatAFullRunLinks(@TempDir Path dir) throws IOException {
        // A fixed sequence by default (a follow-up night, then a retraction).
        Nights nights = Nights.seeded(20261207L);
        Random random = nights.random();
        String because = nights.because();
        new GenerateJob(Generated.config(3_000, random.nextInt(1_000), 3_000, OutputFormat.CSV, false, POPULATION),
                dir.resolve("raw/b0").toString(), dir.resolve("gt/b0").toString(), false).run(SharedSpark.spark());
        Ingest ingest = new Ingest(dir.resolve("lake"));
        ingest.ingest("b0", dir.resolve("raw/b0"));
        ResolveJob.Result first = Jobs.run(ingest.lake(), job(dir.resolve("lake")));
        assertTrue(first.modelTrained() && first.increment().isEmpty(), because);
        assertTrue(Jobs.run(ingest.lake(), exposure(true)).changedRows().isEmpty(), "a first exposure scores every person");

        List<String> delivered = new ArrayList<>();
        String last = "b0";
        for (int night = 1; night <= NIGHTS; night++) {
            boolean retraction = !delivered.isEmpty() && random.nextInt(3) == 0;
            if (retraction) {
                ingest.retract(delivered.remove(random.nextInt(delivered.size())));
            } else {
                String batch = "b" + night;
                followUp(dir, ingest, last, batch, 100 + random.nextInt(200));
                delivered.add(batch);
                last = batch;
            }
            ResolveJob.Result incremental;
            if (night < NIGHTS) {
                incremental = Jobs.run(ingest.lake(), job(dir.resolve("lake")));
                assertTrue(incremental.increment().isPresent(), because + ", night " + night + ": linked in full");
                continue;
            }
            // The last night, on three lakes: this one incrementally; a copy over every record, whose persons change
            // row by row by what differs from the table's (PersonDiff); a copy without persons, which writes them
            // whole: the oracle of both. A night an incremental run got wrong stays wrong in the lake (only what
            // changes is linked again), so the last night's comparison finds the earlier ones' errors too (CI time).
            Path copy = dir.resolve("full-" + night);
            copyTree(dir.resolve("lake"), copy);
            Path rewritten = dir.resolve("rewritten-" + night);
            copyTree(dir.resolve("lake"), rewritten);
            deleteTree(Path.of(LakeTable.SILVER_PERSONS.path(new Lake(rewritten.toString()))));
            deleteTree(Path.of(LakeTable.INTERNAL_BIRTH_DATE_SLIPS.path(new Lake(rewritten.toString()))));

            String incrementalPersons = LakeTable.SILVER_PERSONS.path(ingest.lake());
            long incrementalBefore = DeltaTables.version(SharedSpark.spark(), incrementalPersons).orElseThrow();
            incremental = compiled(() -> Jobs.run(ingest.lake(), job(dir.resolve("lake"))));
            assertTrue(incremental.increment().isPresent(), because + ", night " + night + ": linked in full");
            List<String> incrementalOperations = operationsAfter(incrementalPersons, incrementalBefore);
            assertEquals(retraction, !incrementalOperations.isEmpty() && incrementalOperations.get(0).equals("REORG"), because + ", night " + night
                    + ": retracted contacts purged, " + incrementalOperations);
            assertTrue(incremental.increment().get().relinkedRecords() < incremental.records(), because);
            assertEquals(!retraction, incremental.slips().orElseThrow().kept(), because + ", night " + night
                    + ": the slip search moved by a follow-up's records, searched whole after a retraction");
            String copyPersons = LakeTable.SILVER_PERSONS.path(new Lake(copy.toString()));
            long before = DeltaTables.version(SharedSpark.spark(), copyPersons).orElseThrow();
            ResolveJob.Result full = compiled(() -> Jobs.run(new Lake(copy.toString()), job(copy, "resolve.incremental=false")));
            assertTrue(full.increment().isEmpty() && !full.modelTrained() && full.personChanges().isPresent(), because);
            List<String> operations = operationsAfter(copyPersons, before);
            assertTrue(!operations.isEmpty() && List.of("SET TBLPROPERTIES", "MERGE", "WRITE Append", "REORG").containsAll(operations),
                    because + ", night " + night + ": " + operations);
            assertEquals(retraction, operations.get(0).equals("REORG"), because + ", night " + night + ": retracted contacts purged, "
                    + operations);
            ResolveJob.Result whole = Jobs.run(new Lake(rewritten.toString()), job(rewritten, "resolve.incremental=false"));
            assertTrue(whole.personChanges().isEmpty(), because + ": written whole");
            assertFalse(whole.slips().orElseThrow().kept(), because + ": slips searched whole");
            assertEquals(slipChecksum(new Lake(rewritten.toString())), slipChecksum(ingest.lake()), because + ", night " + night + ": slips kept");
            List<String> oracle = checksums(new Lake(rewritten.toString()));
            assertEquals(oracle, checksums(ingest.lake()), because + ", night " + night + ": incremental");
            assertEquals(oracle, checksums(new Lake(copy.toString())), because + ", night " + night + ": compared row by row");

            // Exposure from the persons that changed over every night (silver/persons' change data feed since the
            // first exposure) against every person scored on the copy.
            io.breachimpact.exposure.ExposureJob.Result exposed = compiled(() -> Jobs.run(ingest.lake(), exposure(true)));
            assertTrue(exposed.changedRows().isPresent() && exposed.changedRows().get() > 0, because + ", night " + night + ": scored in full");
            assertTrue(Jobs.run(new Lake(copy.toString()), exposure(false)).changedRows().isEmpty(), because);
            assertEquals(exposureChecksums(new Lake(copy.toString())), exposureChecksums(ingest.lake()), because + ", night " + night);
        }
    }

    private static final int NIGHTS = 2;

    private static final List<LakeTable> EXPOSED = List.of(LakeTable.GOLD_SEVERITY, LakeTable.INTERNAL_PERSON_CELLS,
            LakeTable.INTERNAL_DOCUMENT_CELLS, LakeTable.INTERNAL_EXPOSURE, LakeTable.GOLD_EXPOSURE, LakeTable.GOLD_EXPOSURE_ROLLUPS,
            LakeTable.GOLD_EXPOSURE_COMBINATIONS);

    private static io.breachimpact.exposure.ExposureJob exposure(boolean incremental) {
        return new io.breachimpact.exposure.ExposureJob(io.breachimpact.config.PolicyConfig.defaults()).incremental(incremental);
    }

    private static List<String> exposureChecksums(Lake lake) {
        List<String> lines = new ArrayList<>();
        for (LakeTable t : EXPOSED) {
            lines.add(TableChecksums.of(t.location(), 0, DeltaTables.read(SharedSpark.spark(), t.path(lake))).line());
        }
        return lines;
    }

    /** A follow-up delivery of the batch {@code of}, ingested. */
    private static void followUp(Path dir, Ingest ingest, String of, String batch, int rows) {
        GenerateJob.followUp(SharedSpark.spark(), Generated.config(rows, 0, 1_000, OutputFormat.CSV, false, POPULATION),
                FollowUpConfig.from(AppConfig.defaults("local")), of, dir.resolve("gt/" + of).toString(),
                dir.resolve("raw/" + batch).toString(), dir.resolve("gt/" + batch).toString(), false).run(SharedSpark.spark());
        ingest.ingest(batch, dir.resolve("raw/" + batch));
    }

    /** A table's commits after {@code version}, newest first: each one's operation, and a write's mode. */
    private static List<String> operationsAfter(String path, long version) {
        return io.delta.tables.DeltaTable.forPath(SharedSpark.spark(), path).history()
                .filter(org.apache.spark.sql.functions.col("version").gt(version)).orderBy(org.apache.spark.sql.functions.col("version").desc())
                .collectAsList().stream().map(c -> {
                    String operation = c.getAs("operation");
                    java.util.Map<String, String> parameters = c.getJavaMap(c.fieldIndex("operationParameters"));
                    return operation.equals("WRITE") ? operation + " " + parameters.get("mode") : operation;
                }).toList();
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            walk.forEach(p -> {
                try {
                    Path target = to.resolve(from.relativize(p).toString());
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(p, target);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
