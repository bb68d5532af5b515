package io.breachimpact.cli;

import io.breachimpact.error.BreachImpactException;
import io.breachimpact.ingest.inspect.DumpInspector;
import io.breachimpact.ingest.inspect.ProfileProposal;
import io.breachimpact.ingest.profile.DumpProfiles;
import org.apache.hadoop.conf.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code inspect}: how a dump is written, and a dump profile to read it; shapes only, never a value. */
@Command(name = "inspect", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Read the start of dump files (4 MB each) and propose a dump profile: encoding, delimiter, header,",
                "each column's field (from its name, else the shape of its values), date formats, and per column the share",
                "of empty and malformed values. Prints shapes (Aa Aa, dd/dd/dddd, a@a.a), never a value of the file.",
                "No Spark, no lake: it only reads the files."})
final class InspectCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", arity = "1..*", description = "Files of the dump (plain or .gz).")
    List<String> files = new ArrayList<>();

    @Option(names = "--out", paramLabel = "FILE", description = "Write the proposed profile there (to edit, then: ingest --dump-profile FILE).")
    Path out;

    @Option(names = "--name", paramLabel = "NAME", description = "The profile's name. Default: the --out file's name, else 'inspected'.")
    String name;

    @Override
    public Integer call() {
        ProfileProposal proposal = ProfileProposal.of(DumpInspector.inspect(files, new Configuration()));
        String profileName = name != null ? name : out != null ? out.getFileName().toString().replaceFirst("\\.conf$", "") : "inspected";
        String profile = proposal.profile(profileName);
        System.out.print(proposal.summary());
        if (out == null) {
            System.out.println("\nProposed profile (write it with --out FILE, edit it, then ingest --dump-profile FILE):\n");
            System.out.print(profile);
            return 0;
        }
        try {
            Path tmp = Files.createTempFile(out.toAbsolutePath().getParent(), ".inspect-", ".conf");
            Files.writeString(tmp, profile, StandardCharsets.UTF_8);
            DumpProfiles.read(tmp.toFile()); // what is written is a profile ingest accepts
            Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw BreachImpactException.badInput("cannot write the profile to " + out + ": " + e.getMessage(), e);
        }
        System.out.println("\nWrote the proposed profile to " + out + ": review it, then ingest --dump-profile " + out);
        return 0;
    }
}
