package io.breachimpact.error;

/**
 * Process exit codes, the contract with a scheduler. Documented in the README; never renumber.
 */
public enum ExitCode {
    /** The job did what was asked and its output is complete. */
    OK(0),
    /** A defect or an environment failure (disk, cluster); retrying may help, reading the log will. */
    INTERNAL(1),
    /** The command line or the configuration is wrong; nothing ran. Fix the call, do not retry. */
    USAGE_OR_CONFIG(2),
    /** The input data is unusable (missing path, wrong encoding, corrupt file); nothing was published. */
    BAD_INPUT(3),
    /** Counts did not reconcile; the output of this run was not published. */
    RECONCILIATION_FAILED(4),
    /** Another run holds the lake's lock; retry later. */
    LOCKED(5);

    private final int code;

    ExitCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
