package io.breachimpact.ingest.profile;

import io.breachimpact.error.BreachImpactException;
import io.breachimpact.model.DumpColumns;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DumpProfilesTest {
    private static final Path CONF = Path.of(System.getProperty("breachimpact.project.root"), "conf", "dumps");

    @TempDir
    Path dir;

    private File write(String text) throws IOException {
        Path f = dir.resolve("p.conf");
        Files.writeString(f, text);
        return f.toFile();
    }

    private String refusal(String text) throws IOException {
        File f = write(text);
        return assertThrows(BreachImpactException.class, () -> DumpProfiles.read(f)).getMessage();
    }

    @Test
    void theDefaultIsTheGeneratorsLayoutAndTheBundledCopyIsTheConfOne() {
        DumpProfile bundled = DumpProfiles.defaultProfile();
        assertTrue(bundled.canonical());
        assertTrue(bundled.utf8() && bundled.repairEncoding() && bundled.header());
        assertEquals(bundled, DumpProfiles.read(CONF.resolve("agency-csv.conf").toFile()));
        assertEquals(DumpColumns.HEADER, bundled.mappedColumns());
    }

    @Test
    void everyProfileInConfDumpsIsValid() throws IOException {
        try (var files = Files.list(CONF)) {
            List<Path> profiles = files.filter(p -> p.toString().endsWith(".conf")).toList();
            assertTrue(profiles.size() >= 2, profiles.toString());
            for (Path p : profiles) {
                DumpProfile profile = DumpProfiles.read(p.toFile());
                assertEquals(p.getFileName().toString(), profile.name() + ".conf", "a profile is named after its file");
            }
        }
    }

    @Test
    void theFrenchProfileReadsItsTransforms() {
        DumpProfile fr = DumpProfiles.read(CONF.resolve("fr-semicolon.conf").toFile());
        assertFalse(fr.canonical());
        assertEquals(';', fr.delimiter());
        assertEquals("windows-1252", fr.encoding().name());
        FieldSource birth = fr.fields().get("birth_date");
        assertEquals("1980-02-29", birth.apply(new String[] {"29/02/1980"}));
        assertEquals("30/02/1980", birth.apply(new String[] {"30/02/1980"}), "an impossible date is passed on as written");
        assertEquals("PASSEPORT", fr.fields().get("document_type").apply(new String[] {" passeport "}));
        assertEquals("Visa", fr.fields().get("document_type").apply(new String[] {"Visa"}), "an unknown value is passed on");
        assertEquals("12 rue Neuve", fr.fields().get("street_address").apply(new String[] {"12", "rue Neuve"}));
        assertEquals("rue Neuve", fr.fields().get("street_address").apply(new String[] {"", "rue Neuve"}));
        assertEquals(List.of("civilite"), List.copyOf(fr.ignored()));
    }

    @Test
    void aFullNameInOneColumnIsSplitOnItsCapitals() {
        FieldSource surname = new FieldSource(List.of("nom_complet"), " ", List.of(), java.util.Map.of(), FieldSource.NamePart.SURNAME_FIRST_SURNAME);
        FieldSource given = new FieldSource(List.of("nom_complet"), " ", List.of(), java.util.Map.of(),
                FieldSource.NamePart.SURNAME_FIRST_GIVEN_NAMES);
        assertEquals("LE GALL", surname.apply(new String[] {"LE GALL Marie Anne"}));
        assertEquals("Marie Anne", given.apply(new String[] {"LE GALL Marie Anne"}));
        assertEquals("Dupont", surname.apply(new String[] {"Dupont Jean"}), "no capitals: the first word");
        assertEquals("Jean", given.apply(new String[] {"Dupont Jean"}));
        FieldSource last = new FieldSource(List.of("n"), " ", List.of(), java.util.Map.of(), FieldSource.NamePart.GIVEN_FIRST_SURNAME);
        assertEquals("DE LA FONTAINE", last.apply(new String[] {"Jean DE LA FONTAINE"}));
        assertNull(given.apply(new String[] {"DUPONT"}));
    }

    @Test
    void mistakesAreNamedWithTheirFileAndLine() throws IOException {
        String base = "name = p\nfields { record_id = id }\n";
        assertTrue(refusal(base + "delimitd { delimiter = \";\" }\n").matches("(?s).*unknown key 'delimitd'.*p\\.conf: 3.*"),
                refusal(base + "delimitd { delimiter = \";\" }\n"));
        assertTrue(refusal("name = p\nfields {\n record_id = id\n surnom = nom\n}\n").matches("(?s).*unknown field 'surnom'.*p\\.conf: 4.*"));
        assertTrue(refusal("name = p\nfields {\n record_id = id\n birth_date { column = d, date-formats = [\"dd/bb/yyyy\"] }\n}\n")
                .contains("is not a date pattern"));
        assertTrue(refusal("name = p\nfields {\n record_id = id\n document_type { column = t, values { Visa = visa } }\n}\n")
                .contains("'visa' is not a document type"));
        assertTrue(refusal("name = p\nfields { surname = nom }\n").contains("fields.record_id is missing"));
        assertTrue(refusal(base + "delimited { header = false }\n").contains("delimited.columns must name the columns"));
        assertTrue(refusal(base + "delimited { delimiter = \";;\" }\n").contains("must be one character"));
        assertTrue(refusal(base + "encoding = klingon\n").contains("is not an encoding"));
        assertTrue(refusal(base + "format = xml\n").contains("must be 'delimited'"));
        assertTrue(refusal("name = p\nfields {\n record_id { column = a, columns = [b] }\n}\n").contains("exactly one of"));
        assertTrue(refusal(base + "delimited { delimiter = \"'\", quote = \"'\" }\n").contains("is the delimiter too"));
        assertTrue(refusal("name = p\nformat = jsonl\njsonl { records = docs }\nfields { record_id = id }\n")
                .contains("must be read inside jsonl.records"));
        assertTrue(refusal("name = p\nformat = jsonl\nencoding = windows-1252\nfields { record_id = id }\n").contains("must be UTF-8"));
    }

    @Test
    void theFingerprintIsWhatChangesTheReadingNotTheWords() throws IOException {
        String fields = "fields { record_id = id, surname = nom }\n";
        String a = DumpProfiles.read(write("name = p\ndescription = one\n" + fields)).fingerprint();
        assertEquals(a, DumpProfiles.read(write("name = q\ndescription = two\n" + fields)).fingerprint());
        org.junit.jupiter.api.Assertions.assertNotEquals(a, DumpProfiles.read(write("name = p\nfields { record_id = id, surname = nom2 }\n"))
                .fingerprint());
    }

    @Test
    void aHeaderlessFileNamesItsColumnsInTheProfile() throws IOException {
        DumpProfile p = DumpProfiles.read(write("name = p\ndelimited { header = false, columns = [ID, NOM, X], delimiter = tab }\n"
                + "fields { record_id = id, surname = nom }\n"));
        assertFalse(p.header());
        assertEquals('\t', p.delimiter());
        assertEquals(Arrays.asList("id", "nom", "x"), p.columns());
        assertTrue(refusal("name = p\ndelimited { header = false, columns = [ID] }\nfields { record_id = id, surname = nom }\n")
                .contains("reads column(s) [nom] that delimited.columns does not list"));
    }

    @Test
    void anSqlProfileNamesItsDialectAndTablesAndReadsTableColumns() throws IOException {
        DumpProfile sql = DumpProfiles.read(CONF.resolve("agency-sql.conf").toFile());
        assertEquals(DumpProfile.Format.SQL, sql.format());
        assertEquals("documents", sql.sql().records());
        assertEquals("accounts", sql.sql().joined());
        assertFalse(sql.repairEncoding(), "an SQL dump's rows span lines: no per-line repair");
        String base = "name = x\nformat = sql\n";
        String fields = "fields { record_id = documents.id, surname = accounts.surname }\n";
        assertTrue(refusal(base + fields).contains("the sql block must name the dialect"));
        assertTrue(refusal(base + "sql { records = documents }\n" + fields).contains("dialect = mysql"));
        String refused = refusal(base + "sql { dialect = mysql, records = documents }\n" + fields);
        assertTrue(refused.contains("must read table.column from documents") && refused.contains("surname = accounts.surname"), refused);
        assertTrue(refusal(base + "sql { dialect = mysql, records = documents, join { table = accounts, key = id } }\n" + fields)
                .contains("'on' is missing"));
        assertTrue(refusal(base + "sql { dialect = pg_dump, records = accounts, join { table = documents, key = a, on = id } }\n" + fields)
                .contains("fields.record_id"));
        assertTrue(refusal(base + "delimited { delimiter = \";\" }\nsql { dialect = mysql, records = documents }\n" + fields)
                .contains("applies to delimited text"));
    }
}
