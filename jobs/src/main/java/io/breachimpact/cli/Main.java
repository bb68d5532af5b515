package io.breachimpact.cli;

import io.breachimpact.error.BreachImpactException;
import io.breachimpact.error.ExitCode;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.PrintWriter;

/**
 * The one entry point, locally ({@code bin/breach-impact}) and on a cluster
 * ({@code spark-submit --class io.breachimpact.cli.Main}). Exit codes: {@link ExitCode}.
 */
@Command(name = "breach-impact", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Turns the data of a mass identity breach into exposure figures and notification decisions.",
        subcommands = {DemoCommand.class, NightlyCommand.class, StatusCommand.class, ExplainCommand.class, CorrectCommand.class, RekeyCommand.class, GenerateCommand.class, InspectCommand.class, IngestCommand.class, ResolveCommand.class,
                ExposureCommand.class, DecideCommand.class, ReportCommand.class, CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done, output complete", "1:internal error (a defect; read the log)",
                "2:usage or configuration error, or a person-key secret other than the lake's (nothing ran)",
                "3:bad input data (nothing published)", "4:counts did not reconcile (nothing published)",
                "5:the lake is locked by another run (retry later)",
                "6:the environment failed: disk full, permission denied, executors lost, cluster unreachable (a retry may help)"})
public final class Main {
    @Mixin
    GlobalOptions global;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a command line and returns its exit code, without exiting: for tests and embedding. */
    public static int run(String... args) {
        Main main = new Main();
        CommandLine cli = new CommandLine(main);
        cli.setExecutionExceptionHandler((e, command, parsed) -> handle(e, command, main.global.verbose));
        cli.setParameterExceptionHandler(Main::usage);
        return cli.execute(args);
    }

    /** A wrong command line: say what is wrong and where help is, without the whole usage text. */
    private static int usage(CommandLine.ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        PrintWriter err = command.getErr();
        err.println("error: " + e.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
        err.println("Run '" + command.getCommandSpec().qualifiedName() + " --help' for usage.");
        err.flush();
        return ExitCode.USAGE_OR_CONFIG.code();
    }

    private static int handle(Exception e, CommandLine command, boolean verbose) {
        PrintWriter err = command.getErr();
        BreachImpactException known = userFacing(e);
        if (known != null) {
            err.println("error: " + known.getMessage());
            if (verbose) {
                e.printStackTrace(err);
            }
            err.flush();
            return known.exitCode().code();
        }
        java.util.Optional<io.breachimpact.error.EnvironmentFailure> environment = io.breachimpact.error.EnvironmentFailure.of(e);
        if (environment.isPresent()) {
            err.println("error: environment failure (" + environment.get().what() + ") in '" + command.getCommandName() + "': "
                    + rootMessage(e) + ". " + environment.get().whatToDo() + " The lake keeps its previous good state; a retry may help (exit 6).");
            if (verbose) {
                e.printStackTrace(err);
            }
            err.flush();
            return ExitCode.ENVIRONMENT.code();
        }
        err.println("internal error in '" + command.getCommandName() + "': " + rootMessage(e));
        if (verbose) {
            e.printStackTrace(err);
        } else {
            err.println("(run again with --verbose for the stack trace)");
        }
        err.flush();
        return ExitCode.INTERNAL.code();
    }

    /** A user-facing error anywhere in the cause chain (Spark wraps what tasks throw). */
    static BreachImpactException userFacing(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BreachImpactException b) {
                return b;
            }
        }
        return null;
    }

    /** The exit code a failure ends a command with: what {@link #handle} returns, for summaries printed before it. */
    static int exitCodeOf(Throwable e) {
        return ExitCode.of(e).code();
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return root == e ? message : message + " (cause: " + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
    }
}
