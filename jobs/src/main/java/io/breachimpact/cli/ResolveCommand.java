package io.breachimpact.cli;

import io.breachimpact.identity.ResolveConfig;
import io.breachimpact.identity.ResolveJob;
import io.breachimpact.identity.ResolveSummary;
import io.breachimpact.ingest.normalize.PersonKeys;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code resolve}: silver records → silver persons. */
@Command(name = "resolve", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Group silver records into persons (silver/persons, silver/person_records).",
                "Blocking on birth date, email and phone with given names; surnames within a few edits; connected",
                "components; person ids stable across batches. With --truth, pairwise precision, recall and F1."})
final class ResolveCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Option(names = "--truth", paramLabel = "DIR",
            description = {"The generator's ground truth (truth-*.csv) to measure the grouping against; several directories",
                    "separated by commas for a population's batches (its first and its follow-ups)."})
    String truth;

    @Option(names = "--retrain", description = {"Train the match model again on the records as they are, whatever the lake holds (it is",
            "trained again by itself when the records changed by more than resolve.model.retrain-after-change)."})
    boolean retrain;

    @Override
    public Integer call() {
        try (JobContext context = new JobContext(main.global)) {
            context.lockLake("resolve");
            ResolveJob job = job(context, Optional.ofNullable(truth));
            System.out.print(ResolveSummary.render(context.runJob(retrain ? job.retraining() : job)));
            return 0;
        }
    }

    static ResolveJob job(JobContext context, Optional<String> truth) {
        PersonKeys keys = context.personKeys();
        return new ResolveJob(ResolveConfig.from(context.config), keys, truth);
    }
}
