package io.breachimpact.cli;

import io.breachimpact.pipeline.NightlyConfig;
import io.breachimpact.pipeline.NightlyJob;
import io.breachimpact.pipeline.NightlySummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

/** {@code nightly}: the scheduler's command. */
@Command(name = "nightly", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"The unattended run, under the lake's lock: take the deliveries waiting in the landing area",
                "(nightly.landing; a sub-directory counts once its marker, nightly.marker, names its files with their",
                "SHA-256), ingest or retract them in order, then resolve, exposure, decide and report, each only when",
                "its inputs changed. A night with nothing new writes nothing. Ends with one line for the scheduler's",
                "log (run id, batches, persons, notices issued, duration, exit code); --json prints it as JSON."})
final class NightlyCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Option(names = "--json", description = "Print the closing line as JSON (for monitoring), and not the jobs' summaries.")
    boolean json;

    @Override
    public Integer call() {
        long start = System.currentTimeMillis();
        NightlyJob.Result result = null;
        String runId = "-";
        int code = 0;
        try (JobContext context = new JobContext(main.global)) {
            runId = context.run().runId();
            context.lockLake("nightly");
            Consumer<String> progress = json ? text -> { } : System.out::print;
            result = job(context, Optional.empty(), progress).run(context.spark());
            return 0;
        } catch (NightlyJob.RefusedDeliveries e) {
            result = e.result();
            code = e.exitCode().code();
            throw e;
        } catch (RuntimeException e) {
            code = Main.exitCodeOf(e);
            throw e;
        } finally {
            long took = System.currentTimeMillis() - start;
            NightlySummary summary = result != null ? NightlySummary.of(result, took, code) : NightlySummary.failed(runId, took, code);
            System.out.println(json ? summary.json() : summary.line());
            System.out.flush();
        }
    }

    static NightlyJob job(JobContext context, Optional<String> truth, Consumer<String> progress) {
        NightlyConfig nightly = NightlyConfig.from(context.config, context.lake);
        return new NightlyJob(context.config, context.lake, context.policy(), context.personKeys(), context.run(), nightly,
                context.lock(), truth, progress);
    }
}
