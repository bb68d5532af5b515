package io.breachimpact.cli;

import io.breachimpact.generate.GenerateConfig;
import io.breachimpact.generate.GenerateJob;
import io.breachimpact.generate.GenerationSummary;
import io.breachimpact.generate.SampleDump;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/**
 * {@code demo}: the whole chain on the embedded default, small enough for a laptop. Re-running it
 * replaces the demo batch: the same seed gives the same result.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run the chain end to end on a small synthetic batch.",
                "Embedded Spark and a lake under ./lake by default. Today the chain is: generate, then a summary",
                "of what was generated."})
final class DemoCommand implements Callable<Integer> {
    static final String BATCH = "demo";

    @ParentCommand
    Main main;

    @Option(names = "--rows", paramLabel = "N", defaultValue = "" + SampleDump.ROWS, description = "Records in the demo batch. Default: ${DEFAULT-VALUE}.")
    long rows;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "" + SampleDump.SEED, description = "Seed. Default: ${DEFAULT-VALUE} (the bundled sample's).")
    long seed;

    @Override
    public Integer call() {
        try (JobContext context = new JobContext(main.global)) {
            GenerateConfig config = GenerateConfig.from(context.config).with(rows, seed, null, null, false);
            System.out.println("[1/1] generate: " + rows + " records, seed " + seed + " → " + context.lake.raw(BATCH));
            GenerateJob.Result result = new GenerateJob(config, context.lake.raw(BATCH), context.lake.groundTruth(BATCH), true)
                    .run(context.spark());
            System.out.print(GenerationSummary.render(result, config));
            return 0;
        }
    }
}
