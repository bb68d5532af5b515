package io.breachimpact.spark;

import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.executor.TaskMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Progress of long Spark stages, for the person or the log that waits: tasks done of total, records
 * read, elapsed time and an estimate of what remains. On a terminal one line is redrawn every few
 * seconds; in a log (not a terminal) a stage that runs longer than the interval gets one line per
 * interval. Short stages say nothing: never a flood. Counts and times only, never a value.
 */
public final class StageProgress extends SparkListener implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StageProgress.class);

    private static final class Stage {
        final String name;
        final int tasks;
        final long started = System.currentTimeMillis();
        volatile int done;
        volatile long records;

        Stage(String name, int tasks) {
            this.name = name;
            this.tasks = tasks;
        }
    }

    private final Map<Integer, Stage> running = new ConcurrentHashMap<>();
    private final ScheduledExecutorService ticker;
    private final boolean terminal;
    private final long intervalMillis;
    private final PrintStream console;

    /**
     * @param terminal redraw one line on {@code console} (else log a line per interval)
     */
    public StageProgress(boolean terminal, long intervalMillis, PrintStream console) {
        this.terminal = terminal;
        this.intervalMillis = intervalMillis;
        this.console = console;
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "stage-progress");
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleWithFixedDelay(this::report, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
    }

    /** On a terminal, every 2 s; else a log line every 30 s. */
    public static StageProgress forThisProcess() {
        boolean terminal = System.console() != null && System.getenv("CI") == null;
        return new StageProgress(terminal, terminal ? 2_000 : 30_000, System.err);
    }

    @Override
    public void onStageSubmitted(SparkListenerStageSubmitted submitted) {
        String description = submitted.properties() == null ? null : submitted.properties().getProperty("spark.job.description");
        running.put(submitted.stageInfo().stageId(), new Stage(description != null ? description : submitted.stageInfo().name(),
                submitted.stageInfo().numTasks()));
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd end) {
        Stage stage = running.get(end.stageId());
        if (stage != null) {
            stage.done++;
            TaskMetrics m = end.taskMetrics();
            if (m != null) {
                stage.records += m.inputMetrics().recordsRead() + m.shuffleReadMetrics().recordsRead();
            }
        }
    }

    @Override
    public void onStageCompleted(SparkListenerStageCompleted completed) {
        running.remove(completed.stageInfo().stageId());
    }

    /** One stage's line: "decide: decisions — 12/40 tasks, 3,200,000 records, 1m05s, about 2m50s left". */
    static String line(String name, int done, int tasks, long records, long elapsedMillis) {
        String left = done == 0 ? "" : ", about " + duration(elapsedMillis * (tasks - done) / done) + " left";
        return String.format(Locale.ROOT, "%s — %d/%d tasks, %,d records, %s%s", name, done, tasks, records, duration(elapsedMillis), left);
    }

    static String duration(long millis) {
        long s = millis / 1000;
        return s >= 60 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60) : s + "s";
    }

    private void report() {
        long now = System.currentTimeMillis();
        for (Stage s : running.values()) {
            long elapsed = now - s.started;
            if (elapsed < intervalMillis) {
                continue;
            }
            String text = line(s.name, s.done, s.tasks, s.records, elapsed);
            if (terminal) {
                console.print("\r\033[K" + text);
                console.flush();
            } else {
                LOG.info("progress: {}", text);
            }
        }
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        if (terminal) {
            console.print("\r\033[K");
            console.flush();
        }
    }
}
