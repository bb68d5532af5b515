package io.breachimpact.pipeline;

import io.breachimpact.config.AppConfig;
import io.breachimpact.config.PolicyConfig;
import io.breachimpact.decide.DecideJob;
import io.breachimpact.error.BreachImpactException;
import io.breachimpact.exposure.ExposureJob;
import io.breachimpact.identity.ResolveConfig;
import io.breachimpact.identity.ResolveJob;
import io.breachimpact.ingest.IngestConfig;
import io.breachimpact.ingest.IngestJob;
import io.breachimpact.ingest.RecordNormalizer;
import io.breachimpact.ingest.RetractBatch;
import io.breachimpact.ingest.normalize.PersonKeys;
import io.breachimpact.report.ReportJob;
import io.breachimpact.spark.DeltaTables;
import io.breachimpact.spark.Lake;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The unattended run: the deliveries waiting in the landing area, in order (each checked against its
 * marker, then ingested or retracted), then resolve, exposure, decide and report, each of which does
 * nothing when its inputs did not change, then maintenance (compaction, VACUUM, old directories). Runs under the lake's lock, which the caller holds. A night
 * with nothing delivered and nothing changed since the last nightly writes nothing at all.
 */
public final class NightlyJob {
    private static final Logger LOG = LoggerFactory.getLogger(NightlyJob.class);
    public static final JobName JOB = JobName.NIGHTLY;

    /** What a night counts, in ops/runs. */
    public enum Count implements CountKey {
        DELIVERIES_TAKEN, DELIVERIES_REFUSED, PERSONS, ISSUED
    }

    private final AppConfig config;
    private final Lake lake;
    private final PolicyConfig policy;
    private final PersonKeys keys;
    private final RunContext run;
    private final NightlyConfig nightly;
    private final LakeLock lock;
    private final Optional<String> truth;
    private final Consumer<String> progress;

    /**
     * @param truth    the generator's ground truth, to measure resolve against (the demo's synthetic batch only)
     * @param progress what each step says when it ends (the jobs' summaries), for a person watching
     */
    public NightlyJob(AppConfig config, Lake lake, PolicyConfig policy, PersonKeys keys, RunContext run, NightlyConfig nightly,
                      LakeLock lock, Optional<String> truth, Consumer<String> progress) {
        this.config = config;
        this.lake = lake;
        this.policy = policy;
        this.keys = keys;
        this.run = run;
        this.nightly = nightly;
        this.lock = lock;
        this.truth = truth;
        this.progress = progress;
    }

    /** A delivery the night did not take, and why. */
    public record Refused(String delivery, String reason) {
    }

    /** What a night did. {@code steps} maps each job to what it did: ran, skipped (inputs unchanged), or not run. */
    public record Result(String runId, boolean nothingNew, List<String> taken, List<Refused> refused, Map<String, String> steps,
                         long persons, long issued, Optional<IngestJob.Result> lastIngest, Optional<ResolveJob.Result> resolve,
                         Optional<ExposureJob.Result> exposure, Optional<DecideJob.Result> decide, Optional<ReportJob.Result> report) {
    }

    public Result run(SparkSession spark) {
        Timestamp started = new Timestamp(System.currentTimeMillis());
        MaintenanceConfig maintenance = MaintenanceConfig.from(config); // a wrong key fails now, not after the chain
        RunLedger ledger = new RunLedger(spark, lake);
        FileSystem fs = fileSystem(spark, nightly.landing());
        Landing landing = new Landing(fs, nightly.landing(), nightly.marker());
        List<Delivery> pending;
        try {
            pending = landing.pending(ledger);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the landing area " + landing.root(), e);
        }
        String state = "policy " + policy.hash() + ";config " + run.configHash() + ";languages " + String.join(",", nightly.languages());
        Map<String, Long> versionsNow = DeltaTables.versions(spark, lake.tables());
        if (pending.isEmpty() && unchangedSinceLastNight(ledger, state, versionsNow)) {
            LOG.info("nothing delivered and nothing changed since the last nightly: no table written");
            return new Result(run.runId(), true, List.of(), List.of(), Map.of(), persons(spark), 0, Optional.empty(), Optional.empty(),
                    Optional.empty(), Optional.empty(), Optional.empty());
        }
        return ledger.track(run, JOB, null, started, state, new StageTimer(JOB.id()), () -> chain(spark, fs, pending, ledger, maintenance), result -> new Counts()
                .put(Count.DELIVERIES_TAKEN, result.taken().size()).put(Count.DELIVERIES_REFUSED, result.refused().size())
                .put(Count.PERSONS, result.persons()).put(Count.ISSUED, result.issued()).asMap(), result -> DeltaTables.versions(spark, lake.tables()));
    }

    private Result chain(SparkSession spark, FileSystem fs, List<Delivery> pending, RunLedger ledger, MaintenanceConfig maintenance) {
        FailPoints.reach("nightly.started");
        Map<String, String> steps = new LinkedHashMap<>();
        List<String> taken = new ArrayList<>();
        List<Refused> refused = new ArrayList<>();
        IngestConfig ingestConfig = IngestConfig.from(config);
        boolean decideIncrementally = config.reader().bool("decide.incremental"); // read before any write: a malformed value stops here
        boolean exposeIncrementally = config.reader().bool("exposure.incremental");
        RecordNormalizer normalizer = new RecordNormalizer(keys, ingestConfig.referenceDate(), ingestConfig.ageBands());
        Optional<IngestJob.Result> lastIngest = Optional.empty();
        for (Delivery delivery : pending) {
            lock.requireHeld();
            try {
                delivery.verify(fs);
            } catch (BreachImpactException e) {
                if (!nightly.skipRefusedDeliveries()) {
                    throw e;
                }
                LOG.error("{} (nightly.skip-refused-deliveries = true: the night goes on without it)", e.getMessage());
                refused.add(new Refused(delivery.name(), e.getMessage()));
                continue;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read delivery " + delivery.directory(), e);
            }
            Timestamp started = new Timestamp(System.currentTimeMillis());
            if (delivery.kind() == Delivery.Kind.BATCH) {
                JobRunner.Ran<IngestJob.Result> ingested = new JobRunner(spark, lake, run.child(JobName.INGEST, delivery.name()))
                        .run(new IngestJob(ingestConfig, delivery.paths(), delivery.name(), normalizer));
                progress.accept(io.breachimpact.ingest.IngestSummary.render(delivery.name(), ingested));
                lastIngest = Optional.of(ingested.result());
            } else {
                String batch = delivery.retracts().orElseThrow();
                Map<String, Long> counts = new RetractBatch(lake, batch, normalizer, run.child(JobName.RETRACT, batch)).run(spark);
                progress.accept(io.breachimpact.ingest.IngestSummary.renderRetraction(batch, counts));
            }
            // Recorded once its batch is in: a night killed before this takes the delivery again (ingest recognises its bytes).
            ledger.record(run.record(Landing.JOB, delivery.name(), RunLedger.Status.SUCCEEDED, started, delivery.markerSha256(), Map.of(),
                    Map.of("files", (long) delivery.files().size()), delivery.kind().name().toLowerCase(java.util.Locale.ROOT)));
            taken.add(delivery.name());
            FailPoints.reach("nightly.after-delivery");
        }
        steps.put(JobName.INGEST.id(), taken.isEmpty() ? "nothing delivered" : "took " + String.join(", ", taken));
        if (!DeltaTables.exists(spark, lake.silverRecords())) {
            LOG.warn("no batch was ever ingested into this lake: nothing to resolve (deliver a batch to {})", nightly.landing());
            return finish(spark, steps, taken, refused, lastIngest, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
        }

        lock.requireHeld();
        JobRunner.Ran<ResolveJob.Result> resolved = step(spark, steps, new ResolveJob(ResolveConfig.from(config), keys, truth),
                r -> r.skipped());
        progress.accept(io.breachimpact.identity.ResolveSummary.render(resolved));
        FailPoints.reach("nightly.after-resolve");

        lock.requireHeld();
        JobRunner.Ran<ExposureJob.Result> exposed = step(spark, steps, new ExposureJob(policy).incremental(exposeIncrementally), r -> r.skipped());
        progress.accept(io.breachimpact.exposure.ExposureSummary.render(exposed));
        FailPoints.reach("nightly.after-exposure");

        lock.requireHeld();
        JobRunner.Ran<DecideJob.Result> decided = step(spark, steps, new DecideJob(policy, keys, DecideJob.todayUtc())
                        .incremental(decideIncrementally).guardedBy(lock::requireHeld),
                r -> r.skipped());
        progress.accept(io.breachimpact.decide.DecideSummary.render(decided));
        FailPoints.reach("nightly.after-decide");

        lock.requireHeld();
        JobRunner.Ran<ReportJob.Result> reported = step(spark, steps, new ReportJob(policy, nightly.languages()), r -> r.skipped());
        progress.accept(io.breachimpact.report.ReportSummary.render(reported.result()));
        FailPoints.reach("nightly.after-report");

        lock.requireHeld();
        MaintenanceJob maintain = new MaintenanceJob(lake, maintenance, run.child(MaintenanceJob.JOB));
        if (maintain.due(spark)) {
            progress.accept(MaintenanceJob.render(maintain.run(spark)));
            steps.put(MaintenanceJob.JOB.id(), "ran");
        } else {
            steps.put(MaintenanceJob.JOB.id(), "done less than maintenance.every-hours ago");
        }
        return finish(spark, steps, taken, refused, lastIngest, Optional.of(resolved.result()), Optional.of(exposed.result()),
                Optional.of(decided.result()), Optional.of(reported.result()));
    }

    /** One job of the chain as this night's child run; what it did goes into {@code steps}. */
    private <R> JobRunner.Ran<R> step(SparkSession spark, Map<String, String> steps, LakeJob<R> job, java.util.function.Predicate<R> skipped) {
        JobRunner.Ran<R> ran = new JobRunner(spark, lake, run.child(job.name())).run(job);
        steps.put(job.name().id(), skipped.test(ran.result()) ? "unchanged" : "ran");
        return ran;
    }

    private Result finish(SparkSession spark, Map<String, String> steps, List<String> taken, List<Refused> refused,
                          Optional<IngestJob.Result> lastIngest, Optional<ResolveJob.Result> resolved, Optional<ExposureJob.Result> exposed,
                          Optional<DecideJob.Result> decided, Optional<ReportJob.Result> reported) {
        Result result = new Result(run.runId(), false, taken, refused, steps, persons(spark), decided.map(DecideJob.Result::issued).orElse(0L),
                lastIngest, resolved, exposed, decided, reported);
        if (!refused.isEmpty()) {
            // The night ran without them; the scheduler still sees that someone has to look (exit 3).
            throw new RefusedDeliveries(result);
        }
        return result;
    }

    /** The night ran, but without some deliveries: exit 3, with what the night did. */
    public static final class RefusedDeliveries extends BreachImpactException {
        private final transient Result result;

        RefusedDeliveries(Result result) {
            super(io.breachimpact.error.ExitCode.BAD_INPUT, "the night ran without " + result.refused().size() + " refused deliver"
                    + (result.refused().size() == 1 ? "y" : "ies") + ": " + String.join("; ", result.refused().stream()
                    .map(r -> r.delivery() + " (" + r.reason() + ")").toList()) + ". Replace the files or their marker in the landing area;"
                    + " the next night takes them.");
            this.result = result;
        }

        public Result result() {
            return result;
        }
    }

    /**
     * The last nightly succeeded with this policy and configuration, and every table is at the version
     * it left: another run of the chain would find nothing to do.
     */
    private static boolean unchangedSinceLastNight(RunLedger ledger, String state, Map<String, Long> versionsNow) {
        Optional<RunLedger.Run> last = ledger.lastSucceeded(null, JOB);
        return last.isPresent() && state.equals(last.get().inputFingerprint()) && versionsNow.equals(last.get().tableVersions());
    }

    private long persons(SparkSession spark) {
        return DeltaTables.exists(spark, lake.silverPersons()) ? DeltaTables.read(spark, lake.silverPersons()).count() : 0;
    }

    private static FileSystem fileSystem(SparkSession spark, String path) {
        try {
            return new Path(path).getFileSystem(spark.sparkContext().hadoopConfiguration());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reach the landing area " + path, e);
        }
    }
}
