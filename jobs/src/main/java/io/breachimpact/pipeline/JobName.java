package io.breachimpact.pipeline;

import java.util.Locale;

/**
 * The jobs, by the name the run ledger records them under. Ledger reads and the table catalogue use
 * these, never a string spelled again.
 */
public enum JobName {
    GENERATE("generate"),
    /** A delivery taken from the landing area (one row per delivery, its marker's checksum as fingerprint). */
    LANDING("nightly"),
    INGEST("ingest"),
    RETRACT("ingest --retract BATCH"),
    RESOLVE("resolve"),
    EXPOSURE("exposure"),
    DECIDE("decide"),
    REPORT("report"),
    MAINTENANCE("nightly"),
    REKEY("rekey"),
    /** A correction of identity resolution recorded ({@code ops/corrections}). */
    CORRECT("correct --not-same"),
    NIGHTLY("nightly");

    private final String command;

    JobName(String command) {
        this.command = command;
    }

    /** What ops/runs holds in its {@code job} column. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The command an operator runs to do this job's work. */
    public String command() {
        return "breach-impact " + command;
    }

    @Override
    public String toString() {
        return id();
    }

    public static JobName of(String id) {
        return valueOf(id.toUpperCase(Locale.ROOT));
    }
}
