package io.breachimpact.cli;

import io.breachimpact.error.BreachImpactException;
import io.breachimpact.ingest.IngestConfig;
import io.breachimpact.ingest.IngestJob;
import io.breachimpact.ingest.IngestSummary;
import io.breachimpact.ingest.PersonKeySecret;
import io.breachimpact.ingest.RecordNormalizer;
import io.breachimpact.ingest.RetractBatch;
import io.breachimpact.ingest.SilverExport;
import io.breachimpact.pipeline.RunContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code ingest}: a batch of the raw dump into bronze, silver and the quarantine (or its retraction). */
@Command(name = "ingest", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Ingest a batch of the dump: bronze (as received), silver (validated, normalized), quarantine.",
                "Every record read ends in silver or the quarantine, and the counts are reconciled before anything",
                "but bronze is published. The same batch from the same bytes changes nothing; a later batch with",
                "corrections updates silver (earlier versions stay readable by Delta time travel)."})
final class IngestCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Option(names = "--input", paramLabel = "PATH", split = ",",
            description = "Dump files (.csv, .tsv, .txt, .dat, plain or .gz) or directories of them; repeatable or comma-separated.")
    List<String> inputs = new ArrayList<>();

    @Option(names = "--batch", paramLabel = "ID", description = "The batch id (letters, digits, '.', '_', '-').")
    String batch;

    @Option(names = "--dump-profile", paramLabel = "FILE",
            description = "How to read this dump (HOCON, see conf/dumps/; `inspect` proposes one). Default: ingest.dump-profile, "
                    + "else the generator's layout (conf/dumps/agency-csv.conf).")
    String dumpProfile;

    @Option(names = "--retract", paramLabel = "ID",
            description = "Remove a batch's effect instead: its silver records go back to their previous version.")
    String retract;

    @Option(names = "--export-parquet", paramLabel = "DIR",
            description = "Also write silver/records as plain Parquet to DIR (replaced whole), for tools that do not read Delta.")
    String exportParquet;

    @Override
    public Integer call() {
        if ((retract == null) == (batch == null)) {
            throw BreachImpactException.config("give either --input … --batch ID, or --retract ID");
        }
        if (retract == null && inputs.isEmpty()) {
            throw BreachImpactException.config("--input is required with --batch");
        }
        if (retract != null && !inputs.isEmpty()) {
            throw BreachImpactException.config("--retract takes no --input");
        }
        try (JobContext context = new JobContext(main.global)) {
            IngestConfig config = IngestConfig.from(context.config);
            if (dumpProfile != null) {
                config = config.withProfile(io.breachimpact.ingest.profile.DumpProfiles.read(new java.io.File(dumpProfile)));
            }
            PersonKeySecret.requireIfNeeded(System.getenv(), config.requirePersonKey());
            context.lockLake("ingest");
            RunContext run = context.run();
            var spark = context.spark();
            RecordNormalizer normalizer = new RecordNormalizer(context.personKeys(), config.referenceDate(), config.ageBands());
            if (retract != null) {
                System.out.print(IngestSummary.renderRetraction(retract,
                        new RetractBatch(context.lake, retract, normalizer, run).run(spark)));
            } else {
                System.out.print(IngestSummary.render(batch, context.runJob(new IngestJob(config, inputs, batch, normalizer))));
            }
            if (exportParquet != null) {
                SilverExport.write(spark, context.lake.silverRecords(), exportParquet);
                System.out.println("Exported silver/records as Parquet to " + exportParquet);
            }
            return 0;
        }
    }
}
