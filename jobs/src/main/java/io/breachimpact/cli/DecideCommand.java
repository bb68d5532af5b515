package io.breachimpact.cli;

import io.breachimpact.decide.DecideJob;
import io.breachimpact.decide.DecideSummary;
import io.breachimpact.ingest.normalize.PersonKeys;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

import java.util.concurrent.Callable;

/** {@code decide}: who is notified, how and when, which offer, at what cost. */
@Command(name = "decide", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Decide for every person: individual notice, public communication or manual review (GDPR Art. 34,",
                "rules in the policy); channel, recipient (self or guardian), template, monitoring offer and enrollment code;",
                "waves by channel capacity. Issues only what is new since the notification ledger's last entries, writes",
                "the channel manifests into <lake>/outbox/<run>/ (only once the ledger holds them), authority-notification.json",
                "under <lake>/reports/<run>/, and the offers' budget. Does nothing when persons, severity, policy and ledger are unchanged."})
final class DecideCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Override
    public Integer call() {
        try (JobContext context = new JobContext(main.global)) {
            context.lockLake("decide");
            System.out.print(DecideSummary.render(context.runJob(job(context))));
            return 0;
        }
    }

    static DecideJob job(JobContext context) {
        PersonKeys keys = context.personKeys();
        return new DecideJob(context.policy(), keys, DecideJob.todayUtc()).incremental(context.config.reader().bool("decide.incremental"))
                .guardedBy(context.lock()::requireHeld);
    }
}
