package io.breachimpact.decide;

import io.breachimpact.config.PolicyConfig;
import io.breachimpact.exposure.Severity;
import io.breachimpact.exposure.SeverityPolicy;
import io.breachimpact.ingest.normalize.PersonKeys;
import io.breachimpact.pipeline.LakeTable;
import io.breachimpact.pipeline.TableChecksums;
import io.breachimpact.spark.DeltaTables;
import io.breachimpact.spark.Lake;
import io.breachimpact.testing.Ingest;
import io.breachimpact.testing.Jobs;
import io.breachimpact.testing.Nights;
import io.breachimpact.testing.SharedSpark;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A decide that decides again only the persons that changed gives what a decide of every person
 * gives: random nights of changed persons (data classes, a minor found, contacts won or lost, a move,
 * a review flag), new persons and persons gone, each decided incrementally on one lake and in full on
 * another, compared table by table (decisions, ledger, budget), figure by figure and manifest by manifest;
 * two incremental nights in a row (ids gone and back among them); the last night starts from decisions a
 * killed decide left half changed, and decides every person.
 */
class IncrementalDecideTest {
    private static final List<String> CLASSES = List.of("ACCOUNT_ID", "DATE_OF_BIRTH", "DOCUMENT_NUMBER", "EMAIL", "NAME", "PHONE",
            "POSTAL_ADDRESS");
    private static final List<String> DOCUMENTS = List.of("PASSPORT", "NATIONAL_ID_CARD", "DRIVING_LICENCE", "RESIDENCE_PERMIT");
    private static final LocalDate FIRST_NIGHT = LocalDate.of(2025, 11, 20);

    private static Row person(Random random, String id) {
        List<String> classes = new ArrayList<>(List.of("NAME"));
        CLASSES.stream().filter(c -> !c.equals("NAME") && random.nextInt(3) > 0).forEach(classes::add);
        classes.sort(null);
        boolean minor = random.nextInt(6) == 0;
        String email = random.nextInt(4) > 0 ? id.toLowerCase() + "@mail.fr" : null;
        String mobile = random.nextInt(3) > 0 ? "+336" + (10_000_000 + random.nextInt(89_999_999)) : null;
        boolean letter = random.nextInt(5) > 0;
        List<String> channels = new ArrayList<>();
        if (email != null) {
            channels.add("EMAIL");
        }
        if (mobile != null) {
            channels.add("SMS");
        }
        if (letter) {
            channels.add("LETTER");
        }
        List<String> flags = random.nextInt(10) == 0 ? List.of("CONFLICTING_BIRTH_DATES") : List.of();
        return RowFactory.create(id, 1 + random.nextInt(3), classes, minor, minor ? 10 + random.nextInt(8) : 18 + random.nextInt(75),
                email, mobile, channels, flags, "Nom" + id, "Prénom", letter ? random.nextInt(90) + " rue " + id : null,
                letter ? "690" + random.nextInt(10) + "0" : null, letter ? "Lyon" : null, List.of(DOCUMENTS.get(random.nextInt(DOCUMENTS.size()))));
    }

    /** silver/persons and gold/severity as resolve and exposure would leave them. */
    private static void persons(Lake lake, List<Row> persons) {
        Dataset<Row> silver = SharedSpark.spark().createDataFrame(persons, DecideJobTest.PERSONS);
        DeltaTables.replace(silver, lake.silverPersons(), 1);
        DeltaTables.replace(Severity.score(silver, SeverityPolicy.from(PolicyConfig.defaults()))
                .select("person_id", "minor", "record_count", "data_classes", "documents_held", "score", "level", "factors"), lake.goldSeverity(), 1);
    }

    private static List<String> checksums(Lake lake) {
        List<String> lines = new ArrayList<>();
        for (LakeTable t : List.of(LakeTable.GOLD_DECISIONS, LakeTable.GOLD_NOTIFICATION_LEDGER, LakeTable.GOLD_OFFER_BUDGET)) {
            lines.add(TableChecksums.of(t.location(), 0, DeltaTables.read(SharedSpark.spark(), t.path(lake))).line());
        }
        return lines;
    }

    private static Map<String, String> issuedWaveDates(Lake lake) {
        Map<String, String> dates = new TreeMap<>();
        DeltaTables.read(SharedSpark.spark(), lake.goldDecisions()).select("person_id", "issued_wave_date").collectAsList()
                .forEach(r -> dates.put(r.getString(0), String.valueOf(r.get(1))));
        return dates;
    }

    /** A run's manifests, file by file. */
    private static Map<String, List<String>> manifests(DecideJob.Result run) throws IOException {
        Map<String, List<String>> files = new TreeMap<>();
        try (Stream<Path> in = Files.list(Path.of(run.outboxDir()))) {
            for (Path f : in.filter(p -> p.toString().endsWith(".csv")).toList()) {
                files.put(f.getFileName().toString(), Files.readAllLines(f));
            }
        }
        return files;
    }

    @Test
    void randomNightsDecideWhatADecisionOfEveryPersonDecides(@TempDir Path dir) throws IOException {
        Nights nights = Nights.seeded(20261206L);
        Random random = nights.random();
        String because = nights.because();
        Lake incremental = new Lake(dir.resolve("incremental").toString());
        Lake full = new Lake(dir.resolve("full").toString());
        PersonKeys keys = new PersonKeys(Ingest.TEST_KEY);
        List<Row> people = new ArrayList<>();
        int next = 0;
        for (; next < 60; next++) {
            people.add(person(random, String.format("P%03d", next)));
        }
        List<String> gone = new ArrayList<>();
        for (int night = 0; night < 4; night++) {
            if (night > 0) {
                // A night's changes: some persons drawn again (what a new record or a correction does to them),
                // some gone (a retraction), some back (the retraction retracted), some new.
                for (int i = people.size() - 1; i >= 0; i--) {
                    int draw = random.nextInt(20);
                    if (draw < 3) {
                        people.set(i, person(random, people.get(i).getString(0)));
                    } else if (draw == 3) {
                        gone.add(people.remove(i).getString(0));
                    }
                }
                if (!gone.isEmpty()) {
                    people.add(person(random, gone.remove(random.nextInt(gone.size()))));
                }
                for (int n = random.nextInt(6); n > 0; n--, next++) {
                    people.add(person(random, String.format("P%03d", next)));
                }
            }
            persons(incremental, people);
            persons(full, people);
            // The last night starts from decisions a decide killed between its delete and its append left.
            boolean halfChanged = night == 3;
            if (halfChanged) {
                io.delta.tables.DeltaTable.forPath(SharedSpark.spark(), incremental.goldDecisions())
                        .delete(org.apache.spark.sql.functions.col("person_id").equalTo(people.get(0).getString(0)));
            }
            LocalDate today = FIRST_NIGHT.plusDays(night);
            DecideJob.Result a = Jobs.run(incremental, new DecideJob(PolicyConfig.defaults(), keys, today));
            DecideJob.Result b = Jobs.run(full, new DecideJob(PolicyConfig.defaults(), keys, today).incremental(false));
            String when = because + ", night " + night;
            assertEquals(b.persons(), b.decided(), when);
            if (night == 1 || night == 2) {
                assertTrue(a.decided() < a.persons(), when + ": every person decided again (" + a.decided() + ")");
            } else {
                assertEquals(a.persons(), a.decided(), when + ": the first night, and the one after a half-changed table, decide every person");
            }
            assertEquals(checksums(full), checksums(incremental), when);
            assertEquals(List.of(b.persons(), b.byOutcome(), b.byReason(), b.newByKind(), b.sendsByChannel(), b.daysByChannel(), b.budget()),
                    List.of(a.persons(), a.byOutcome(), a.byReason(), a.newByKind(), a.sendsByChannel(), a.daysByChannel(), a.budget()), when);
            assertEquals(manifests(b), manifests(a), when);
            // The checksums leave wave dates out (they follow the day a run is made); here both lakes run on the same days.
            assertEquals(issuedWaveDates(full), issuedWaveDates(incremental), when);
        }
    }
}
