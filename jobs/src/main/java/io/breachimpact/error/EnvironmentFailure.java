package io.breachimpact.error;

import java.util.Locale;
import java.util.Optional;

/**
 * A failure of the machine or the cluster rather than of the code or the data: what it is, and what an
 * operator does about it. Recognised from the exception types and the operating system's messages
 * anywhere in the cause chain (Spark wraps what its tasks throw).
 */
public record EnvironmentFailure(String what, String whatToDo) {

    public static Optional<EnvironmentFailure> of(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String message = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
            if (message.contains("no space left on device") || message.contains("disk quota exceeded")) {
                return Optional.of(new EnvironmentFailure("disk full", "Free space on the lake's disk (or Spark's local directories)."));
            }
            if (t instanceof java.nio.file.AccessDeniedException || message.contains("permission denied")
                    || t.getClass().getName().equals("org.apache.hadoop.security.AccessControlException")) {
                return Optional.of(new EnvironmentFailure("permission denied",
                        "Give the user that runs the job read and write access to the lake and the landing area."));
            }
            if (message.contains("executorlostfailure") || message.contains("executor lost") || message.contains("master removed our application")
                    || message.contains("all masters are unresponsive")) {
                return Optional.of(new EnvironmentFailure("executors lost",
                        "Check the cluster's workers and their memory (an executor killed for memory shows in its log)."));
            }
            if (t instanceof java.net.ConnectException || t instanceof java.net.UnknownHostException
                    || t instanceof java.net.NoRouteToHostException || t instanceof java.net.SocketTimeoutException) {
                return Optional.of(new EnvironmentFailure("cluster or file system unreachable",
                        "Check that the Spark master and the lake's file system answer from this host."));
            }
            if (t instanceof OutOfMemoryError) {
                return Optional.of(new EnvironmentFailure("out of memory",
                        "Give the driver more memory (BREACH_IMPACT_DRIVER_MEMORY, or spark-submit --driver-memory)."));
            }
        }
        return Optional.empty();
    }
}
