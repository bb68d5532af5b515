package io.breachimpact.pipeline;

import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The landing area: one sub-directory per delivery, taken in the order of their names (name them so
 * that this is the order of delivery, e.g. {@code 2025-11-03-b1}). A directory without its marker is
 * still being copied; one whose marker was taken already (same name, same marker bytes) is done.
 */
public final class Landing {
    /** What ops/runs records of a taken delivery: its name as batch id, its marker's SHA-256 as fingerprint. */
    public static final JobName JOB = JobName.LANDING;

    private final FileSystem fs;
    private final Path root;
    private final String marker;

    public Landing(FileSystem fs, String root, String marker) {
        this.fs = fs;
        this.root = new Path(root);
        this.marker = marker;
    }

    /** A delivery's directory, present or not yet complete. */
    public record Waiting(String name, boolean complete) {
    }

    /** Every sub-directory, in order, and whether its marker is there. */
    public List<Waiting> directories() throws IOException {
        if (!fs.exists(root)) {
            return List.of();
        }
        List<Waiting> found = new ArrayList<>();
        FileStatus[] statuses = fs.listStatus(root);
        Arrays.sort(statuses, Comparator.comparing(s -> s.getPath().getName()));
        for (FileStatus s : statuses) {
            String name = s.getPath().getName();
            if (s.isDirectory() && !name.startsWith(".") && !name.startsWith("_")) {
                found.add(new Waiting(name, fs.exists(new Path(s.getPath(), marker))));
            }
        }
        return found;
    }

    /** The complete deliveries not taken yet, in order: their markers read (not their files checked). */
    public List<Delivery> pending(RunLedger ledger) throws IOException {
        List<Delivery> pending = new ArrayList<>();
        java.util.Map<String, String> taken = ledger.latestFingerprints(JOB);
        for (Waiting w : directories()) {
            if (!w.complete()) {
                continue;
            }
            Delivery delivery = Delivery.read(fs, new Path(root, w.name()), marker);
            if (!delivery.markerSha256().equals(taken.get(delivery.name()))) {
                pending.add(delivery);
            }
        }
        return pending;
    }

    public String root() {
        return root.toString();
    }
}
