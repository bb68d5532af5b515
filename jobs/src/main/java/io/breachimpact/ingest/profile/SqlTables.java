package io.breachimpact.ingest.profile;

import io.breachimpact.ingest.sql.SqlDialect;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How an SQL dump's tables make records: each row of one table is a record ({@code records}), with the
 * fields of the row of another table it points to ({@code joined}: its row whose {@code joinKey} column
 * equals the record's {@code joinOn} column), as accounts and their documents.
 *
 * @param records       the table whose rows are the records (lower case)
 * @param joined        the table joined to it, or null
 * @param joinKey       the joined table's key column
 * @param joinOn        the records table's column holding that key
 * @param ignoredTables tables whose rows are not records (sessions, logs…): read past, never an error
 * @param columns       the columns of tables whose INSERTs name none and that the dump does not create
 */
public record SqlTables(SqlDialect dialect, String records, String joined, String joinKey, String joinOn, Set<String> ignoredTables,
                        Map<String, List<String>> columns) implements Serializable {

    /** Whether the table's rows are read (as records, or joined to them). */
    public boolean reads(String table) {
        return table.equals(records) || table.equals(joined);
    }
}
