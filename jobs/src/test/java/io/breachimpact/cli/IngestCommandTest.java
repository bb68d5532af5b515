package io.breachimpact.cli;

import io.breachimpact.cli.MainTest.Outcome;
import io.breachimpact.testing.SharedSpark;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

import static io.breachimpact.cli.MainTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad input gets a clear error: each case names the file (and line), exits with the documented code,
 * shows no stack trace, and publishes nothing.
 */
class IngestCommandTest {
    private static final Path SAMPLE = Path.of(System.getProperty("breachimpact.project.root"), "data-samples/dump/records-00001-of-00001.csv");
    private static final String HEADER = "record_id,account_id,surname,given_names,birth_date,email,phone,street_address,"
            + "postal_code,city,document_type,document_number,request_date";

    @TempDir
    Path dir;

    @BeforeAll
    static void session() {
        SharedSpark.spark();
    }

    private Outcome ingest(String... args) {
        String[] all = new String[args.length + 4];
        all[0] = "ingest";
        all[1] = "--set";
        all[2] = "lake.root=" + dir.resolve("lake");
        all[3] = "--batch=b1";
        System.arraycopy(args, 0, all, 4, args.length);
        return run(all);
    }

    private void assertRefused(Outcome outcome, int code, String... fragments) {
        assertEquals(code, outcome.code(), outcome.err());
        for (String fragment : fragments) {
            assertTrue(outcome.err().contains(fragment), "'" + fragment + "' not in: " + outcome.err());
        }
        assertFalse(outcome.err().contains("\tat "), "no stack trace: " + outcome.err());
        assertFalse(Files.exists(dir.resolve("lake/silver")), "nothing published");
    }

    private Path file(String name, byte[] content) throws IOException {
        Path f = dir.resolve(name);
        Files.write(f, content);
        return f;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aMissingPathOrAnEmptyFile() throws IOException {
        assertRefused(ingest("--input", dir.resolve("nope.csv").toString()), 3, "input not found", "nope.csv");
        Path empty = file("empty.csv", new byte[0]);
        assertRefused(ingest("--input", empty.toString()), 3, "empty.csv is empty");
        Files.createDirectories(dir.resolve("nothing"));
        assertRefused(ingest("--input", dir.resolve("nothing").toString()), 3, "no dump file");
    }

    @Test
    void aHeaderWithAMissingRenamedOrExtraColumn() throws IOException {
        String row = "\nR1,A1,Dupont,Jean,1980-01-01,j@x.fr,0612345678,1 rue A,75001,Paris,CNI,,2024-01-01\n";
        assertRefused(ingest("--input", file("missing.csv", utf8(HEADER.replace(",email", "") + row)).toString()), 3,
                "missing.csv line 1", "missing column(s) [email]");
        assertRefused(ingest("--input", file("renamed.csv", utf8(HEADER.replace("email", "mail") + row)).toString()), 3,
                "renamed.csv line 1", "missing column(s) [email]", "unexpected column(s) [mail]");
        assertRefused(ingest("--input", file("extra.csv", utf8(HEADER + ",notes" + row)).toString()), 3,
                "extra.csv line 1", "unexpected column(s) [notes]");
    }

    @Test
    void aPartWithoutItsHeaderIsRefusedWithoutQuotingItsValues() throws IOException {
        String record = "R1,A1,Dupont,Jean,1980-01-01,jean.dupont@gmail.com,0612345678,1 rue A,75001,Paris,CNI,,2024-01-01\n";
        Outcome outcome = ingest("--input", file("headerless.csv", utf8(record + record.replace("R1", "R2"))).toString());
        assertRefused(outcome, 3, "headerless.csv line 1", "not the agency export's header");
        assertFalse(outcome.err().contains("dupont"), "a person's data never appears in an error: " + outcome.err());
    }

    @Test
    void aCorruptOrTruncatedGzip() throws IOException {
        byte[] garbage = new byte[4096];
        new Random(1).nextBytes(garbage);
        assertRefused(ingest("--input", file("corrupt.csv.gz", garbage).toString()), 3, "corrupt.csv.gz is not a valid gzip file");

        // Valid at the start, cut in the middle: found by the task that reads it, past the first MB.
        ByteArrayOutputStream zipped = new ByteArrayOutputStream();
        try (OutputStream gz = new GZIPOutputStream(zipped)) {
            byte[] sample = Files.readAllBytes(SAMPLE);
            for (int i = 0; i < 2; i++) {
                gz.write(sample);
            }
        }
        byte[] whole = zipped.toByteArray();
        byte[] cut = java.util.Arrays.copyOf(whole, whole.length * 3 / 4);
        assertRefused(ingest("--input", file("cut.csv.gz", cut).toString()), 3, "cut.csv.gz could not be read to its end");
    }

    @Test
    void aLatin1FileBinaryGarbageAndAHugeFirstLine() throws IOException {
        String text = new String(Files.readAllBytes(SAMPLE), StandardCharsets.UTF_8);
        assertRefused(ingest("--input", file("latin1.csv", text.getBytes(StandardCharsets.ISO_8859_1)).toString()), 3,
                "latin1.csv is not UTF-8", "ISO-8859-1");
        byte[] garbage = new byte[100_000];
        new Random(2).nextBytes(garbage);
        assertRefused(ingest("--input", file("garbage.bin", garbage).toString()), 3, "garbage.bin line 1", "not a CSV header");
        assertRefused(ingest("--input", file("huge.csv", utf8("x".repeat(10 << 20))).toString()), 3, "huge.csv line 1");
    }

    @Test
    void aTenMegabyteLineInsideTheDumpIsQuarantinedAndTheRestIngested() throws IOException {
        String body = HEADER + "\nR1,A1,Dupont,Jean,1980-01-01,j@x.fr,0612345678," + "y".repeat(10 << 20)
                + ",75001,Paris,CNI,,2024-01-01\nR2,A2,Durand,Anne,1970-01-01,a@x.fr,0612345679,2 rue B,75001,Paris,CNI,,2024-01-01\n";
        Outcome outcome = ingest("--input", file("long.csv", utf8(body)).toString());
        assertEquals(0, outcome.code(), outcome.err());
        assertTrue(outcome.out().contains("LINE_TOO_LONG"), outcome.out());
        assertTrue(outcome.out().contains("2 records read, 1 into silver, 1 quarantined"), outcome.out());
    }

    @Test
    void theClusterProfileRefusesToRunWithoutTheSecret() throws IOException {
        Outcome outcome = run("ingest", "--profile", "cluster", "--set", "lake.root=" + dir.resolve("lake"),
                "--batch", "b1", "--input", SAMPLE.toString());
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv("BREACH_IMPACT_KEY") == null,
                "the environment sets BREACH_IMPACT_KEY: PersonKeySecretTest covers the refusal");
        assertRefused(outcome, 2, "BREACH_IMPACT_KEY is not set");
    }

    @Test
    void wrongUsage() {
        assertRefused(ingest(), 2, "--input is required");
        assertRefused(run("ingest", "--batch", "no spaces", "--input", SAMPLE.toString(), "--set", "lake.root=" + dir.resolve("lake")),
                2, "--batch must be");
        assertRefused(run("ingest", "--retract", "ghost", "--set", "lake.root=" + dir.resolve("lake")), 2, "nothing to retract");
    }

    @Test
    void anSqlDumpWithATableTheProfileDoesNotKnowOrAColumnItLacks() throws IOException {
        String profileText = io.breachimpact.ingest.SqlDumpIngestTest.PROFILE;
        String dumpText = io.breachimpact.ingest.SqlDumpIngestTest.DUMP;
        Path profile = file("pg.conf", utf8(profileText.replace("ignored-tables = [sessions]", "")));
        Path dump = file("agency.sql", utf8(dumpText));
        assertRefused(ingest("--dump-profile", profile.toString(), "--input", dump.toString()), 3,
                "agency.sql line 30: rows of table 'sessions', which the dump profile neither reads");

        assertRefused(ingest("--dump-profile", file("pg1.conf", utf8(profileText.replace("ignored-columns = [comptes.mot_de_passe]", "")))
                .toString(), "--input", dump.toString()), 3, "agency.sql line 5: table 'comptes' has column(s) [mot_de_passe] that the "
                + "dump profile neither reads nor ignores");

        Path renamed = file("renamed.sql", utf8(dumpText.replace("    courriel text,", "    mel text,").replace("naissance, courriel,", "naissance, mel,")));
        assertRefused(ingest("--dump-profile", file("pg2.conf", utf8(profileText)).toString(), "--input", renamed.toString()), 3,
                "renamed.sql line 5: table 'comptes' has no column [courriel] that the dump profile reads");
    }

    @Test
    void aParquetFileWithoutAColumnItsProfileReadsOrThatIsNotParquet() throws IOException {
        Path parquet = dir.resolve("export");
        SharedSpark.spark().sql("SELECT 'R1' AS record_id, 'Dupont' AS surname, 'x' AS password_hash").coalesce(1).write().parquet(parquet.toString());
        String profile = Path.of(System.getProperty("breachimpact.project.root"), "conf/dumps/agency-parquet.conf").toString();
        assertRefused(ingest("--dump-profile", profile, "--input", parquet.toString()), 3,
                "its columns do not match the dump profile 'agency-parquet': missing column(s) [account_id, given_names",
                "unexpected column(s) [password_hash]");
        Path fake = file("fake.parquet", utf8("record_id,surname\nR1,Dupont\n"));
        assertRefused(ingest("--dump-profile", profile, "--input", fake.toString()), 3, "fake.parquet is not a readable Parquet file");
    }
}
