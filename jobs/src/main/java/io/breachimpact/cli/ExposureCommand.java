package io.breachimpact.cli;

import io.breachimpact.exposure.ExposureJob;
import io.breachimpact.exposure.ExposureSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

import java.util.concurrent.Callable;

/** {@code exposure}: persons → severity and the exposure cube. */
@Command(name = "exposure", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Score each person's severity (ENISA: SE = DPC × EI + CB, rules in the policy) into gold/severity,",
                "and build the exposure cube by région, département, age band, data class and document type with",
                "its roll-ups and data-class combinations. Every figure is checked to add up before the tables",
                "are published with small cells suppressed (policy.suppression.k)."})
final class ExposureCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Override
    public Integer call() {
        try (JobContext context = new JobContext(main.global)) {
            context.lockLake("exposure");
            System.out.print(ExposureSummary.render(context.runJob(new ExposureJob(context.policy()).incremental(context.config.reader().bool("exposure.incremental")))));
            return 0;
        }
    }
}
