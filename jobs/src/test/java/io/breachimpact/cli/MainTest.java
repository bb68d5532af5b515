package io.breachimpact.cli;

import io.breachimpact.testing.DumpFiles;
import io.breachimpact.testing.SharedSpark;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command line as a scheduler sees it: exit codes and messages. */
class MainTest {
    record Outcome(int code, String out, String err) {
    }

    @BeforeAll
    static void session() {
        SharedSpark.spark(); // commands reuse the test JVM's session and leave it running
    }

    static synchronized Outcome run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            int code = Main.run(args);
            return new Outcome(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Test
    void helpIsThereForEveryCommand() {
        Outcome root = run("--help");
        assertEquals(0, root.code());
        assertTrue(root.out().contains("generate") && root.out().contains("demo") && root.out().contains("Exit codes"), root.out());
        Outcome generate = run("generate", "--help");
        assertEquals(0, generate.code());
        assertTrue(generate.out().contains("--rows") && generate.out().contains("--seed") && generate.out().contains("--format"));
    }

    @Test
    void aWrongCommandLineExitsWithTwoAndSaysWhy() {
        Outcome badValue = run("generate", "--rows", "lots");
        assertEquals(2, badValue.code());
        assertTrue(badValue.err().contains("'lots'") && badValue.err().contains("--help"), badValue.err());
        Outcome typo = run("generat");
        assertEquals(2, typo.code());
        assertTrue(typo.err().contains("generate"), typo.err());
        Outcome format = run("generate", "--format", "xlsx");
        assertEquals(2, format.code());
        assertTrue(format.err().contains("csv or parquet"), format.err());
    }

    @Test
    void aConfigurationErrorExitsWithTwoWithoutAStackTrace(@TempDir Path dir) throws Exception {
        Path conf = dir.resolve("bad.conf");
        Files.writeString(conf, "lake.roott = \"/tmp\"\n");
        Outcome outcome = run("generate", "--conf", conf.toString(), "--rows", "10");
        assertEquals(2, outcome.code());
        assertTrue(outcome.err().contains("lake.roott") && outcome.err().contains("bad.conf: 1"), outcome.err());
        assertFalse(outcome.err().contains("\tat "), "no stack trace without --verbose");
        Outcome verbose = run("generate", "--conf", conf.toString(), "--rows", "10", "--verbose");
        assertTrue(verbose.err().contains("\tat "), "a stack trace with --verbose");
        assertEquals(2, run("generate", "--conf", dir.resolve("missing.conf").toString()).code());
    }

    @Test
    void generateWritesTheDumpUnderTheLakeAndPrintsASummary(@TempDir Path dir) {
        Outcome outcome = run("generate", "--set", "lake.root=" + dir, "--rows", "3000", "--rows-per-file", "1000",
                "--seed", "11", "--batch", "b1");
        assertEquals(0, outcome.code(), outcome.err());
        assertEquals(3000, DumpFiles.readDump(dir.resolve("raw/b1")).size());
        assertEquals(3000, DumpFiles.readTruth(dir.resolve("ground-truth/b1")).size());
        assertTrue(Files.exists(dir.resolve("ground-truth/b1/generation-report.json")));
        assertTrue(outcome.out().contains("Generated 3,000 records") && outcome.out().contains("Dirt injected"), outcome.out());
        assertTrue(outcome.out().contains("Île-de-France"), outcome.out());

        Outcome again = run("generate", "--set", "lake.root=" + dir, "--rows", "3000", "--seed", "11", "--batch", "b1");
        assertEquals(2, again.code());
        assertTrue(again.err().contains("already exists"), again.err());
    }

    @Test
    void demoIsRepeatable(@TempDir Path dir) {
        Outcome first = run("demo", "--set", "lake.root=" + dir, "--rows", "2000");
        assertEquals(0, first.code(), first.err());
        assertTrue(first.out().contains("Against the ground truth: pairwise precision") && first.out().contains("Issued by this run: "),
                first.out());
        assertFalse(first.out().contains("Issued by this run: 0 persons"), first.out());
        assertTrue(first.out().contains("nightly run=") && first.out().contains("outcome=done batches=1"), first.out());
        // The scheduler's path: the batch went through the landing area, with its marker.
        assertEquals(2000, DumpFiles.readDump(dir.resolve("landing/demo")).size());
        assertTrue(Files.exists(dir.resolve("landing/demo/delivery.sha256")));
        Outcome second = run("demo", "--set", "lake.root=" + dir, "--rows", "2000");
        assertEquals(0, second.code(), second.err());
        // The same batch again: nothing is delivered, ingested, resolved, scored or issued anew.
        assertTrue(second.out().contains("delivered already") && second.out().contains("outcome=nothing-new batches=0")
                && second.out().contains("notices=0"), second.out());

        // explain: a person of several records, its links, rules and notices, and none of its contacts.
        org.apache.spark.sql.Row person = io.breachimpact.spark.DeltaTables.read(io.breachimpact.testing.SharedSpark.spark(),
                        new io.breachimpact.spark.Lake(dir.toString()).silverPersons())
                .filter("record_count > 1 and email is not null").orderBy("person_id").first();
        Outcome explained = run("explain", "--set", "lake.root=" + dir, "--person", person.getAs("person_id"));
        assertEquals(0, explained.code(), explained.err());
        assertTrue(explained.out().contains("Links that made this person") && explained.out().contains("paired by")
                && explained.out().contains("Notices issued"), explained.out());
        for (String contact : new String[] {person.getAs("email"), person.getAs("surname"), person.getAs("street_address")}) {
            assertFalse(contact != null && explained.out().contains(contact), contact + " in:\n" + explained.out());
        }
        String aRecord = io.breachimpact.spark.DeltaTables.read(io.breachimpact.testing.SharedSpark.spark(),
                        new io.breachimpact.spark.Lake(dir.toString()).silverPersonRecords())
                .filter(org.apache.spark.sql.functions.col("person_id").equalTo(person.<String>getAs("person_id"))).first().getAs("record_id");
        assertEquals(explained.out(), run("explain", "--set", "lake.root=" + dir, "--record", aRecord).out(), "by one of its records");
        Outcome nobody = run("explain", "--set", "lake.root=" + dir, "--person", "p-nobody");
        assertEquals(2, nobody.code());
        assertTrue(nobody.err().contains("no person p-nobody"), nobody.err());
        Outcome notARecord = run("correct", "--set", "lake.root=" + dir, "--not-same", "R-1,R-none", "--reason", "appeal 1");
        assertEquals(2, notARecord.code());
        assertTrue(notARecord.err().contains("no record"), notARecord.err());
    }
}
