package io.breachimpact.ingest.inspect;

import io.breachimpact.error.BreachImpactException;
import io.breachimpact.ingest.profile.DumpProfile;
import io.breachimpact.ingest.profile.DumpProfiles;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** inspect on exports written here by hand: what it proposes, and that it never repeats a value. */
class DumpInspectorTest {
    private static final String[] SURNAMES = {"Dupont", "Lefèvre", "Martin", "Bérénger", "Nguyen", "Le Gall"};
    private static final String[] GIVEN = {"Jean", "Hélène", "Marie Claire", "Loïc", "Anaïs"};
    private static final String[] DOCS = {"Passeport", "Carte nationale d'identité", "Permis de conduire"};

    @TempDir
    Path dir;

    /** Semicolons, Windows-1252, French names, a civility, dd/MM/yyyy, documents in words. */
    private Path frenchExport(List<String> values) throws IOException {
        Random random = new Random(7);
        StringBuilder sb = new StringBuilder("Identifiant;Civilité;Nom;Prénom;Date de naissance;Courriel;Tél;Code postal;Ville;Type pièce;Date demande\r\n");
        for (int i = 0; i < 300; i++) {
            String surname = SURNAMES[random.nextInt(SURNAMES.length)];
            String given = GIVEN[random.nextInt(GIVEN.length)];
            String email = given.toLowerCase().replace(' ', '.') + "." + i + "@exemple.fr";
            String phone = "06 " + (10 + random.nextInt(89)) + " 11 22 " + (10 + random.nextInt(89));
            values.add(email);
            values.add(phone);
            sb.append("D").append(100000 + i).append(';').append(random.nextBoolean() ? "M." : "Mme").append(';').append(surname).append(';')
                    .append(given).append(';').append(String.format("%02d/%02d/%d", 1 + random.nextInt(28), 1 + random.nextInt(12),
                            1940 + random.nextInt(60))).append(';').append(email).append(';').append(phone).append(";69003;Lyon;")
                    .append(DOCS[random.nextInt(DOCS.length)]).append(';').append(String.format("%02d/%02d/20%02d", 1 + random.nextInt(28),
                            1 + random.nextInt(12), 10 + random.nextInt(15))).append("\r\n");
        }
        Path file = dir.resolve("export.csv");
        Files.write(file, sb.toString().getBytes(Charset.forName("windows-1252")));
        return file;
    }

    @Test
    void aFrenchWindowsExportGetsAProfileIngestAccepts() throws IOException {
        List<String> values = new ArrayList<>();
        Path file = frenchExport(values);
        ProfileProposal proposal = ProfileProposal.of(DumpInspector.inspect(List.of(file.toString()), new Configuration()));
        String summary = proposal.summary();
        String text = proposal.profile("french");
        for (String v : values) {
            assertFalse(summary.contains(v) || text.contains(v), "a value of the file is printed: " + v);
        }
        for (String name : SURNAMES) {
            assertFalse(summary.contains(name) || text.contains(name), name);
        }
        assertTrue(summary.contains("encoding windows-1252"), summary);
        assertTrue(summary.contains("dd/dd/dddd (100%)"), summary);
        Path out = dir.resolve("french.conf");
        Files.writeString(out, text);
        DumpProfile profile = DumpProfiles.read(out.toFile());
        assertEquals(';', profile.delimiter());
        assertEquals("windows-1252", profile.encodingName());
        assertEquals(List.of("date de naissance"), profile.fields().get("birth_date").columns());
        assertEquals(List.of("dd/MM/yyyy"), profile.fields().get("birth_date").dateFormats());
        assertEquals("PASSEPORT", profile.fields().get("document_type").apply(new String[] {"Passeport"}));
        assertEquals(List.of("tél"), profile.fields().get("phone").columns(), "a column name read by its values' shape");
        assertTrue(profile.ignored().contains("civilité"));
        assertEquals(List.of("courriel"), profile.fields().get("email").columns());
        assertTrue(text.contains("# street_address = ?"), "a field the dump lacks is said so:\n" + text);
    }

    @Test
    void aHeaderlessTabFileHasItsColumnsNumberedAndGuessedByTheirValues() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            sb.append("X").append(1000 + i).append('\t').append("user").append(i).append("@mail.fr\t").append(String.format("19%02d-0%d-1%d",
                    50 + i % 40, 1 + i % 9, i % 9)).append("\t7500").append(i % 10).append('\n');
        }
        Path file = dir.resolve("part.tsv");
        Files.writeString(file, sb.toString());
        String text = ProfileProposal.of(DumpInspector.inspect(List.of(file.toString()), new Configuration())).profile("tab");
        Path out = dir.resolve("tab.conf");
        Files.writeString(out, text);
        DumpProfile profile = DumpProfiles.read(out.toFile());
        assertFalse(profile.header());
        assertEquals('\t', profile.delimiter());
        assertEquals(List.of("column_1"), profile.fields().get("record_id").columns());
        assertEquals(List.of("column_2"), profile.fields().get("email").columns());
        assertEquals(List.of("column_3"), profile.fields().get("birth_date").columns());
        assertEquals(List.of("column_4"), profile.fields().get("postal_code").columns());
    }

    @Test
    void aFirstLineOfUnknownNamesIsTakenForDataAndNeverPrinted() throws IOException {
        StringBuilder sb = new StringBuilder("DUPONT;Jean;Paris;Passeport\n");
        for (int i = 0; i < 50; i++) {
            sb.append("MARTIN").append(i % 3).append(";Anne;Lyon;Passeport\n");
        }
        Path file = dir.resolve("noheader.csv");
        Files.writeString(file, sb.toString());
        ProfileProposal proposal = ProfileProposal.of(DumpInspector.inspect(List.of(file.toString()), new Configuration()));
        String all = proposal.summary() + proposal.profile("x");
        assertFalse(all.contains("DUPONT") || all.contains("Jean") || all.contains("MARTIN") || all.contains("Lyon"), all);
        assertTrue(all.contains("column_1"), all);
    }

    @Test
    void whatItCannotJudgeIsSaid() throws IOException {
        assertEquals("file not found: " + dir.resolve("nope.csv"), refusal(dir.resolve("nope.csv")));
        Files.writeString(dir.resolve("d.sql"), "-- MySQL dump 10.13\nSET NAMES utf8mb4;\n");
        assertTrue(refusal(dir.resolve("d.sql")).contains("holds no CREATE TABLE, INSERT or COPY"));
        Files.writeString(dir.resolve("d.json"), "[{\"id\": 1}]\n");
        assertTrue(refusal(dir.resolve("d.json")).contains("looks like a JSON array"));
        Files.write(dir.resolve("d.parquet"), "PAR1xxxxPAR1".getBytes(StandardCharsets.US_ASCII));
        assertTrue(refusal(dir.resolve("d.parquet")).contains("format = parquet"));
        byte[] binary = new byte[5000];
        new Random(1).nextBytes(binary);
        Files.write(dir.resolve("d.bin"), binary);
        assertTrue(refusal(dir.resolve("d.bin")).contains("is not text"));
        Files.writeString(dir.resolve("one.csv"), "a\nb\nc\n", StandardCharsets.UTF_8);
        assertTrue(refusal(dir.resolve("one.csv")).contains("no delimiter"));
    }

    private static String refusal(Path file) {
        return assertThrows(BreachImpactException.class, () -> DumpInspector.inspect(List.of(file.toString()), new Configuration())).getMessage();
    }

    @Test
    void shapesTellKindsApartWithoutTheValue() {
        assertEquals("Aa-Aa", ValueShapes.of("Jean-Pierre"));
        assertEquals("A", ValueShapes.of("DUPONT"));
        assertEquals("dd/dd/dddd", ValueShapes.of("12/05/1980"));
        assertEquals("a.a@a.a", ValueShapes.of("jean.dupont@mail.fr"));
        assertEquals("Aa a a'Aa", ValueShapes.of("Rue de l'Église"));
    }

    /** A mysqldump of accounts and their documents, the documents' part at the end of a file larger than two samples. */
    @Test
    void anSqlDumpGetsItsTablesAndTheirJoinProposedFromItsStartAndItsEnd() throws IOException {
        List<String> values = new ArrayList<>();
        Random random = new Random(3);
        StringBuilder sb = new StringBuilder("-- MySQL dump 10.13\n/*!40101 SET NAMES utf8mb4 */;\n"
                + "CREATE TABLE `comptes` (\n  `id` bigint NOT NULL,\n  `nom` varchar(64),\n  `prenom` varchar(64),\n"
                + "  `date_naissance` varchar(10),\n  `courriel` varchar(128),\n  `mot_de_passe` varchar(64),\n  PRIMARY KEY (`id`)\n);\n"
                + "CREATE TABLE `sessions` (`id` int, `jeton` varchar(32));\nINSERT INTO `sessions` VALUES (1,'abc');\n"
                + "CREATE TABLE `demandes` (\n  `id` varchar(16) NOT NULL,\n  `compte_id` bigint,\n  `type_piece` varchar(32),\n"
                + "  `date_demande` varchar(10)\n);\n");
        int accounts = 60_000;
        for (int i = 0; i < accounts; i++) {
            String email = "p" + i + "@exemple.fr";
            values.add(email);
            sb.append(i % 100 == 0 ? "INSERT INTO `comptes` VALUES " : ",").append('(').append(i).append(",'")
                    .append(SURNAMES[random.nextInt(SURNAMES.length)].replace("'", "\\'")).append("','").append(GIVEN[random.nextInt(GIVEN.length)])
                    .append("','").append(String.format("%d-%02d-%02d", 1940 + random.nextInt(60), 1 + random.nextInt(12), 1 + random.nextInt(28)))
                    .append("','").append(email).append("','$2y$10$").append(i).append("')").append(i % 100 == 99 ? ";\n" : "");
        }
        for (int i = 0; i < 2 * accounts; i++) {
            sb.append(i % 100 == 0 ? "INSERT INTO `demandes` VALUES " : ",").append("('D").append(i).append("',").append(i / 2).append(",'")
                    .append(DOCS[random.nextInt(DOCS.length)].replace("'", "\\'")).append("','20").append(10 + random.nextInt(15))
                    .append("-0").append(1 + random.nextInt(9)).append("-1").append(random.nextInt(9)).append("')")
                    .append(i % 100 == 99 ? ";\n" : "");
        }
        Path file = dir.resolve("agency.sql");
        Files.writeString(file, sb.toString());
        assertTrue(Files.size(file) > 2L * DumpInspector.SAMPLE_BYTES, "the documents are beyond the first sample");
        ProfileProposal proposal = ProfileProposal.of(DumpInspector.inspect(List.of(file.toString()), new Configuration()));
        String summary = proposal.summary();
        String text = proposal.profile("agency-sql");
        for (String v : values.subList(0, 500)) {
            assertFalse(summary.contains(v) || text.contains(v), "a value of the file is printed: " + v);
        }
        assertTrue(summary.contains("SQL dump (mysql)") && summary.contains("records: the rows of demandes, joined to comptes on "
                + "demandes.compte_id = comptes.id") && summary.contains("other tables (ignored, review): [sessions]"), summary);
        Path out = dir.resolve("agency-sql.conf");
        Files.writeString(out, text);
        DumpProfile profile = DumpProfiles.read(out.toFile());
        assertEquals(DumpProfile.Format.SQL, profile.format());
        assertEquals("demandes", profile.sql().records());
        assertEquals("comptes", profile.sql().joined());
        assertEquals(java.util.Set.of("sessions"), profile.sql().ignoredTables());
        assertEquals(List.of("demandes.id"), profile.fields().get("record_id").columns(), text);
        assertEquals(List.of("comptes.nom"), profile.fields().get("surname").columns());
        assertEquals(List.of("comptes.courriel"), profile.fields().get("email").columns());
        assertEquals(List.of("demandes.date_demande"), profile.fields().get("request_date").columns());
        assertEquals("PASSEPORT", profile.fields().get("document_type").apply(new String[] {"Passeport"}));
        assertTrue(profile.ignored().contains("comptes.mot_de_passe"), "an unrecognised column is ignored, for review:\n" + text);
    }

    @Test
    void jsonLinesGetTheirRecordsArrayAndPathsProposed() throws IOException {
        List<String> values = new ArrayList<>();
        StringBuilder sb = new StringBuilder();
        Random random = new Random(5);
        for (int i = 0; i < 400; i++) {
            String email = "u" + i + "@exemple.fr";
            values.add(email);
            sb.append("{\"compte\":\"C").append(i).append("\",\"identite\":{\"nom\":\"").append(SURNAMES[random.nextInt(SURNAMES.length)])
                    .append("\",\"prenoms\":\"").append(GIVEN[random.nextInt(GIVEN.length)]).append("\",\"naissance\":\"")
                    .append(String.format("%02d/%02d/%d", 1 + random.nextInt(28), 1 + random.nextInt(12), 1940 + random.nextInt(60)))
                    .append("\"},\"contact\":{\"email\":\"").append(email).append("\"},\"demandes\":[{\"id\":\"D").append(2 * i)
                    .append("\",\"type\":\"CNI\"},{\"id\":\"D").append(2 * i + 1).append("\",\"type\":\"PASSEPORT\"}]}\n");
        }
        Path file = dir.resolve("export.jsonl");
        Files.writeString(file, sb.toString());
        ProfileProposal proposal = ProfileProposal.of(DumpInspector.inspect(List.of(file.toString()), new Configuration()));
        String summary = proposal.summary();
        String text = proposal.profile("json");
        for (String v : values) {
            assertFalse(summary.contains(v) || text.contains(v), "a value of the file is printed: " + v);
        }
        assertTrue(summary.contains("JSON Lines") && summary.contains("records in the array demandes") && summary.contains("800 records"),
                summary);
        Path out = dir.resolve("json.conf");
        Files.writeString(out, text);
        DumpProfile profile = DumpProfiles.read(out.toFile());
        assertEquals("demandes", profile.recordsPath());
        assertEquals(List.of("demandes.id"), profile.fields().get("record_id").columns(), text);
        assertEquals(List.of("compte"), profile.fields().get("account_id").columns());
        assertEquals(List.of("identite.nom"), profile.fields().get("surname").columns());
        assertEquals(List.of("identite.naissance"), profile.fields().get("birth_date").columns());
        assertEquals(List.of("dd/MM/yyyy"), profile.fields().get("birth_date").dateFormats());
        assertEquals(List.of("demandes.type"), profile.fields().get("document_type").columns());
    }
}
