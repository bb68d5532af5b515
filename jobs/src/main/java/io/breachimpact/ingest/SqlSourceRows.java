package io.breachimpact.ingest;

import io.breachimpact.error.BreachImpactException;
import io.breachimpact.ingest.profile.DumpProfile;
import io.breachimpact.ingest.profile.SqlTables;
import io.breachimpact.ingest.sql.SqlDumpParser;

import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * The rows of one SQL dump file that the profile reads, placed where the profile's columns are. A row of a
 * table the profile neither reads nor ignores stops the ingest (its rows would otherwise be lost
 * unseen), as does a table whose columns the dump does not name.
 */
final class SqlSourceRows implements Iterator<SourceRow> {
    private final String file;
    private final SqlDumpParser parser;
    private final SqlTables tables;
    private final List<String> mapped;
    private final java.util.Set<String> ignored;
    private final boolean utf8;
    private final Map<String, List<String>> created = new HashMap<>();
    private SourceRow pending;
    private long rows;
    /** The placement of the last column list seen: rows of one statement share it. */
    private List<String> lastColumns;
    private String lastTable;
    private int[] lastSlots;
    private int lastKey;

    SqlSourceRows(String file, SqlDumpParser parser, DumpProfile profile) {
        this.file = file;
        this.parser = parser;
        this.tables = profile.sql();
        this.mapped = profile.mappedColumns();
        this.ignored = profile.ignored();
        this.utf8 = profile.utf8() || profile.transcoded();
    }

    /** Rows read of the tables the profile reads. */
    long rows() {
        return rows;
    }

    long line() {
        return parser.line();
    }

    @Override
    public boolean hasNext() {
        while (pending == null) {
            SqlDumpParser.Event event = parser.next();
            if (event == null) {
                return false;
            }
            if (event instanceof SqlDumpParser.Columns c) {
                created.put(c.table(), c.names());
                if (tables.reads(c.table())) {
                    placement(c.table(), c.names(), c.line(), "its CREATE TABLE");
                }
            } else if (event instanceof SqlDumpParser.Row r) {
                pending = row(r);
            }
        }
        return true;
    }

    @Override
    public SourceRow next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        SourceRow r = pending;
        pending = null;
        return r;
    }

    private SourceRow row(SqlDumpParser.Row r) {
        if (tables.ignoredTables().contains(r.table())) {
            return null;
        }
        if (!tables.reads(r.table())) {
            throw BreachImpactException.badInput(file + " line " + r.line() + ": rows of table '" + r.table() + "', which the dump "
                    + "profile neither reads (sql.records, sql.join.table) nor ignores (sql.ignored-tables): list it in one of them");
        }
        rows++;
        boolean joined = !r.table().equals(tables.records());
        if (r.values() == null) {
            return new SourceRow(joined, file, r.line(), r.lineCount(), null, null, ParseProblem.MALFORMED_SQL, r.text());
        }
        List<String> columns = r.columns() != null ? r.columns() : created.getOrDefault(r.table(), tables.columns().get(r.table()));
        if (columns == null) {
            throw BreachImpactException.badInput(file + " line " + r.line() + ": the INSERTs of table '" + r.table() + "' name no "
                    + "columns and the dump has no CREATE TABLE for it: list its columns in the profile's sql.columns." + r.table());
        }
        if (r.values().size() != columns.size()) {
            return new SourceRow(joined, file, r.line(), r.lineCount(), null, null, ParseProblem.WRONG_COLUMN_COUNT, text(r.values()));
        }
        if (columns != lastColumns || !r.table().equals(lastTable)) {
            placement(r.table(), columns, r.line(), r.columns() != null ? "its INSERT's column list" : "its columns");
        }
        String[] values = new String[mapped.size()];
        boolean replaced = false;
        for (int i = 0; i < lastSlots.length; i++) {
            int slot = lastSlots[i];
            if (slot >= 0) {
                String v = r.values().get(i);
                values[slot] = v;
                replaced |= v != null && v.indexOf('\uFFFD') >= 0;
            }
        }
        if (replaced) {
            return new SourceRow(joined, file, r.line(), r.lineCount(), null, null,
                    utf8 ? ParseProblem.INVALID_UTF8 : ParseProblem.INVALID_ENCODING, text(r.values()));
        }
        String key = lastKey < 0 ? null : r.values().get(lastKey);
        key = key == null || key.isBlank() ? null : key.strip();
        return new SourceRow(joined, file, r.line(), r.lineCount(), key, values, null, null);
    }

    /** Where each of the table's columns goes among the profile's, and which is the join key; every column read must be there. */
    private void placement(String table, List<String> columns, long line, String where) {
        Map<String, Integer> position = new HashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            position.put(columns.get(i), i);
        }
        int[] slots = new int[columns.size()];
        java.util.Arrays.fill(slots, -1);
        List<String> missing = new java.util.ArrayList<>();
        for (int s = 0; s < mapped.size(); s++) {
            String qualified = mapped.get(s);
            if (!qualified.startsWith(table + ".")) {
                continue;
            }
            Integer at = position.get(qualified.substring(table.length() + 1));
            if (at == null) {
                missing.add(qualified.substring(table.length() + 1));
            } else {
                slots[at] = s;
            }
        }
        String keyColumn = tables.joined() == null ? null : table.equals(tables.records()) ? tables.joinOn() : tables.joinKey();
        Integer key = keyColumn == null ? null : position.get(keyColumn);
        if (keyColumn != null && key == null) {
            missing.add(keyColumn + " (the join key)");
        }
        if (!missing.isEmpty()) {
            throw BreachImpactException.badInput(file + " line " + line + ": table '" + table + "' has no column " + missing
                    + " that the dump profile reads (" + where + " names " + columns + ")");
        }
        // As in a CSV header: a column nobody mapped may hold personal data that would go uncounted.
        List<String> unmapped = new java.util.ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            String qualified = table + "." + columns.get(i);
            if (slots[i] < 0 && (key == null || key != i) && !ignored.contains(qualified)) {
                unmapped.add(columns.get(i));
            }
        }
        if (!unmapped.isEmpty()) {
            throw BreachImpactException.badInput(file + " line " + line + ": table '" + table + "' has column(s) " + unmapped
                    + " that the dump profile neither reads nor ignores (map them in its fields, or list them in its ignored-columns as "
                    + table + ".<column>)");
        }
        lastColumns = columns;
        lastTable = table;
        lastSlots = slots;
        lastKey = key == null ? -1 : key;
    }

    /** A row that cannot be placed, as text for the quarantine. */
    private static String text(List<String> values) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < values.size() && sb.length() < DumpReader.RAW_TEXT_LIMIT; i++) {
            sb.append(i == 0 ? "" : ", ").append(values.get(i) == null ? "NULL" : "'" + values.get(i).replace("'", "''") + "'");
        }
        return sb.append(')').toString();
    }
}
