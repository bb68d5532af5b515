package io.breachimpact.pipeline;

/**
 * Named points where a crash test stops a run, to kill it there with a real SIGKILL: with
 * {@code BREACH_IMPACT_PAUSE_AT=<point>} in its environment, a run that reaches the point says so on
 * standard error and waits to be killed. Without it, a point costs one map lookup.
 */
public final class FailPoints {
    public static final String ENV = "BREACH_IMPACT_PAUSE_AT";

    private FailPoints() {
    }

    /**
     * The rows, as they are; armed for this point, the tasks that write them stop after their first
     * rows (local runs only: the executors are this process), so that a kill lands in the middle of
     * a write: some files written, the commit not made.
     */
    public static org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> duringWrite(org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> rows,
                                                                                      String point) {
        if (!point.equals(System.getenv(ENV))) {
            return rows;
        }
        return rows.mapPartitions((org.apache.spark.api.java.function.MapPartitionsFunction<org.apache.spark.sql.Row, org.apache.spark.sql.Row>)
                in -> new java.util.Iterator<>() {
                    private int seen;

                    @Override
                    public boolean hasNext() {
                        boolean more = in.hasNext();
                        if (!more || ++seen > 100) {
                            reach(point);
                        }
                        return more;
                    }

                    @Override
                    public org.apache.spark.sql.Row next() {
                        return in.next();
                    }
                }, rows.encoder());
    }

    public static void reach(String point) {
        if (point.equals(System.getenv(ENV))) {
            System.err.println("breach-impact: paused at " + point + " (pid " + ProcessHandle.current().pid() + ")");
            System.err.flush();
            try {
                Thread.sleep(Long.MAX_VALUE);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
