package io.breachimpact.testing;

import io.breachimpact.config.AppConfig;
import io.breachimpact.pipeline.JobRunner;
import io.breachimpact.pipeline.LakeJob;
import io.breachimpact.pipeline.RunContext;
import io.breachimpact.spark.Lake;

/** Runs a job of the chain in its template on the test session, as a command would. */
public final class Jobs {
    private Jobs() {
    }

    public static <R> JobRunner.Ran<R> ran(Lake lake, LakeJob<R> job) {
        AppConfig app = AppConfig.defaults("local", "lake.root=" + lake.root());
        return new JobRunner(SharedSpark.spark(), lake, RunContext.of(app)).run(job);
    }

    public static <R> R run(Lake lake, LakeJob<R> job) {
        return ran(lake, job).result();
    }
}
