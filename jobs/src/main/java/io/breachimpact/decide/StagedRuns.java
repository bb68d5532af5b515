package io.breachimpact.decide;

import io.breachimpact.spark.Directories;
import io.breachimpact.spark.Lake;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Predicate;

/**
 * Where a decide run's outputs wait for the ledger commit that issues their notices: its work rows and
 * its staged manifests, hidden beside the reports and owner-only (they hold contacts); then published —
 * manifests into {@code outbox/<run>/}, the regulator's notification into {@code reports/<run>/} — or
 * deleted. One decide runs at a time on a lake (it holds the lake's lock): what another run left here
 * belongs to a run that ended.
 */
final class StagedRuns {
    private static final Logger LOG = LoggerFactory.getLogger(StagedRuns.class);
    private static final String WORK_PREFIX = ".decide-work-";
    private static final String STAGING_PREFIX = ".decide-staging-";

    private final Lake lake;
    private final FileSystem fs;
    private final Path reports;

    StagedRuns(Lake lake, org.apache.hadoop.conf.Configuration hadoop) {
        this.lake = lake;
        this.reports = new Path(lake.reports("x")).getParent();
        try {
            this.fs = reports.getFileSystem(hadoop);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reach " + reports, e);
        }
    }

    /** The run's work rows: read back within the run, deleted when it ends. */
    Path work(String runId) {
        return new Path(reports, WORK_PREFIX + runId);
    }

    /** The run's manifests and regulator's notification until its ledger commit. */
    Path staging(String runId) {
        return new Path(reports, STAGING_PREFIX + runId);
    }

    /** The run's work directory, which only the owner can enter. */
    Path createWork(String runId) {
        Path work = work(runId);
        try {
            fs.mkdirs(work, Manifests.OWNER_ONLY_DIR);
            fs.setPermission(work, Manifests.OWNER_ONLY_DIR);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + work, e);
        }
        return work;
    }

    /**
     * A decide killed after its ledger commit left its manifests staged: they are published now (the
     * ledger says those notices were issued, the delivery step must get them). One killed before the
     * commit left manifests of notices never issued: deleted (the next run issues them again, with the
     * same ids). Work rows are deleted either way.
     */
    void recover(Predicate<String> ledgerCommittedBy) {
        try {
            if (!fs.exists(reports)) {
                return;
            }
            for (FileStatus s : fs.listStatus(reports)) {
                String name = s.getPath().getName();
                if (name.startsWith(WORK_PREFIX)) {
                    LOG.warn("deleting {}, left by a decide run that did not end", s.getPath());
                    fs.delete(s.getPath(), true);
                } else if (name.startsWith(STAGING_PREFIX)) {
                    String killed = name.substring(STAGING_PREFIX.length());
                    if (ledgerCommittedBy.test(killed)) {
                        LOG.warn("publishing the manifests of decide run {}: its notices are in the ledger, its manifests were not yet "
                                + "in the outbox", killed);
                        publish(killed);
                    } else {
                        LOG.warn("deleting {}, staged by decide run {} that ended before issuing anything", s.getPath(), killed);
                        fs.delete(s.getPath(), true);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot look for decide runs that did not end under " + reports, e);
        }
    }

    /** A run's staged outputs into place: its manifests into the outbox, the regulator's notification into its report directory. */
    void publish(String runId) {
        Path staged = staging(runId);
        Path manifests = new Path(staged, "manifests");
        Path outbox = new Path(lake.outbox(), runId);
        try {
            if (fs.exists(manifests) && holdsSends(manifests)) {
                fs.mkdirs(outbox.getParent());
                Directories.publish(fs, manifests, outbox, runId);
            } else if (fs.exists(manifests)) {
                // A run that issued nothing gives the delivery step nothing to pick up (not three header lines).
                fs.delete(manifests, true);
            }
            Directories.publish(fs, staged, new Path(lake.reports(runId)), runId);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot publish " + lake.reports(runId) + " and the outbox", e);
        }
    }

    /** Whether any staged manifest has a line after its header. */
    private boolean holdsSends(Path manifests) throws IOException {
        for (org.apache.hadoop.fs.FileStatus f : fs.listStatus(manifests)) {
            if (!f.getPath().getName().endsWith(".csv")) {
                continue;
            }
            try (java.io.BufferedReader r = new java.io.BufferedReader(new java.io.InputStreamReader(fs.open(f.getPath()),
                    java.nio.charset.StandardCharsets.UTF_8))) {
                r.readLine(); // the header
                String line;
                while ((line = r.readLine()) != null) {
                    if (!line.isBlank()) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /**
     * When a run ends, whatever happened: its work rows go, and so do its staged manifests unless its
     * ledger commit went through (then the next run publishes them). Contacts either way.
     */
    void cleanUp(String runId, boolean committed) {
        for (Path leftover : committed ? new Path[] {work(runId)} : new Path[] {work(runId), staging(runId)}) {
            try {
                fs.delete(leftover, true);
            } catch (IOException e) {
                LOG.warn("could not delete {}: delete it by hand (it holds this run's contacts)", leftover, e);
            }
        }
    }
}
