package io.breachimpact.ingest.inspect;

import io.breachimpact.ingest.profile.DumpProfile;
import io.breachimpact.ingest.sql.SqlDialect;
import io.breachimpact.ingest.sql.SqlDumpParser;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The tables of an SQL dump sample, and how they make records: the table that points to another by a
 * key (documents.account_id → accounts.id) holds the records and the other is joined to it; a key is
 * recognised by its values (nearly all of one column's values are another's, whose values are distinct)
 * or, when the sample holds one table's rows only, by its name ({@code account_id} → {@code accounts.id}).
 */
final class SqlDumpSample {
    /** A table as sampled: its columns, and its rows read (up to a limit). */
    record Table(String name, List<String> columns, List<List<String>> rows) {
    }

    private static final int MAX_ROWS = 20_000;

    private SqlDumpSample() {
    }

    static SqlDialect dialect(String head) {
        boolean postgres = head.contains("PostgreSQL database dump") || head.contains("SET standard_conforming_strings")
                || (head.contains("COPY ") && head.contains("FROM stdin")) || head.contains("pg_catalog.");
        return postgres ? SqlDialect.POSTGRESQL : SqlDialect.MYSQL;
    }

    /** The tables the texts create or fill, in the order met; rows that cannot be read are left out. */
    static Map<String, Table> tables(List<String> texts, SqlDialect dialect) {
        Map<String, Table> tables = new LinkedHashMap<>();
        for (String text : texts) {
            SqlDumpParser parser = new SqlDumpParser(new StringReader(text), dialect);
            for (SqlDumpParser.Event e = parser.next(); e != null; e = parser.next()) {
                if (e instanceof SqlDumpParser.Columns c) {
                    tables.computeIfAbsent(c.table(), t -> new Table(t, new ArrayList<>(c.names()), new ArrayList<>()));
                } else if (e instanceof SqlDumpParser.Row r && r.values() != null) {
                    Table t = tables.computeIfAbsent(r.table(), n -> new Table(n, new ArrayList<>(), new ArrayList<>()));
                    if (t.columns().isEmpty() && r.columns() != null) {
                        t.columns().addAll(r.columns());
                    }
                    int width = !t.columns().isEmpty() ? t.columns().size() : t.rows().isEmpty() ? r.values().size() : t.rows().get(0).size();
                    if (t.rows().size() < MAX_ROWS && r.values().size() == width) {
                        t.rows().add(r.values());
                    }
                }
            }
        }
        for (Table t : tables.values()) {
            if (t.columns().isEmpty() && !t.rows().isEmpty()) {
                for (int i = 1; i <= t.rows().get(0).size(); i++) {
                    t.columns().add("column_" + i); // INSERTs without names in a dump without CREATE TABLE: sql.columns to fill
                }
            }
        }
        return tables;
    }

    /** Which table holds the records, and which is joined to it on which key. */
    static Structure structure(Map<String, Table> tables, SqlDialect dialect) {
        String[] best = null;
        int bestScore = 0;
        for (Table a : tables.values()) {
            for (int c = 0; c < a.columns().size(); c++) {
                for (Table b : tables.values()) {
                    if (b == a) {
                        continue;
                    }
                    for (int k = 0; k < b.columns().size(); k++) {
                        int score = keyScore(a, c, b, k);
                        if (score > bestScore || (score == bestScore && score > 0 && a.rows().size() > tables.get(best[0]).rows().size())) {
                            bestScore = score;
                            best = new String[] {a.name(), a.columns().get(c), b.name(), b.columns().get(k)};
                        }
                    }
                }
            }
        }
        String records;
        String joined = null;
        String on = null;
        String key = null;
        if (best != null) {
            records = best[0];
            on = best[1];
            joined = best[2];
            key = best[3];
        } else {
            records = tables.values().stream().max(java.util.Comparator.comparingInt((Table t) -> t.rows().size()))
                    .map(Table::name).orElse(null);
        }
        List<String> others = new ArrayList<>();
        for (String t : tables.keySet()) {
            if (!t.equals(records) && !t.equals(joined)) {
                others.add(t);
            }
        }
        Set<String> keys = new HashSet<>();
        if (joined != null) {
            keys.add(records + "." + on);
            keys.add(joined + "." + key);
        }
        return new Structure(DumpProfile.Format.SQL, null, dialect, records, joined, key, on, others, keys);
    }

    /** 3: a's column's values are b's column's (distinct) values; 2: named after b, and b has an id; else 0. */
    private static int keyScore(Table a, int c, Table b, int k) {
        Set<String> keys = new HashSet<>();
        boolean distinct = true;
        for (List<String> row : b.rows()) {
            String v = row.get(k);
            if (v != null) {
                distinct &= keys.add(v);
            }
        }
        int present = 0;
        int found = 0;
        for (List<String> row : a.rows()) {
            String v = row.get(c);
            if (v != null) {
                present++;
                found += keys.contains(v) ? 1 : 0;
            }
        }
        if (distinct && keys.size() >= 5 && present >= 5 && found * 10 >= present * 9 && !(a.columns().get(c).equals("id")
                && b.columns().get(k).equals("id"))) {
            return 3;
        }
        String column = a.columns().get(c);
        String singular = b.name().endsWith("s") ? b.name().substring(0, b.name().length() - 1) : b.name();
        boolean named = column.equals(singular + "_id") || column.equals(b.name() + "_id") || column.equals("id_" + singular);
        return named && b.columns().get(k).equals("id") ? 2 : 0;
    }
}
