package io.breachimpact.cli;

import io.breachimpact.generate.GenerateConfig;
import io.breachimpact.generate.GenerateJob;
import io.breachimpact.generate.GenerationSummary;
import io.breachimpact.generate.SampleDump;
import io.breachimpact.ingest.IngestConfig;
import io.breachimpact.ingest.PersonKeySecret;
import io.breachimpact.pipeline.Delivery;
import io.breachimpact.pipeline.NightlyConfig;
import io.breachimpact.pipeline.NightlyJob;
import io.breachimpact.pipeline.NightlySummary;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code demo}: the scheduler's path on the embedded default. The bundled sample's batch (same seed,
 * same bytes as data-samples/dump) is delivered to the landing area with its marker, then a nightly
 * takes it through the whole chain. Re-running it delivers nothing new, and the nightly says so.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run the chain end to end on a small synthetic batch, the way the scheduler runs it.",
                "Embedded Spark and a lake under ./lake by default. The bundled sample's batch (same seed, same bytes",
                "as data-samples/dump) is delivered to the landing area (<lake>/landing/demo, with its delivery marker),",
                "then `nightly` ingests it, resolves persons (measured against the generator's ground truth), scores",
                "severity and builds the exposure cube, decides who is notified, how and when, with which offer (the",
                "manifests go to <lake>/outbox/), and writes the report in French and English. A re-run finds nothing new."})
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
        long start = System.currentTimeMillis();
        try (JobContext context = new JobContext(main.global)) {
            PersonKeySecret.requireIfNeeded(System.getenv(), IngestConfig.from(context.config).requirePersonKey());
            context.lockLake("demo");
            SparkSession spark = context.spark();
            NightlyConfig nightly = NightlyConfig.from(context.config, context.lake);
            Path delivery = new Path(nightly.landing(), BATCH);
            String truth = context.lake.groundTruth(BATCH);
            deliver(context, spark, nightly, delivery, truth);

            System.out.println("[2/2] nightly: the landing area " + nightly.landing() + " → ingest, resolve, exposure, decide, report");
            NightlyJob.Result result = NightlyCommand.job(context, Optional.of(truth), text -> System.out.print("\n" + text)).run(spark);
            System.out.println(NightlySummary.of(result, System.currentTimeMillis() - start, 0).line());
            return 0;
        }
    }

    /** Writes the batch into the landing area and its marker last, as the agency's side would; once. */
    private void deliver(JobContext context, SparkSession spark, NightlyConfig nightly, Path delivery, String truth) {
        try {
            FileSystem fs = delivery.getFileSystem(spark.sparkContext().hadoopConfiguration());
            if (fs.exists(new Path(delivery, nightly.marker()))) {
                System.out.println("[1/2] deliver: " + delivery + " was delivered already");
                return;
            }
            GenerateConfig config = GenerateConfig.from(context.config).with(rows, seed, null, null, false);
            System.out.println("[1/2] deliver: " + rows + " records, seed " + seed + " → " + delivery);
            GenerateJob.Result generated = new GenerateJob(config, delivery.toString(), truth, true).run(spark);
            System.out.println(GenerationSummary.render(generated, config));
            Delivery.mark(fs, delivery, nightly.marker(), Delivery.Kind.BATCH, Optional.empty());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot deliver the demo batch to " + delivery, e);
        }
    }
}
