package io.breachimpact.ingest;

/** Why a line of the dump could not be read as a record of the declared CSV. Quarantine reason codes. */
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
    /** Longer than ingest.max-line-bytes: kept truncated in the quarantine. */
    LINE_TOO_LONG
}
