package io.breachimpact.ingest;

/** Why a line or row of the dump could not be read as a record through its profile. Quarantine reason codes. */
public enum ParseProblem {
    /** Bytes that are not valid UTF-8 (a Latin-1 line in a UTF-8 file). */
    INVALID_UTF8,
    /** Bytes the file's declared single-byte encoding does not define (0x81 in Windows-1252). */
    INVALID_ENCODING,
    /** A quote opened and not closed within the allowed lines, or before the end of the file. */
    UNBALANCED_QUOTE,
    /** Not well-formed CSV (text after a closing quote, …). */
    MALFORMED_CSV,
    /** Fewer or more columns than the header (a truncated line, a shifted export). */
    WRONG_COLUMN_COUNT,
    /** A JSON Lines line that is not a JSON object. */
    MALFORMED_JSON,
    /** A row of an SQL dump that cannot be read (a value cut by the end of the file, text where a row was expected). */
    MALFORMED_SQL,
    /** A row whose key (its account) matches no row of the table the profile joins to it. */
    JOIN_KEY_NOT_FOUND,
    /** A row whose key matches several rows of the joined table that differ: which one is its own cannot be told. */
    JOIN_KEY_AMBIGUOUS,
    /** Longer than ingest.max-line-bytes: kept truncated in the quarantine. */
    LINE_TOO_LONG
}
