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
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * The committed sample taken through the whole chain once per test JVM — ingest, resolve (against its
 * ground truth), exposure, decide, report — for the tests that read what the chain publishes.
 */
public final class SampleLake {
    public static final Path SAMPLES = Path.of(System.getProperty("breachimpact.project.root"), "data-samples");
    public static final LocalDate TODAY = LocalDate.of(2025, 11, 20);

    private static SampleLake instance;

    private final Path root;
    private final AppConfig app;
    private final ReportJob.Result report;

    private SampleLake(Path root) {
        this.root = root;
        this.app = AppConfig.defaults("local", "lake.root=" + root);
        Ingest ingest = new Ingest(root);
        ingest.ingest("sample", SAMPLES.resolve("dump"));
        Lake lake = ingest.lake();
        Jobs.run(lake, new ResolveJob(ResolveConfig.from(app), new PersonKeys(Ingest.TEST_KEY),
                Optional.of(SAMPLES.resolve("ground-truth").toString())));
        Jobs.run(lake, new ExposureJob(PolicyConfig.defaults()));
        Jobs.run(lake, new DecideJob(PolicyConfig.defaults(), new PersonKeys(Ingest.TEST_KEY), TODAY));
        this.report = report();
    }

    /** The chain's lake, built on first use. */
    public static synchronized SampleLake get() {
        if (instance == null) {
            try {
                Path dir = Files.createTempDirectory("breach-impact-sample-lake");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(dir)));
                instance = new SampleLake(dir.resolve("lake"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return instance;
    }

    private static void delete(Path dir) {
        try (java.util.stream.Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // A temporary directory left behind is not worth failing a test run for.
        }
    }

    public Path root() {
        return root;
    }

    public Lake lake() {
        return new Lake(root.toString());
    }

    /** The report the chain ended with (French and English). */
    public ReportJob.Result firstReport() {
        return report;
    }

    private ReportJob.Result report() {
        return Jobs.run(lake(), new ReportJob(PolicyConfig.defaults(), List.of("fr", "en")));
    }
}
