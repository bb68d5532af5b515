package io.breachimpact.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.breachimpact.identity.PersonExplanation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.util.concurrent.Callable;

/** {@code explain}: why some records are one person, and what was decided for it; reads only, prints no contact data. */
@Command(name = "explain", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Print why the lake thinks a person's records are one human and what was decided for it: its records",
                "(batch, document type, what each exposed), the links that joined them (the blocking rule, the match weight and",
                "how each field compared), the corrections that concern them, its severity, its decision with the rules that made",
                "it, and the notices issued. Ids, levels and codes only: never a name, an email, a phone, an address or a document",
                "number. Takes no lock and writes nothing."})
final class ExplainCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @picocli.CommandLine.ArgGroup(exclusive = true, multiplicity = "1")
    Who who;

    /** Whom to explain: a person id, or one of its records (what a caller can quote from a letter or an account). */
    static final class Who {
        @Option(names = "--person", required = true, paramLabel = "ID", description = "The person id (silver/persons, decisions, the ledger).")
        String person;

        @Option(names = "--record", required = true, paramLabel = "RECORD_ID", description = "One of the person's records.")
        String record;
    }

    @Option(names = "--json", description = "Print it as JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        try (JobContext context = new JobContext(main.global)) {
            String person = who.person != null ? who.person.strip()
                    : PersonExplanation.personOf(context.spark(), context.lake, who.record.strip());
            PersonExplanation.Explained e = PersonExplanation.of(context.spark(), context.lake, person);
            System.out.print(json ? new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(e) + "\n"
                    : PersonExplanation.text(e));
            return 0;
        }
    }
}
