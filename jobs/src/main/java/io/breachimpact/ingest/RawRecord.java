package io.breachimpact.ingest;

import java.util.List;

/**
 * One logical record of a dump file as read: where it starts, how many physical lines it spans,
 * its values (null when it could not be split) and, if it is not a well-formed record, why.
 *
 * @param text    the record's text (for the quarantine), capped in length
 * @param repairs what was done to read it (empty for a line read as it came)
 */
record RawRecord(long lineNumber, int lineCount, List<String> values, String text, ParseProblem problem, List<LineRepair> repairs) {
}
