package io.breachimpact.ingest.inspect;

import io.breachimpact.ingest.profile.DumpProfile;
import io.breachimpact.ingest.sql.SqlDialect;

import java.util.List;
import java.util.Set;

/**
 * How the records sit in a structured dump: the JSON array whose elements are the records, or the SQL
 * table whose rows are, and the table joined to it. Columns are then named by path ({@code identity.surname},
 * {@code accounts.email}).
 *
 * @param recordsPath  JSON Lines: the array of records, or null (one record per line)
 * @param recordsTable SQL: the table whose rows are the records
 * @param joinedTable  SQL: the table joined to it, or null
 * @param joinKey      the joined table's key column
 * @param joinOn       the records table's column holding that key
 * @param otherTables  SQL: tables with rows that are neither (to ignore, or to review)
 * @param keyColumns   the join's columns (qualified): they hold keys, not a person's data
 */
record Structure(DumpProfile.Format format, String recordsPath, SqlDialect dialect, String recordsTable, String joinedTable,
                 String joinKey, String joinOn, List<String> otherTables, Set<String> keyColumns) {

    static Structure delimited() {
        return new Structure(DumpProfile.Format.DELIMITED, null, null, null, null, null, null, List.of(), Set.of());
    }

    static Structure jsonLines(String recordsPath) {
        return new Structure(DumpProfile.Format.JSONL, recordsPath, null, null, null, null, null, List.of(), Set.of());
    }

    /** Whether a record id may come from the column: each record needs its own, so not from an account's fields. */
    boolean recordLevel(String column) {
        return switch (format) {
            case JSONL -> recordsPath == null || column.startsWith(recordsPath + ".");
            case SQL -> column.startsWith(recordsTable + ".");
            default -> true;
        };
    }
}
