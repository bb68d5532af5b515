package io.breachimpact.ingest;

/**
 * Where one record of the dump ended: each is in exactly one. Counted per file by the pass that writes
 * the quarantine, kept in the run ledger, and shown in the report's data-quality section.
 */
public enum RecordOutcome {
    /** Read as it came and accepted. */
    CLEAN,
    /** Accepted after a repair of its line (see {@link LineRepair}). */
    REPAIRED,
    /** Accepted on a name and a postal address only (it may also have been repaired). */
    WEAK_IDENTITY,
    /** Refused, with its reasons, in silver/quarantine. */
    QUARANTINED
}
