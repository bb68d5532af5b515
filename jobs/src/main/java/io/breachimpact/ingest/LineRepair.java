package io.breachimpact.ingest;

/**
 * What the reader did to read a line that was not exactly in the declared layout. Recorded in bronze
 * ({@code line_repairs}) and carried to the record's quality flags: every repaired value can be traced.
 */
public enum LineRepair {
    /** Not UTF-8, and unambiguously Windows-1252 (see {@link LineEncoding}): decoded as such. */
    REPAIRED_ENCODING,
    /** More fields than the header, the extra ones at the end all empty (or a null marker such as N/A). */
    EXTRA_EMPTY_FIELDS,
    /**
     * Fewer fields than the header: the line stops early. Its last field may be cut and is dropped; the
     * columns after it are missing. Kept only when what remains identifies a person (see QuarantineRules).
     */
    TRUNCATED_LINE
}
