package io.breachimpact.cli;

import io.breachimpact.identity.CorrectJob;
import io.breachimpact.pipeline.JobRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.util.List;
import java.util.concurrent.Callable;

/** {@code correct}: record that two records are not one human (an appeal); every later resolve honours it. */
@Command(name = "correct", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Record a correction of identity resolution in ops/corrections: the two records (ids as `explain --person`",
                "prints them) are not one human. Every later resolve keeps them in different persons, whatever their comparison",
                "says; the next nightly resolves again because of it. Under the lake's lock. Recording the same pair again changes",
                "nothing."})
final class CorrectCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Option(names = "--not-same", required = true, split = ",", paramLabel = "RECORD_ID,RECORD_ID",
            description = "The two records that are not the same human.")
    List<String> notSame;

    @Option(names = "--reason", required = true, paramLabel = "TEXT",
            description = "The appeal's reference (at most 200 characters; no personal details).")
    String reason;

    @Override
    public Integer call() {
        if (notSame.size() != 2) {
            throw io.breachimpact.error.BreachImpactException.config("--not-same takes exactly two record ids, RECORD_ID,RECORD_ID (got "
                    + notSame.size() + ")");
        }
        CorrectJob job = new CorrectJob(notSame.get(0), notSame.get(1), reason);
        try (JobContext context = new JobContext(main.global)) {
            context.lockLake("correct");
            JobRunner.Ran<CorrectJob.Result> ran = context.runJob(job);
            CorrectJob.Result result = ran.result();
            System.out.println((result.recorded() ? "Recorded correction " : "Already recorded: correction ") + result.correctionId()
                    + " (the two records are not one human). The next resolve or nightly applies it.");
            return 0;
        }
    }
}
