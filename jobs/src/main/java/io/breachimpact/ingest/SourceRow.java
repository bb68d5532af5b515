package io.breachimpact.ingest;

import java.io.Serializable;

/**
 * One row of a table of an SQL dump, on its way to a record: its values placed where the profile's
 * columns are ({@link io.breachimpact.ingest.profile.DumpProfile#mappedColumns()}; the other table's
 * places are null), and the key it is joined on.
 *
 * @param joined  a row of the joined table (an account), not of the records table
 * @param key     the join key (the records' column pointing to the joined row, or the joined row's own key), or null
 * @param values  null when the row could not be read
 * @param problem why it could not be read, else null
 * @param text    the row's text when it could not be read, else null
 */
record SourceRow(boolean joined, String file, long line, int lineCount, String key, String[] values, ParseProblem problem, String text)
        implements Serializable {

    /** Whether the row takes part in the join (read, with a key). */
    boolean joinable() {
        return problem == null && key != null;
    }
}
