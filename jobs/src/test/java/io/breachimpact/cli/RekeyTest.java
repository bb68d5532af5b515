package io.breachimpact.cli;

import io.breachimpact.config.AppConfig;
import io.breachimpact.config.PolicyConfig;
import io.breachimpact.error.BreachImpactException;
import io.breachimpact.ingest.normalize.PersonKeys;
import io.breachimpact.pipeline.KeyFingerprint;
import io.breachimpact.pipeline.LakeLock;
import io.breachimpact.pipeline.NightlyConfig;
import io.breachimpact.pipeline.NightlyJob;
import io.breachimpact.pipeline.RekeyJob;
import io.breachimpact.pipeline.RunContext;
import io.breachimpact.spark.DeltaTables;
import io.breachimpact.spark.Lake;
import io.breachimpact.testing.SharedSpark;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static io.breachimpact.cli.MainTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Rotating the secret on a lake whose persons were all notified: same people, same codes, nobody notified again. */
class RekeyTest {
    private static final PersonKeys NEW_KEY = new PersonKeys("a-new-secret-0123456789abcdef0123456789");

    private static List<String> sorted(SparkSession spark, String path, String column) {
        return DeltaTables.read(spark, path).filter(org.apache.spark.sql.functions.col(column).isNotNull()).select(column)
                .collectAsList().stream().map(r -> r.getString(0)).sorted().toList();
    }

    private static java.util.Map<String, String> codesByAnchor(SparkSession spark, Lake lake) {
        java.util.Map<String, String> codes = new java.util.HashMap<>();
        for (Row r : DeltaTables.read(spark, lake.goldDecisions()).filter("enrollment_code is not null")
                .join(DeltaTables.read(spark, lake.silverPersons()), "person_id").select("anchor_record_id", "enrollment_code").collectAsList()) {
            codes.put(r.getString(0), r.getString(1));
        }
        return codes;
    }

    @Test
    void aRotatedKeyKeepsEveryonesIdsCodesAndNotices(@TempDir Path root) throws Exception {
        SparkSession spark = SharedSpark.spark();
        String set = "lake.root=" + root;
        assertEquals(0, run("generate", "--rows", "1500", "--seed", "3", "--out", root.resolve("landing/b1").toString(),
                "--truth-out", root.resolve("truth").toString(), "--deliver", "--set", set).code());
        MainTest.Outcome first = run("nightly", "--set", set);
        assertEquals(0, first.code(), first.err());
        Lake lake = new Lake(root.toString());
        PersonKeys old = new PersonKeys(Files.readString(root.resolve("_local/dev-person-key")).strip());
        long notices = DeltaTables.read(spark, lake.goldNotificationLedger()).count();
        List<String> codes = sorted(spark, lake.goldDecisions(), "enrollment_code");
        java.util.Map<String, String> codeByAnchor = codesByAnchor(spark, lake);
        assertTrue(notices > 0 && !codes.isEmpty());

        // A rekey killed after it marked itself under way: every other job refuses until it is run again.
        Files.writeString(root.resolve("ops/rekey-in-progress"), "from " + old.fingerprint() + " to " + NEW_KEY.fingerprint() + "\n");
        MainTest.Outcome refused = run("resolve", "--set", set);
        assertEquals(2, refused.code(), refused.err());
        assertTrue(refused.err().contains("rekey") && refused.err().contains("did not finish"), refused.err());

        org.apache.spark.sql.Dataset<Row> resolved = DeltaTables.read(spark, lake.silverPersons());
        assertEquals(0, resolved.except(io.breachimpact.identity.PersonDigest.withDigest(resolved)).count(),
                "the block pass's digests are those computed from the rows read back");
        new RekeyJob(lake, old, NEW_KEY, RunContext.of(AppConfig.defaults("local", set))).run(spark);
        assertEquals(NEW_KEY.fingerprint(), Files.readString(root.resolve("ops/key-fingerprint")).strip());
        assertTrue(Files.notExists(root.resolve("ops/rekey-in-progress")));
        for (Row p : DeltaTables.read(spark, lake.silverPersons()).select("person_id", "anchor_record_id").collectAsList()) {
            assertEquals(NEW_KEY.personId(p.getString(1)), p.getString(0));
        }
        org.apache.spark.sql.Dataset<Row> persons = DeltaTables.read(spark, lake.silverPersons());
        assertEquals(0, persons.except(io.breachimpact.identity.PersonDigest.withDigest(persons)).count(),
                "each person's digest is computed again under its new id");
        assertEquals(0, DeltaTables.read(spark, lake.goldNotificationLedger()).join(DeltaTables.read(spark, lake.silverPersons()),
                "person_id", "left_anti").count(), "every notice is under its person's new id");
        org.apache.spark.sql.Dataset<Row> links = DeltaTables.read(spark, lake.path(io.breachimpact.pipeline.LakeTable.SILVER_PERSON_LINKS));
        assertTrue(links.count() > 0);
        assertEquals(0, links.join(DeltaTables.read(spark, lake.silverPersons()), "person_id", "left_anti").count(),
                "every link is under its person's new id");
        // The old key is refused from now on.
        BreachImpactException wrong = assertThrows(BreachImpactException.class, () -> KeyFingerprint.check(spark, lake, old));
        assertTrue(wrong.getMessage().contains("differs"), wrong.getMessage());

        // A new batch with the new key: the chain runs again and issues nothing to those already told,
        // with the codes they were sent.
        assertEquals(0, run("generate", "--rows", "100", "--seed", "4", "--out", root.resolve("landing/b2").toString(),
                "--truth-out", root.resolve("truth2").toString(), "--deliver", "--set", set).code());
        AppConfig config = AppConfig.defaults("local", set);
        try (LakeLock lock = LakeLock.acquire(lake.lock(), spark.sparkContext().hadoopConfiguration(),
                LakeLock.Holder.ofThisProcess("test", "nightly"), java.time.Duration.ofMinutes(2))) {
            NightlyJob.Result night = new NightlyJob(config, lake, PolicyConfig.defaults(), NEW_KEY, RunContext.of(config),
                    NightlyConfig.from(config, lake), lock, Optional.empty(), s -> { }).run(spark);
            assertEquals(List.of("b2"), night.taken());
            assertEquals("ran", night.steps().get("decide"));
        }
        // b2's records are corrections of b1's first 100: same persons, maybe more exposed (follow-ups), never a second INITIAL.
        assertEquals(0, DeltaTables.read(spark, lake.goldNotificationLedger()).filter("kind = 'INITIAL'")
                .groupBy("person_id", "send").count().filter("count > 1").count());
        // Every person keeps the code sent out to them (same anchor record, a new id, the old code).
        java.util.Map<String, String> after = codesByAnchor(spark, lake);
        int kept = 0;
        for (java.util.Map.Entry<String, String> e : codeByAnchor.entrySet()) {
            if (after.get(e.getKey()) != null) {
                assertEquals(e.getValue(), after.get(e.getKey()), "code of the person anchored at " + e.getKey());
                kept++;
            }
        }
        assertTrue(kept > codeByAnchor.size() * 9 / 10, kept + " of " + codeByAnchor.size());
    }
}
