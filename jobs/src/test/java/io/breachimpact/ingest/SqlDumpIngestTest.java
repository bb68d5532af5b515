package io.breachimpact.ingest;

import io.breachimpact.ingest.profile.DumpProfiles;
import io.breachimpact.testing.Ingest;
import io.breachimpact.testing.SharedSpark;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A pg_dump written by hand (COPY blocks, INSERTs, a table that is not read, a document without its
 * account, an account without documents, a row cut short) read through a profile: every row ends in
 * one record or joined into one, and the counts reconcile.
 */
public class SqlDumpIngestTest {
    public static final String PROFILE = """
            name = agency-pg
            format = sql
            sql {
              dialect = postgresql
              records = demandes
              join { table = comptes, key = id, on = compte_id }
              ignored-tables = [sessions]
            }
            ignored-columns = [comptes.mot_de_passe]
            fields {
              record_id = demandes.id
              account_id = comptes.numero
              surname = comptes.nom
              given_names = comptes.prenoms
              birth_date { column = comptes.naissance, date-formats = ["yyyy-MM-dd"] }
              email = comptes.courriel
              street_address = comptes.adresse
              postal_code = comptes.code_postal
              city = comptes.commune
              document_type { column = demandes.piece, values { "passeport" = passport, "cni" = national-id-card } }
              request_date = demandes.le
            }
            """;

    public static final String DUMP = """
            --
            -- PostgreSQL database dump
            --
            SET client_encoding = 'UTF8';
            CREATE TABLE public.comptes (
                id integer NOT NULL,
                numero text,
                nom text,
                prenoms text,
                naissance date,
                courriel text,
                adresse text,
                code_postal character varying(5),
                commune text,
                mot_de_passe text
            );
            CREATE TABLE public.demandes (
                id text NOT NULL,
                compte_id integer,
                piece text,
                le date
            );
            CREATE TABLE public.sessions (id integer, jeton text);
            COPY public.comptes (id, numero, nom, prenoms, naissance, courriel, adresse, code_postal, commune, mot_de_passe) FROM stdin;
            1\tA-001\tDupont\tJeanne\t1980-02-03\tjeanne.dupont@example.fr\t3 rue des Lilas\t75011\tParis\t$2y$10$a
            2\tA-002\tMartin\tPaul\t\\N\t\\N\t12 avenue Foch\t69006\tLyon\t$2y$10$b
            3\tA-003\tBernard\tLéa\t1991-07-14\tlea.b@example.fr\t\\N\t\\N\t\\N\t\\N
            \\.
            COPY public.sessions (id, jeton) FROM stdin;
            1\tabc
            2\tdef
            \\.
            INSERT INTO public.demandes VALUES ('D1', 1, 'passeport', '2024-01-05');
            INSERT INTO public.demandes VALUES ('D2', 1, 'cni', '2024-03-01');
            INSERT INTO public.demandes VALUES ('D3', 3, 'cni', '2023-11-20');
            INSERT INTO public.demandes VALUES ('D4', 9, 'cni', '2023-11-21');
            INSERT INTO public.demandes VALUES ('D5', 1, 'passeport', '2024-05-06'
            """;

    @TempDir
    Path dir;

    @BeforeAll
    static void session() {
        SharedSpark.spark();
    }

    private Path write(String name, String text) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        return f;
    }

    @Test
    void everyRowEndsInOneRecordOrJoinedIntoRecordsAndTheCountsReconcile() throws IOException {
        Path dump = write("agency.sql", DUMP);
        Ingest ingest = new Ingest(dir.resolve("lake"));
        IngestJob.Result result = ingest.ingest(DumpProfiles.read(write("pg.conf", PROFILE).toFile()), "b1", dump);

        Reconciliation.FileCounts counts = result.reconciliation().files().get(0);
        assertEquals(8, counts.rowsRead(), "3 accounts and 5 documents (the sessions are not records)");
        assertEquals(2, counts.joined(), "accounts 1 and 3 are in their documents' records");
        assertEquals(6, counts.read());
        assertEquals(6, counts.bronze());
        assertTrue(result.reconciliation().balanced(), result.reconciliation().render());

        Map<String, Row> silver = ingest.silver().collectAsList().stream().collect(Collectors.toMap(r -> r.getAs("record_id"), r -> r,
                (a, b) -> a));
        assertEquals(List.of("D1", "D2", "D3"), silver.keySet().stream().sorted().toList().subList(0, 3));
        Row d2 = silver.get("D2");
        assertEquals("Dupont", d2.<String>getAs("surname"));
        assertEquals("A-001", d2.<String>getAs("account_id"));
        assertEquals("jeanne.dupont@example.fr", d2.getAs("email"));
        assertEquals("1980-02-03", String.valueOf(d2.<Object>getAs("birth_date")));
        // Account 2 has no document: it is a record of its own, kept on its name and address.
        assertEquals(1, ingest.silver().filter(col("account_id").equalTo("A-002")).count());

        Map<String, Long> quarantined = ingest.quarantine().collectAsList().stream()
                .flatMap(r -> r.<String>getList(r.fieldIndex("reasons")).stream()).collect(Collectors.groupingBy(r -> r, Collectors.counting()));
        assertEquals(Map.of("JOIN_KEY_NOT_FOUND", 1L, "MALFORMED_SQL", 1L), quarantined);
        assertEquals(4, ingest.silver().count());
    }

    @Test
    void aProfileWithoutAJoinReadsOneTablesRowsAsRecords() throws IOException {
        String oneTable = """
                name = comptes-seuls
                format = sql
                sql { dialect = postgresql, records = comptes, ignored-tables = [demandes, sessions] }
                ignored-columns = [comptes.id, comptes.mot_de_passe]
                fields {
                  record_id = comptes.numero
                  surname = comptes.nom
                  given_names = comptes.prenoms
                  birth_date = comptes.naissance
                  email = comptes.courriel
                  street_address = comptes.adresse
                  postal_code = comptes.code_postal
                  city = comptes.commune
                }
                """;
        Ingest ingest = new Ingest(dir.resolve("lake1"));
        IngestJob.Result result = ingest.ingest(DumpProfiles.read(write("one.conf", oneTable).toFile()), "b1", write("agency.sql", DUMP));
        assertTrue(result.reconciliation().balanced(), result.reconciliation().render());
        assertEquals(3, result.reconciliation().total(Reconciliation.FileCounts::read));
        assertEquals(3, ingest.silver().count());
    }
}
