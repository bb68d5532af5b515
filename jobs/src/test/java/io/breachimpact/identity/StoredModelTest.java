package io.breachimpact.identity;

import io.breachimpact.config.AppConfig;
import io.breachimpact.generate.FollowUpConfig;
import io.breachimpact.generate.GenerateConfig;
import io.breachimpact.generate.GenerateJob;
import io.breachimpact.generate.OutputFormat;
import io.breachimpact.ingest.normalize.PersonKeys;
import io.breachimpact.pipeline.LakeTable;
import io.breachimpact.spark.DeltaTables;
import io.breachimpact.testing.Generated;
import io.breachimpact.testing.Ingest;
import io.breachimpact.testing.Jobs;
import io.breachimpact.testing.SharedSpark;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The lake's match model: trained by the first resolve, kept whole, used again (giving the persons the
 * training run gave) after a follow-up batch within resolve.model.retrain-after-change, whose changes
 * it counts; trained again beyond it.
 */
class StoredModelTest {

    private static ResolveJob job(Ingest ingest, String... sets) {
        String[] all = java.util.stream.Stream.concat(java.util.stream.Stream.of("lake.root=" + ingest.lake().root()),
                java.util.Arrays.stream(sets)).toArray(String[]::new);
        return new ResolveJob(ResolveConfig.from(AppConfig.defaults("local", all)), new PersonKeys(Ingest.TEST_KEY), Optional.empty());
    }

    private static long modelVersion(Ingest ingest) {
        return DeltaTables.version(SharedSpark.spark(), LakeTable.INTERNAL_MATCH_MODEL.path(ingest.lake())).orElseThrow();
    }

    @Test
    void aFollowUpWithinTheShareUsesTheLakesModelAndCountsItsChanges(@TempDir Path dir) {
        GenerateConfig population = Generated.config(12_000, 17, 12_000, OutputFormat.CSV, false);
        new GenerateJob(population, dir.resolve("raw/first").toString(), dir.resolve("gt/first").toString(), false).run(SharedSpark.spark());
        GenerateJob.followUp(SharedSpark.spark(), Generated.config(600, 0, 600, OutputFormat.CSV, false),
                FollowUpConfig.from(AppConfig.defaults("local")), "first", dir.resolve("gt/first").toString(),
                dir.resolve("raw/next").toString(), dir.resolve("gt/next").toString(), false).run(SharedSpark.spark());
        Ingest ingest = new Ingest(dir.resolve("lake"));
        ingest.ingest("first", dir.resolve("raw/first"));

        ResolveJob.Result first = Jobs.run(ingest.lake(), job(ingest));
        assertTrue(first.modelTrained());
        assertEquals(first.records(), first.modelRecords());
        List<Row> kept = DeltaTables.read(SharedSpark.spark(), LakeTable.INTERNAL_MATCH_MODEL.path(ingest.lake())).collectAsList();
        assertEquals(1, kept.size());
        StoredModel stored = StoredModel.of(kept.get(0));
        assertEquals(first.records(), stored.records());
        assertEquals(StoredModel.trainingKey(ResolveConfig.from(AppConfig.defaults("local"))), stored.trainingKey());
        long trainedAt = modelVersion(ingest);

        // The same records, the model used again (another setting makes the run): the persons the training run made.
        org.apache.spark.sql.Dataset<Row> trainedPersons = persons(ingest);
        ResolveJob.Result again = Jobs.run(ingest.lake(), job(ingest, "resolve.model.retrain-after-change=0.5"));
        assertFalse(again.modelTrained());
        SharedSpark.assertDataFrameNoOrderEquals(trainedPersons, persons(ingest));
        assertEquals(trainedAt, modelVersion(ingest), "checked at the version it was trained at: nothing to write");

        // About 5 % more records: the same model links them; the lake's copy counts the changes, read from silver's commits.
        io.breachimpact.ingest.IngestJob.Result nextBatch = ingest.ingest("next", dir.resolve("raw/next"));
        // A corrected record counts twice: its old row deleted, its new row written (two commits, SilverChanges).
        long changes = nextBatch.silverChanges().get("inserted") + 2 * nextBatch.silverChanges().get("updated");
        assertEquals(Optional.of(changes), StoredModel.changedSince(SharedSpark.spark(), ingest.lake().silverRecords(), stored.silverVersion()));
        ResolveJob.Result next = Jobs.run(ingest.lake(), job(ingest));
        assertFalse(next.modelTrained());
        assertEquals(first.records(), next.modelRecords());
        assertTrue(next.records() > first.records());
        StoredModel checked = StoredModel.of(DeltaTables.read(SharedSpark.spark(), LakeTable.INTERNAL_MATCH_MODEL.path(ingest.lake())).first());
        assertEquals(changes, checked.changedRecords());
        assertEquals(ingest.versions().get("silver/records"), checked.silverVersion());
        assertEquals(first.records(), checked.records());
    }

    /** When the model serves, and why it does not: settings, the share of changed records, an uncountable history. */
    @Test
    void theModelServesUntilTheShareOfChangedRecordsIsPassed() {
        io.breachimpact.identity.match.MatchModel model = new io.breachimpact.identity.match.MatchModel(new double[][] {{0.9, 0.1}},
                new double[][] {{0.01, 0.99}}, -10, java.util.Map.of(), 0.001);
        StoredModel trained = new StoredModel(model, "key", 10_000, 3, 400, 400, 100, 5);
        assertEquals(Optional.empty(), trained.staleFor("key", Optional.of(600L), 0.10), "1,000 of 10,000 changed: 10 %, not more");
        assertTrue(trained.staleFor("key", Optional.of(601L), 0.10).orElseThrow().contains("1,001 records were inserted, updated or deleted"));
        assertTrue(trained.staleFor("other", Optional.of(0L), 0.10).orElseThrow().contains("other settings"));
        assertTrue(trained.staleFor("key", Optional.empty(), 0.10).orElseThrow().contains("cannot say how many records changed"));
        assertTrue(trained.staleFor("key", Optional.of(0L), 0).isPresent(), "0: trained at every run");
        StoredModel later = trained.checkedAt(9, 250);
        assertEquals(List.of(9L, 650L), List.of(later.silverVersion(), later.changedRecords()));
        assertEquals(Optional.empty(), later.staleFor("key", Optional.of(350L), 0.10));
        assertTrue(later.staleFor("key", Optional.of(351L), 0.10).isPresent(), "the changes carried from run to run add up");
    }

    /** Persons without the columns a run stamps. */
    private static org.apache.spark.sql.Dataset<Row> persons(Ingest ingest) {
        return io.breachimpact.pipeline.TableChecksums.stable(DeltaTables.read(SharedSpark.spark(), LakeTable.SILVER_PERSONS.path(ingest.lake())));
    }

    @Test
    void theModelReadBackWeighsPairsAsTheOneWritten() {
        double[][] m = {{0.9, 0.05, 0.05}, {0.8, 0.2}};
        double[][] u = {{0.01, 0.02, 0.97}, {0.1, 0.9}};
        io.breachimpact.identity.match.MatchModel model = new io.breachimpact.identity.match.MatchModel(m, u, -12.5,
                java.util.Map.of("martin", 0.004, "kerjean", 0.00001), 0.000002);
        StoredModel written = new StoredModel(model, "key", 1234, 7, 55, 400, 5000.5, 12);
        StoredModel read = StoredModel.of(written.toRows(SharedSpark.spark()).first());
        assertEquals(written.trainingKey(), read.trainingKey());
        assertEquals(List.of(1234L, 7L, 55L, 400L, 12L), List.of(read.records(), read.silverVersion(), read.changedRecords(), read.trainingRecords(),
                (long) read.iterations()));
        assertEquals(5000.5, read.candidatePairs());
        assertEquals(model.priorBits(), read.model().priorBits());
        assertEquals(java.util.Arrays.deepToString(m), java.util.Arrays.deepToString(read.model().m()));
        assertEquals(java.util.Arrays.deepToString(u), java.util.Arrays.deepToString(read.model().u()));
        assertEquals(model.surnameFrequency(), read.model().surnameFrequency());
        assertEquals(model.rarestSurname(), read.model().rarestSurname());
    }
}
