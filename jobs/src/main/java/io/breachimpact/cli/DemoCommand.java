package io.breachimpact.cli;

import io.breachimpact.decide.DecideSummary;
import io.breachimpact.exposure.ExposureJob;
import io.breachimpact.exposure.ExposureSummary;
import io.breachimpact.generate.GenerateConfig;
import io.breachimpact.generate.GenerateJob;
import io.breachimpact.generate.GenerationSummary;
import io.breachimpact.generate.SampleDump;
import io.breachimpact.ingest.IngestConfig;
import io.breachimpact.ingest.IngestJob;
import io.breachimpact.ingest.IngestSummary;
import io.breachimpact.ingest.PersonKeySecret;
import io.breachimpact.ingest.RecordNormalizer;
import io.breachimpact.identity.ResolveSummary;
import io.breachimpact.pipeline.RunContext;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code demo}: the whole chain on the embedded default, small enough for a laptop. Re-running it
 * rewrites the same demo batch (same seed, same bytes), which ingest then recognizes: nothing changes.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run the chain end to end on a small synthetic batch.",
                "Embedded Spark and a lake under ./lake by default. The chain: generate the bundled sample's batch",
                "(same seed, same bytes as data-samples/dump), ingest it, resolve persons (measured against the",
                "generator's ground truth), score severity and build the exposure cube, then decide who is notified,",
                "how and when, with which offer, and write the manifests (a re-run issues nothing new), and finally",
                "write the report in French and English."})
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
            IngestConfig ingestConfig = IngestConfig.from(context.config);
            PersonKeySecret.requireIfNeeded(System.getenv(), ingestConfig.requirePersonKey());
            SparkSession spark = context.spark();

            GenerateConfig config = GenerateConfig.from(context.config).with(rows, seed, null, null, false);
            String raw = context.lake.raw(BATCH);
            System.out.println("[1/6] generate: " + rows + " records, seed " + seed + " → " + raw);
            GenerateJob.Result generated = new GenerateJob(config, raw, context.lake.groundTruth(BATCH), true).run(spark);
            System.out.println(GenerationSummary.render(generated, config));

            System.out.println("[2/6] ingest: " + raw + " → bronze, silver, quarantine under " + context.lake.root());
            RecordNormalizer normalizer = RecordNormalizer.forRun(ingestConfig, context.lake,
                    spark.sparkContext().hadoopConfiguration(), System.getenv());
            IngestJob.Result ingested = new IngestJob(ingestConfig, context.lake, List.of(raw), BATCH, normalizer,
                    RunContext.of(context.config)).run(spark);
            System.out.print(IngestSummary.render(BATCH, ingested));

            System.out.println("\n[3/6] resolve: silver/records → silver/persons");
            Optional<String> truth = Optional.of(context.lake.groundTruth(BATCH));
            System.out.print(ResolveSummary.render(ResolveCommand.job(context, truth).run(spark)));

            System.out.println("\n[4/6] exposure: severity and the exposure cube (policy " + context.policy().source() + ")");
            System.out.print(ExposureSummary.render(new ExposureJob(context.lake, context.policy(), RunContext.of(context.config)).run(spark)));

            System.out.println("\n[5/6] decide: notices, channels, waves, offers, manifests");
            System.out.print(DecideSummary.render(DecideCommand.job(context).run(spark)));

            System.out.println("\n[6/6] report: the policy teams' report, in French and English");
            System.out.print(io.breachimpact.report.ReportSummary.render(ReportCommand.job(context, List.of("fr", "en")).run(spark)));
            return 0;
        }
    }
}
