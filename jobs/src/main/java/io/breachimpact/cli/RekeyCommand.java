package io.breachimpact.cli;

import io.breachimpact.error.BreachImpactException;
import io.breachimpact.ingest.normalize.PersonKeys;
import io.breachimpact.pipeline.RekeyJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

import java.util.concurrent.Callable;

/** {@code rekey}: rotate the person-key secret, keeping everyone's id, codes and notifications. */
@Command(name = "rekey", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Rotate the person-key secret: the old key in $" + RekeyCommand.OLD_KEY_ENV + ", the new one in $" + PersonKeys.KEY_ENV + ".",
                "Person keys are made again with the new key, every person id (persons, severity, decisions, the notification",
                "ledger) is carried to the new key's, enrollment codes already issued are kept, and the lake's key fingerprint",
                "becomes the new key's: nobody is notified again. Under the lake's lock; other jobs refuse to run until it ends.",
                "A rekey that was interrupted is finished by running it again with the same keys."})
final class RekeyCommand implements Callable<Integer> {
    static final String OLD_KEY_ENV = "BREACH_IMPACT_OLD_KEY";

    @ParentCommand
    Main main;

    @Override
    public Integer call() {
        PersonKeys oldKeys = key(OLD_KEY_ENV, "the key the lake was built with");
        PersonKeys newKeys = key(PersonKeys.KEY_ENV, "the new key");
        try (JobContext context = new JobContext(main.global)) {
            context.lockLake("rekey");
            java.util.Map<String, Long> counts = new RekeyJob(context.lake, oldKeys, newKeys, context.run()).run(context.spark());
            System.out.println("Rekeyed the lake " + context.lake.root() + " (fingerprint now " + newKeys.fingerprint() + "): " + counts);
            System.out.println("Run the jobs with the new key from now on; the old one may be destroyed.");
            return 0;
        }
    }

    private static PersonKeys key(String variable, String what) {
        String value = System.getenv(variable);
        if (value == null || value.length() < PersonKeys.MIN_KEY_LENGTH) {
            throw BreachImpactException.config("$" + variable + " must hold " + what + " (at least " + PersonKeys.MIN_KEY_LENGTH
                    + " characters); for a local lake built with the development key: $(cat <lake>/_local/dev-person-key)");
        }
        return new PersonKeys(value);
    }
}
