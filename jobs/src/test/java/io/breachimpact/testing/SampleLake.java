package io.breachimpact.testing;

import io.breachimpact.config.AppConfig;
import io.breachimpact.config.PolicyConfig;
import io.breachimpact.decide.DecideJob;
import io.breachimpact.exposure.ExposureJob;
import io.breachimpact.identity.ResolveConfig;
import io.breachimpact.identity.ResolveJob;
import io.breachimpact.ingest.normalize.PersonKeys;
import io.breachimpact.report.ReportJob;
import io.breachimpact.spark.Lake;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The committed sample taken through the whole chain — ingest, resolve (against its ground truth),
 * exposure, decide, report — for the tests that read what the chain publishes. Built once per {@code mvn}
 * invocation and shared by its test JVMs (the unit tests' two forks and the integration tests') through
 * {@code breachimpact.sample.lake}, a directory under {@code target/} named by the build's start: the
 * first JVM to ask builds it under a file lock, the others wait and read it (the chain on the sample costs
 * about 75 s of the two cores each time). Without the property (a test run from an IDE), each JVM builds
 * its own in a temporary directory. Tests read it; a test that changes a lake changes a copy.
 */
public final class SampleLake {
    public static final Path SAMPLES = Path.of(System.getProperty("breachimpact.project.root"), "data-samples");
    public static final LocalDate TODAY = LocalDate.of(2025, 11, 20);
    /** Written last, with the report's directory: a directory without it is a build that did not finish. */
    private static final String BUILT = "built";

    private static SampleLake instance;

    private final Path root;
    private final Path reportDir;

    private SampleLake(Path root, Path reportDir) {
        this.root = root;
        this.reportDir = reportDir;
    }

    /** The chain's lake, built on first use (or read, when another test JVM of this build made it). */
    public static synchronized SampleLake get() {
        if (instance == null) {
            try {
                String shared = System.getProperty("breachimpact.sample.lake", "");
                instance = shared.isEmpty() ? ownLake() : sharedLake(Path.of(shared));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return instance;
    }

    private static SampleLake ownLake() throws IOException {
        Path dir = Files.createTempDirectory("breach-impact-sample-lake");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(dir)));
        return build(dir.resolve("lake"));
    }

    private static SampleLake sharedLake(Path dir) throws IOException {
        Files.createDirectories(dir.getParent());
        try (FileChannel lock = FileChannel.open(dir.resolveSibling(dir.getFileName() + ".lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock held = lock.lock()) {
            Path built = dir.resolve(BUILT);
            if (Files.exists(built)) {
                return new SampleLake(dir.resolve("lake"), Path.of(Files.readString(built).strip()));
            }
            delete(dir); // a JVM killed while building left it half made
            deleteEarlierBuilds(dir);
            SampleLake lake = build(dir.resolve("lake"));
            Files.writeString(built, lake.reportDir.toString());
            return lake;
        }
    }

    /** The sample lakes of earlier {@code mvn} runs, and their lock files, which no test reads any more. */
    private static void deleteEarlierBuilds(Path dir) throws IOException {
        String own = dir.getFileName().toString();
        try (Stream<Path> siblings = Files.list(dir.getParent())) {
            siblings.filter(p -> p.getFileName().toString().startsWith("sample-lake-") && !p.getFileName().toString().startsWith(own))
                    .forEach(SampleLake::delete);
        }
    }

    private static SampleLake build(Path root) {
        AppConfig app = AppConfig.defaults("local", "lake.root=" + root);
        Ingest ingest = new Ingest(root);
        ingest.ingest("sample", SAMPLES.resolve("dump"));
        Lake lake = ingest.lake();
        Jobs.run(lake, new ResolveJob(ResolveConfig.from(app), new PersonKeys(Ingest.TEST_KEY),
                Optional.of(SAMPLES.resolve("ground-truth").toString())));
        Jobs.run(lake, new ExposureJob(PolicyConfig.defaults()));
        Jobs.run(lake, new DecideJob(PolicyConfig.defaults(), new PersonKeys(Ingest.TEST_KEY), TODAY));
        ReportJob.Result report = Jobs.run(lake, new ReportJob(PolicyConfig.defaults(), List.of("fr", "en")));
        return new SampleLake(root, Path.of(report.reportDir()));
    }

    private static void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // A directory left behind is not worth failing a test run for.
        }
    }

    public Path root() {
        return root;
    }

    public Lake lake() {
        return new Lake(root.toString());
    }

    /** The directory of the report the chain ended with (French and English). */
    public Path firstReportDir() {
        return reportDir;
    }
}
