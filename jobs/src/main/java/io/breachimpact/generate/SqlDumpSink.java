package io.breachimpact.generate;

import io.breachimpact.model.DumpColumns;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The same records as a mysqldump of the agency's database ({@link DumpLayout#AGENCY_SQL}): two tables,
 * {@code accounts} (one row per account as the records give it: consecutive records whose account fields
 * are all equal share one, any difference starts another, with its own surrogate id) and
 * {@code documents} (one row per record, pointing to its account row), each created and then filled by
 * extended INSERTs of {@link #ROWS_PER_INSERT} rows, all of the accounts before the documents, as
 * mysqldump writes a database. The line-level dirt of a CSV export has no meaning here: its random
 * draws are made (so that the population is the same in every layout) and the truth does not claim it.
 */
final class SqlDumpSink implements DumpSink {
    static final int ROWS_PER_INSERT = 100;
    private static final int[] ACCOUNT_FIELDS = {DumpColumns.ACCOUNT_ID, DumpColumns.SURNAME, DumpColumns.GIVEN_NAMES,
        DumpColumns.BIRTH_DATE, DumpColumns.EMAIL, DumpColumns.PHONE, DumpColumns.STREET_ADDRESS, DumpColumns.POSTAL_CODE, DumpColumns.CITY};

    private final OutputStream out;
    private final DirtInjector dirt;
    /** The documents wait in a local file until every account is written. */
    private final Path documentsFile;
    private final OutputStream documents;
    private final Inserts accountRows;
    private final Inserts documentRows;
    private final long firstId;
    private long accounts;
    private String[] account;

    SqlDumpSink(OutputStream out, DirtInjector dirt, int file) throws IOException {
        this.out = out;
        this.dirt = dirt;
        this.firstId = (file + 1L) * 1_000_000_000L;
        this.documentsFile = Files.createTempFile("breach-impact-documents-", ".sql");
        this.documents = new BufferedOutputStream(Files.newOutputStream(documentsFile), 1 << 20);
        this.accountRows = new Inserts(out, "accounts");
        this.documentRows = new Inserts(documents, "documents");
        write(out, """
                -- MySQL dump 10.13  Distrib 8.0.36, for Linux (x86_64)
                --
                -- Host: localhost    Database: agency
                -- ------------------------------------------------------
                -- Server version\t8.0.36

                /*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */;
                /*!50503 SET NAMES utf8mb4 */;
                /*!40103 SET @OLD_TIME_ZONE=@@TIME_ZONE */;
                /*!40103 SET TIME_ZONE='+00:00' */;
                /*!40014 SET @OLD_UNIQUE_CHECKS=@@UNIQUE_CHECKS, UNIQUE_CHECKS=0 */;

                --
                -- Table structure for table `accounts`
                --

                DROP TABLE IF EXISTS `accounts`;
                /*!40101 SET @saved_cs_client     = @@character_set_client */;
                /*!50503 SET character_set_client = utf8mb4 */;
                CREATE TABLE `accounts` (
                  `id` bigint NOT NULL,
                  `account_number` varchar(32) DEFAULT NULL,
                  `surname` varchar(128) DEFAULT NULL,
                  `given_names` varchar(128) DEFAULT NULL,
                  `birth_date` varchar(32) DEFAULT NULL COMMENT 'as typed: not always a date',
                  `email` varchar(255) DEFAULT NULL,
                  `phone` varchar(32) DEFAULT NULL,
                  `street` varchar(255) DEFAULT NULL,
                  `postal_code` varchar(10) DEFAULT NULL,
                  `city` varchar(128) DEFAULT NULL,
                  PRIMARY KEY (`id`),
                  KEY `idx_account_number` (`account_number`)
                ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_ai_ci;
                /*!40101 SET character_set_client = @saved_cs_client */;

                --
                -- Dumping data for table `accounts`
                --

                LOCK TABLES `accounts` WRITE;
                /*!40000 ALTER TABLE `accounts` DISABLE KEYS */;
                """);
    }

    @Override
    public void write(DumpRecord r) throws IOException {
        dirt.lineDirtWithoutLines(r);
        String[] f = r.fields;
        if (account == null || !sameAccount(account, f)) {
            account = f.clone();
            accounts++;
            accountRows.row(String.valueOf(firstId + accounts), f[DumpColumns.ACCOUNT_ID], f[DumpColumns.SURNAME], f[DumpColumns.GIVEN_NAMES],
                    f[DumpColumns.BIRTH_DATE], f[DumpColumns.EMAIL], f[DumpColumns.PHONE], f[DumpColumns.STREET_ADDRESS],
                    f[DumpColumns.POSTAL_CODE], f[DumpColumns.CITY]);
        }
        documentRows.row(f[DumpColumns.RECORD_ID], String.valueOf(firstId + accounts), f[DumpColumns.DOCUMENT_TYPE],
                f[DumpColumns.DOCUMENT_NUMBER], f[DumpColumns.REQUEST_DATE]);
    }

    private static boolean sameAccount(String[] a, String[] b) {
        for (int f : ACCOUNT_FIELDS) {
            if (!Objects.equals(a[f], b[f])) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        try {
            accountRows.end();
            documentRows.end();
            documents.close();
            write(out, """
                    /*!40000 ALTER TABLE `accounts` ENABLE KEYS */;
                    UNLOCK TABLES;

                    --
                    -- Table structure for table `documents`
                    --

                    DROP TABLE IF EXISTS `documents`;
                    CREATE TABLE `documents` (
                      `id` varchar(32) NOT NULL,
                      `account_id` bigint NOT NULL,
                      `type` varchar(8) DEFAULT NULL,
                      `number` varchar(32) DEFAULT NULL,
                      `requested_on` varchar(32) DEFAULT NULL,
                      PRIMARY KEY (`id`),
                      KEY `fk_documents_account` (`account_id`),
                      CONSTRAINT `fk_documents_account` FOREIGN KEY (`account_id`) REFERENCES `accounts` (`id`)
                    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_ai_ci;

                    --
                    -- Dumping data for table `documents`
                    --

                    LOCK TABLES `documents` WRITE;
                    /*!40000 ALTER TABLE `documents` DISABLE KEYS */;
                    """);
            try (InputStream in = Files.newInputStream(documentsFile)) {
                in.transferTo(out);
            }
            write(out, """
                    /*!40000 ALTER TABLE `documents` ENABLE KEYS */;
                    UNLOCK TABLES;
                    /*!40103 SET TIME_ZONE=@OLD_TIME_ZONE */;
                    /*!40014 SET UNIQUE_CHECKS=@OLD_UNIQUE_CHECKS */;
                    /*!40101 SET CHARACTER_SET_CLIENT=@OLD_CHARACTER_SET_CLIENT */;

                    -- Dump completed
                    """);
            out.close();
        } finally {
            Files.deleteIfExists(documentsFile);
        }
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Rows as mysqldump's extended INSERTs: many rows per statement, one statement per line. */
    private static final class Inserts {
        private final OutputStream out;
        private final String head;
        private final StringBuilder line = new StringBuilder(1 << 14);
        private int rows;

        Inserts(OutputStream out, String table) {
            this.out = out;
            this.head = "INSERT INTO `" + table + "` VALUES ";
        }

        void row(String... values) throws IOException {
            line.append(rows == 0 ? head : ",").append('(');
            for (int i = 0; i < values.length; i++) {
                if (i > 0) {
                    line.append(',');
                }
                literal(values[i]);
            }
            line.append(')');
            if (++rows == ROWS_PER_INSERT) {
                end();
            }
        }

        /** NULL for an empty value, else a quoted string with mysqldump's escapes. */
        private void literal(String v) {
            if (v == null || v.isEmpty()) {
                line.append("NULL");
                return;
            }
            line.append('\'');
            for (int i = 0; i < v.length(); i++) {
                char c = v.charAt(i);
                switch (c) {
                    case '\'' -> line.append("\\'");
                    case '"' -> line.append("\\\"");
                    case '\\' -> line.append("\\\\");
                    case '\n' -> line.append("\\n");
                    case '\r' -> line.append("\\r");
                    case '\0' -> line.append("\\0");
                    case '\u001A' -> line.append("\\Z");
                    default -> line.append(c);
                }
            }
            line.append('\'');
        }

        void end() throws IOException {
            if (rows > 0) {
                line.append(";\n");
                out.write(line.toString().getBytes(StandardCharsets.UTF_8));
                line.setLength(0);
                rows = 0;
            }
        }
    }
}
