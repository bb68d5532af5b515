package io.breachimpact.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs independent steps of a job at the same time and waits for all of them: Spark runs their jobs
 * side by side, so a step that writes from one task (a manifest) does not leave the other cores idle.
 * The first failure is rethrown as it was (the others added to it as suppressed), once every step
 * has ended: none is left half-running behind the caller.
 */
public final class Concurrently {
    private Concurrently() {
    }

    public static void run(Runnable... steps) {
        ExecutorService pool = Executors.newFixedThreadPool(steps.length);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (Runnable step : steps) {
                running.add(pool.submit(step));
            }
            Throwable first = null;
            boolean interrupted = false;
            for (int i = 0; i < running.size(); i++) {
                Future<?> f = running.get(i);
                try {
                    f.get();
                } catch (ExecutionException e) {
                    if (first == null) {
                        first = e.getCause();
                    } else {
                        first.addSuppressed(e.getCause());
                    }
                } catch (InterruptedException e) {
                    // Every step still ends before this returns: none is left writing behind the caller.
                    interrupted = true;
                    running.add(f);
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            if (first instanceof RuntimeException r) {
                throw r;
            }
            if (first instanceof Error err) {
                throw err;
            }
            if (first != null) {
                throw new IllegalStateException(first);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
