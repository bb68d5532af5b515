package io.breachimpact.cli;

import io.breachimpact.pipeline.LakeStatus;
import io.breachimpact.pipeline.NightlyConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.util.concurrent.Callable;

/** {@code status}: what ran, what failed, who holds the lock, what waits; reads only. */
@Command(name = "status", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Print the lake's state for an operator: the last run of each job (started, duration, outcome,",
                "counts, table versions), the lock's holder if any, the deliveries waiting in the landing area, the last",
                "failure with what to do about it, and the lake's disk use. Takes no lock and writes nothing."})
final class StatusCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Option(names = "--json", description = "Print it as JSON.")
    boolean json;

    @Option(names = "--checksums", description = {"Instead, each table's rows and a digest of their contents (timestamps, run ids and",
            "source paths left out, order free): two lakes that went through the same work print the same lines."})
    boolean checksums;

    @Override
    public Integer call() {
        try (JobContext context = new JobContext(main.global)) {
            if (checksums) {
                java.util.List<io.breachimpact.pipeline.TableChecksums.Checksum> all = io.breachimpact.pipeline.TableChecksums.of(context.spark(),
                        context.lake);
                if (json) {
                    try {
                        System.out.println(new com.fasterxml.jackson.databind.ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(all));
                    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                        throw new IllegalStateException(e);
                    }
                } else {
                    all.forEach(c -> System.out.println(c.line()));
                }
                return 0;
            }
            LakeStatus status = LakeStatus.read(context.spark(), context.lake, NightlyConfig.from(context.config, context.lake));
            System.out.print(json ? status.json() : status.text());
            return 0;
        }
    }
}
