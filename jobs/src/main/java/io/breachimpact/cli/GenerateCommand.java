package io.breachimpact.cli;

import io.breachimpact.generate.GenerateConfig;
import io.breachimpact.generate.GenerateJob;
import io.breachimpact.generate.GenerationSummary;
import io.breachimpact.generate.OutputFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/** {@code generate}: the synthetic dump of the breached agency's account records. */
@Command(name = "generate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Write a synthetic dump of the agency's account records.",
                "CSV or Parquet, split into files like a real export; the ground truth (which records are the same",
                "person, which dirt was injected) goes to a separate directory. Same --seed and --rows give the",
                "same records, on any machine."})
final class GenerateCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Option(names = "--rows", paramLabel = "N", description = "Records to write. Default: generate.rows (19,000,000).")
    Long rows;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of the random streams. Default: generate.seed.")
    Long seed;

    @Option(names = "--format", paramLabel = "csv|parquet", converter = FormatConverter.class,
            description = "File format. Default: generate.format (csv).")
    OutputFormat format;

    @Option(names = "--layout", paramLabel = "NAME",
            description = "How the dump is written: agency-csv (default), fr-semicolon, agency-sql, agency-jsonl. Each has its dump profile in conf/dumps/NAME.conf.")
    String layout;

    @Option(names = "--errors", paramLabel = "standard|hard", description = {"How a person's later records differ from the first: standard",
            "variations, or hard (also the errors of real data entry: generate.entry-errors). Default: generate.errors."})
    String errors;

    @Option(names = "--gzip", negatable = true, description = "Compress (gzip for CSV; the gzip codec for Parquet).")
    Boolean gzip;

    @Option(names = "--rows-per-file", paramLabel = "N", description = "Rows in each file (one Spark task each). Default: generate.rows-per-file.")
    Long rowsPerFile;

    @Option(names = "--batch", paramLabel = "ID", description = "Batch id: the dump goes to <lake>/raw/<ID>, the truth to <lake>/ground-truth/<ID>. Default: synthetic-<seed>-<rows> (-hard with --errors hard).")
    String batch;

    @Option(names = "--out", paramLabel = "DIR", description = "The dump's directory (instead of <lake>/raw/<batch>).")
    String out;

    @Option(names = "--truth-out", paramLabel = "DIR", description = "The ground truth's directory (instead of <lake>/ground-truth/<batch>).")
    String truthOut;

    @Option(names = "--deliver", description = {"Then write the delivery marker (nightly.marker) into the dump's directory, naming its",
            "files with their SHA-256: with --out <landing>/<batch>, a delivery the next nightly takes."})
    boolean deliver;

    @Option(names = "--follow-up-of", paramLabel = "BATCH", description = {"Write the next delivery of the population BATCH was drawn from",
            "(BATCH: a batch id, its ground truth under <lake>/ground-truth/BATCH, or that directory's path): --rows records,",
            "shared by generate.follow-up.records between new persons, further records of known persons and corrections",
            "(known record ids sent again with a field changed). Needs the configuration BATCH was generated with."})
    String followUpOf;

    @Option(names = "--overwrite", description = "Replace an existing dump (atomically, when the new one is complete).")
    boolean overwrite;

    private static GenerateConfig.ErrorModel errorModel(String name) {
        for (GenerateConfig.ErrorModel m : GenerateConfig.ErrorModel.values()) {
            if (m.name().equalsIgnoreCase(name)) {
                return m;
            }
        }
        throw io.breachimpact.error.BreachImpactException.config("--errors must be standard or hard, got '" + name + "'");
    }

    @Override
    public Integer call() {
        try (JobContext context = new JobContext(main.global)) {
            GenerateConfig config = GenerateConfig.from(context.config).with(rows, seed, rowsPerFile, format, gzip);
            if (layout != null) {
                try {
                    config = config.withLayout(io.breachimpact.generate.DumpLayout.fromName(layout));
                } catch (IllegalArgumentException e) {
                    throw io.breachimpact.error.BreachImpactException.config("--layout must be one of " + java.util.Arrays.stream(
                            io.breachimpact.generate.DumpLayout.values()).map(io.breachimpact.generate.DumpLayout::configName).toList()
                            + ", got '" + layout + "'");
                }
            }
            if (errors != null) {
                config = config.withErrors(errorModel(errors));
            }
            if (followUpOf != null && rows == null) {
                throw io.breachimpact.error.BreachImpactException.config("--follow-up-of needs --rows: how many records the follow-up holds");
            }
            if (followUpOf != null && (seed != null || errors != null)) {
                throw io.breachimpact.error.BreachImpactException.config("--follow-up-of takes the seed and the error model of its"
                        + " population: leave out --seed and --errors");
            }
            String ofName = followUpOf == null ? null : new org.apache.hadoop.fs.Path(followUpOf).getName();
            String id = batch != null ? batch : followUpOf != null ? ofName + "-followup-" + config.rows() : "synthetic-" + config.seed() + "-" + config.rows()
                    + (config.errors() == GenerateConfig.ErrorModel.HARD ? "-hard" : "");
            String dump = out != null ? out : context.lake.raw(id);
            String truth = truthOut != null ? truthOut : context.lake.groundTruth(id);
            if (out == null || truthOut == null) {
                context.lockLake("generate"); // it writes under the lake
            }
            GenerateJob job = followUpOf == null ? new GenerateJob(config, dump, truth, overwrite)
                    : GenerateJob.followUp(context.spark(), config, io.breachimpact.generate.FollowUpConfig.from(context.config), ofName,
                    followUpOf.contains("/") ? followUpOf : context.lake.groundTruth(followUpOf), dump, truth, overwrite);
            GenerateJob.Result result = job.run(context.spark());
            System.out.print(GenerationSummary.render(result, job.config()));
            if (deliver) {
                String marker = io.breachimpact.pipeline.NightlyConfig.from(context.config, context.lake).marker();
                org.apache.hadoop.fs.Path dir = new org.apache.hadoop.fs.Path(dump);
                try {
                    io.breachimpact.pipeline.Delivery.mark(dir.getFileSystem(context.spark().sparkContext().hadoopConfiguration()), dir, marker,
                            io.breachimpact.pipeline.Delivery.Kind.BATCH, java.util.Optional.empty());
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException("cannot write the delivery marker in " + dump, e);
                }
                System.out.println("Delivery marker written: " + new org.apache.hadoop.fs.Path(dir, marker));
            }
            return 0;
        }
    }
}
