package io.breachimpact.error;

/**
 * An error the user can act on: its message says what is wrong and where (file, line, key, option),
 * and it carries the exit code a scheduler sees. Anything else that escapes a job is a defect.
 */
public class BreachImpactException extends RuntimeException {
    private final ExitCode exitCode;

    public BreachImpactException(ExitCode exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public BreachImpactException(ExitCode exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public ExitCode exitCode() {
        return exitCode;
    }

    public static BreachImpactException config(String message) {
        return new BreachImpactException(ExitCode.USAGE_OR_CONFIG, message);
    }

    public static BreachImpactException badInput(String message) {
        return new BreachImpactException(ExitCode.BAD_INPUT, message);
    }

    public static BreachImpactException badInput(String message, Throwable cause) {
        return new BreachImpactException(ExitCode.BAD_INPUT, message, cause);
    }
}
