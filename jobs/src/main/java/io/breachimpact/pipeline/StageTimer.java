package io.breachimpact.pipeline;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Map;

/** Wall time of each stage of a run: logged as it goes, kept in the run record (as stage_ms_*). */
public final class StageTimer {
    private static final Logger LOG = LoggerFactory.getLogger(StageTimer.class);
    private final Map<String, Long> millis = new LinkedHashMap<>();
    private final String job;
    private String stage;
    private long start;

    public StageTimer(String job) {
        this.job = job;
    }

    /** Ends the current stage (if any) and starts the next. */
    public void stage(String name) {
        end();
        stage = name;
        start = System.nanoTime();
    }

    public void end() {
        if (stage != null) {
            long ms = (System.nanoTime() - start) / 1_000_000;
            millis.put("stage_ms_" + stage, ms);
            LOG.info("{}: {} took {} ms", job, stage, ms);
            stage = null;
        }
    }

    public Map<String, Long> millis() {
        end();
        return millis;
    }
}
