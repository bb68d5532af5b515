package io.breachimpact.error;

/**
 * Process exit codes, the contract with a scheduler. Documented in the README; never renumber.
 */
public enum ExitCode {
    /** The job did what was asked and its output is complete. */
    OK(0, "—"),
    /** A defect: read the log; the previous good state of the lake is intact. */
    INTERNAL(1, "read the log (run again with --verbose for the stack trace); report the defect"),
    /** The command line or the configuration is wrong; nothing ran. Fix the call, do not retry. */
    USAGE_OR_CONFIG(2, "fix the command, the configuration or the secret it names; do not retry as is"),
    /** The input data is unusable (missing path, wrong encoding, corrupt file); nothing was published. */
    BAD_INPUT(3, "fix or replace the input it names, or run the job whose table is stale; then run again"),
    /** Counts did not reconcile; the output of this run was not published. */
    RECONCILIATION_FAILED(4, "investigate the counts it names before running again"),
    /** Another run holds the lake's lock; retry later. */
    LOCKED(5, "retry later: another run holds the lake's lock"),
    /** The environment failed (disk full, permission denied, executors lost, cluster or file system unreachable); a retry may help. */
    ENVIRONMENT(6, "fix what it names (disk, permissions, cluster), then retry: the lake kept its previous good state");

    private final int code;
    private final String whatToDo;

    ExitCode(int code, String whatToDo) {
        this.code = code;
        this.whatToDo = whatToDo;
    }

    /**
     * Whether running the same command again, unchanged, may succeed: another run held the lock, or the
     * environment failed. The schedulers' files (conf/schedule) retry exactly these.
     */
    public boolean retryMayHelp() {
        return this == LOCKED || this == ENVIRONMENT;
    }

    /** What an operator does about a run that ended with this code (the README's table, in short). */
    public String whatToDo() {
        return whatToDo;
    }

    /** The code a failure ends a command with. */
    public static ExitCode of(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof BreachImpactException b) {
                return b.exitCode();
            }
        }
        return EnvironmentFailure.of(failure).isPresent() ? ENVIRONMENT : INTERNAL;
    }

    public static ExitCode of(int code) {
        for (ExitCode c : values()) {
            if (c.code == code) {
                return c;
            }
        }
        return INTERNAL;
    }

    public int code() {
        return code;
    }
}
