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
        Files.writeString(dir.resolve("d.sql"), "-- MySQL dump 10.13\nINSERT INTO accounts VALUES (1,'x');\n");
        assertTrue(refusal(dir.resolve("d.sql")).contains("looks like an SQL dump"));
        Files.writeString(dir.resolve("d.jsonl"), "{\"id\": 1}\n");
        assertTrue(refusal(dir.resolve("d.jsonl")).contains("looks like JSON"));
        Files.writeString(dir.resolve("bom.jsonl"), "\uFEFF{\"id\": 1}\n");
        assertTrue(refusal(dir.resolve("bom.jsonl")).contains("looks like JSON"), "a byte-order mark does not hide JSON");
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
}
