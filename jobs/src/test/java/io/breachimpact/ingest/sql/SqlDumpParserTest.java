package io.breachimpact.ingest.sql;

import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SqlDumpParserTest {

    private static List<SqlDumpParser.Event> parse(String dump, SqlDialect dialect) {
        SqlDumpParser parser = new SqlDumpParser(new StringReader(dump), dialect);
        List<SqlDumpParser.Event> events = new ArrayList<>();
        for (SqlDumpParser.Event e = parser.next(); e != null; e = parser.next()) {
            events.add(e);
        }
        return events;
    }

    private static List<SqlDumpParser.Row> rows(List<SqlDumpParser.Event> events) {
        return events.stream().filter(e -> e instanceof SqlDumpParser.Row).map(e -> (SqlDumpParser.Row) e).toList();
    }

    @Test
    void aMysqldumpGivesItsTablesColumnsAndEveryRowOfItsExtendedInserts() {
        String dump = """
                -- MySQL dump 10.13
                /*!40101 SET NAMES utf8mb4 */;
                DROP TABLE IF EXISTS `accounts`;
                CREATE TABLE `accounts` (
                  `id` bigint NOT NULL,
                  `surname` varchar(128) DEFAULT NULL COMMENT 'a (comment), with; punctuation',
                  `amount` decimal(10,2) DEFAULT '0.00',
                  `kind` enum('a','b') DEFAULT NULL,
                  PRIMARY KEY (`id`),
                  KEY `idx` (`surname`),
                  CONSTRAINT `fk` FOREIGN KEY (`id`) REFERENCES `x` (`id`)
                ) ENGINE=InnoDB;
                LOCK TABLES `accounts` WRITE;
                INSERT INTO `accounts` VALUES (1,'L\\'Haÿ-les-Roses',12.50,'a'),(2,'two\\nlines \\\\ back',NULL,_utf8mb4'b'),
                (3,'O''Neil','-1',"dq");
                # a MySQL comment
                UNLOCK TABLES;
                """;
        List<SqlDumpParser.Event> events = parse(dump, SqlDialect.MYSQL);
        SqlDumpParser.Columns columns = (SqlDumpParser.Columns) events.get(0);
        assertEquals("accounts", columns.table());
        assertEquals(List.of("id", "surname", "amount", "kind"), columns.names());
        assertEquals(4, columns.line());
        List<SqlDumpParser.Row> rows = rows(events);
        assertEquals(3, rows.size());
        assertEquals(List.of("1", "L'Haÿ-les-Roses", "12.50", "a"), rows.get(0).values());
        assertEquals(Arrays.asList("2", "two\nlines \\ back", null, "b"), rows.get(1).values());
        assertEquals(List.of("3", "O'Neil", "-1", "dq"), rows.get(2).values());
        assertEquals(14, rows.get(0).line());
        assertEquals(15, rows.get(2).line());
        assertNull(rows.get(0).columns(), "the INSERT names no columns");
    }

    @Test
    void aPgDumpGivesTheRowsOfItsCopyBlocksAndItsInserts() {
        String dump = """
                --
                -- PostgreSQL database dump
                --
                \\restrict abc
                SET standard_conforming_strings = on;
                CREATE FUNCTION public.touch() RETURNS trigger LANGUAGE plpgsql AS $_$
                BEGIN NEW.x := 'it''s; done'; RETURN NEW; END; $_$;
                CREATE TABLE public.accounts (
                    id bigint NOT NULL,
                    "Surname" text,
                    city character varying(64)
                );
                COPY public.accounts (id, "Surname", city) FROM stdin;
                1\tDupont\tParis
                2\t\\N\tSaint-\\tÉtienne\\\\x
                \\.
                INSERT INTO public.accounts VALUES (3, 'C:\\dir', NULL);
                INSERT INTO public.accounts (id, "Surname", city) VALUES (4, E'l\\'Île\\n', '2024-01-02'::date);
                """;
        List<SqlDumpParser.Event> events = parse(dump, SqlDialect.POSTGRESQL);
        assertEquals(List.of("id", "surname", "city"), ((SqlDumpParser.Columns) events.get(0)).names());
        List<SqlDumpParser.Row> rows = rows(events);
        assertEquals(4, rows.size(), rows.toString());
        assertEquals(List.of("1", "Dupont", "Paris"), rows.get(0).values());
        assertEquals(List.of("id", "surname", "city"), rows.get(0).columns());
        assertEquals(Arrays.asList("2", null, "Saint-\tÉtienne\\x"), rows.get(1).values());
        assertEquals(15, rows.get(1).line());
        assertEquals(Arrays.asList("3", "C:\\dir", null), rows.get(2).values(), "a backslash is a backslash in a standard string");
        assertEquals(List.of("4", "l'Île\n", "2024-01-02"), rows.get(3).values());
        assertEquals("accounts", rows.get(3).table());
    }

    @Test
    void aRowThatCannotBeReadIsReturnedWithItsProblemAndTheNextRowsAreRead() {
        String dump = "INSERT INTO t VALUES (1,'a'),(2,,'b'),(3,'c');\nINSERT INTO t VALUES (4,'d');\n";
        List<SqlDumpParser.Row> rows = rows(parse(dump, SqlDialect.MYSQL));
        assertEquals(4, rows.size(), rows.toString());
        assertNull(rows.get(1).values());
        assertNotNull(rows.get(1).problem());
        assertTrue(rows.get(1).text().startsWith("(2,,"), rows.get(1).text());
        assertEquals(List.of("3", "c"), rows.get(2).values());
        assertEquals(List.of("4", "d"), rows.get(3).values());
    }

    @Test
    void aDumpCutInsideARowEndsWithThatRowsProblem() {
        String dump = "INSERT INTO t VALUES (1,'a'),(2,'unfinished";
        List<SqlDumpParser.Row> rows = rows(parse(dump, SqlDialect.MYSQL));
        assertEquals(2, rows.size());
        assertEquals(List.of("1", "a"), rows.get(0).values());
        assertEquals("the dump ends inside this row", rows.get(1).problem());
        assertEquals("(2,'unfinished", rows.get(1).text());
    }

    @Test
    void aByteOrderMarkAndStatementsItDoesNotReadAreSkipped() {
        String dump = "\uFEFF-- dump\nSET x = 'a;b';\nCREATE INDEX i ON t (a);\nINSERT INTO t SELECT * FROM u;\nINSERT INTO t VALUES ('x')"
                + " ON DUPLICATE KEY UPDATE a = 'y';\n";
        List<SqlDumpParser.Row> rows = rows(parse(dump, SqlDialect.MYSQL));
        assertEquals(2, rows.size());
        assertTrue(rows.get(0).problem().contains("without VALUES"), "INSERT … SELECT: rows the dump does not hold, said");
        assertEquals(List.of("x"), rows.get(1).values());
    }

    @Test
    void aBrokenQuoteCostsItsOwnRowOnlyAndTheRowsAfterItAreRead() {
        String dump = "INSERT INTO accounts VALUES (1,'O'Brien','x'),(2,'Ann','y'),,(3,'Bob','z');\nINSERT INTO accounts VALUES (4,'Eve','w');\n";
        List<SqlDumpParser.Row> rows = rows(parse(dump, SqlDialect.MYSQL));
        assertEquals(List.of("bad", "2", "bad", "3", "4"), rows.stream().map(r -> r.values() == null ? "bad" : r.values().get(0)).toList(),
                rows.toString());
        assertTrue(rows.get(0).text().startsWith("(1,'O'Brien'"), rows.get(0).text());
    }

    @Test
    void pgDumpForms() {
        String dump = """
                CREATE TABLE public.t (
                    key text,
                    index integer,
                    CONSTRAINT t_pk PRIMARY KEY (key)
                );
                INSERT INTO public.t (key, index) OVERRIDING SYSTEM VALUE VALUES (E'caf\\xe9 \\101\\u00e9', 1);
                INSERT INTO public.t DEFAULT VALUES;
                COPY public.t (key, index) FROM stdin;
                a	1
                b	2""";
        List<SqlDumpParser.Event> events = parse(dump, SqlDialect.POSTGRESQL);
        assertEquals(List.of("key", "index"), ((SqlDumpParser.Columns) events.get(0)).names(), "pg_dump leaves non-reserved names bare");
        List<SqlDumpParser.Row> rows = rows(events);
        assertEquals(List.of("caf\u00e9 A\u00e9", "1"), rows.get(0).values());
        assertNull(rows.get(1).values(), "an INSERT without VALUES is a row said, not skipped");
        assertTrue(rows.get(1).problem().contains("without VALUES"), rows.get(1).problem());
        assertEquals(List.of("a", "1"), rows.get(2).values());
        assertNull(rows.get(3).values(), "a COPY line cut by the end of the file");
        assertEquals("the dump ends inside this row", rows.get(3).problem());
    }

    @Test
    void routinesUnderAnotherDelimiterHoldNoRows() {
        String dump = "DELIMITER ;;\nCREATE PROCEDURE p(IN x INT) BEGIN INSERT INTO documents VALUES (x, 'y'); END ;;\nDELIMITER ;\n"
                + "INSERT INTO documents VALUES (1,'a') AS new ON DUPLICATE KEY UPDATE b = new.b;\n";
        List<SqlDumpParser.Row> rows = rows(parse(dump, SqlDialect.MYSQL));
        assertEquals(1, rows.size(), rows.toString());
        assertEquals(List.of("1", "a"), rows.get(0).values());
    }
}
