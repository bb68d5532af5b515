package io.breachimpact.ingest;

import io.breachimpact.error.BreachImpactException;
import io.breachimpact.error.ExitCode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Nothing lost: for every file of a batch, records read = bronze rows = accepted into silver +
 * quarantined. Checked before silver is written (the quarantine written just before is taken back
 * when the counts do not balance); a mismatch fails the run.
 */
public final class Reconciliation {
    /**
     * One file's line of the reconciliation.
     *
     * @param rowsRead rows read (lines, or the rows of an SQL dump's tables)
     * @param joined   rows joined into the records of other rows (an account into its documents' records)
     */
    public record FileCounts(String file, long rowsRead, long physicalLines, long joined, long bronze, long accepted, long quarantined) {
        /** The records the rows made: each row read is one, but for the rows joined into others. */
        public long read() {
            return rowsRead < 0 ? rowsRead : rowsRead - joined;
        }

        boolean balanced() {
            return read() == bronze && bronze == accepted + quarantined;
        }
    }

    private final Map<String, FileCounts> files = new TreeMap<>();

    public Reconciliation(List<FileReadCount> reads, List<FileJoinCount> joins, Map<String, long[]> bronzeAcceptedQuarantined) {
        Map<String, Long> joinedByFile = new java.util.HashMap<>();
        joins.forEach(j -> joinedByFile.merge(j.file(), j.rows(), Long::sum));
        Map<String, FileReadCount> readByFile = new LinkedHashMap<>();
        for (FileReadCount r : reads) {
            FileReadCount previous = readByFile.put(r.file(), r);
            if (previous != null) {
                // A file read twice (a retried task) is a count that cannot be trusted: make it visible.
                readByFile.put(r.file(), new FileReadCount(r.file(), r.records() + previous.records(),
                        r.physicalLines() + previous.physicalLines(), r.bytes() + previous.bytes()));
            }
        }
        java.util.Set<String> names = new java.util.TreeSet<>(readByFile.keySet());
        names.addAll(bronzeAcceptedQuarantined.keySet());
        names.addAll(joinedByFile.keySet());
        for (String file : names) {
            FileReadCount read = readByFile.get(file);
            long[] counts = bronzeAcceptedQuarantined.getOrDefault(file, new long[3]);
            files.put(file, new FileCounts(file, read == null ? -1 : read.records(), read == null ? -1 : read.physicalLines(),
                    joinedByFile.getOrDefault(file, 0L), counts[0], counts[1], counts[2]));
        }
    }

    public List<FileCounts> files() {
        return new ArrayList<>(files.values());
    }

    public boolean balanced() {
        return files.values().stream().allMatch(FileCounts::balanced);
    }

    public long total(java.util.function.ToLongFunction<FileCounts> field) {
        return files.values().stream().mapToLong(field).sum();
    }

    /** Fails the run (exit 4) when any file does not balance, naming it. */
    public void requireBalanced() {
        if (!balanced()) {
            List<String> bad = files.values().stream().filter(f -> !f.balanced())
                    .map(f -> f.file() + " (read " + f.read() + (f.joined() > 0 ? " of " + f.rowsRead() + " rows, " + f.joined() + " joined" : "")
                            + ", bronze " + f.bronze() + ", accepted " + f.accepted()
                            + ", quarantined " + f.quarantined() + ")").toList();
            throw new BreachImpactException(ExitCode.RECONCILIATION_FAILED,
                    "the counts do not reconcile; silver was not written and the batch's quarantine was taken back: " + String.join("; ", bad)
                            + "\n" + render());
        }
    }

    public String render() {
        StringBuilder sb = new StringBuilder();
        if (total(FileCounts::joined) > 0) {
            sb.append(String.format(Locale.ROOT, "  %,d rows read, of which %,d were joined into the records of other rows (an account "
                    + "into its documents'): %,d records%n", total(FileCounts::rowsRead), total(FileCounts::joined), total(FileCounts::read)));
        }
        sb.append(String.format(Locale.ROOT, "  %-44s %12s %12s %12s %12s %12s  %s%n", "file", "lines", "records read", "bronze",
                "silver", "quarantine", "check"));
        for (FileCounts f : files.values()) {
            sb.append(String.format(Locale.ROOT, "  %-44s %,12d %,12d %,12d %,12d %,12d  %s%n", shortName(f.file()), f.physicalLines(),
                    f.read(), f.bronze(), f.accepted(), f.quarantined(), f.balanced() ? "ok" : "MISMATCH"));
        }
        sb.append(String.format(Locale.ROOT, "  %-44s %,12d %,12d %,12d %,12d %,12d  %s%n", "total", total(FileCounts::physicalLines),
                total(FileCounts::read), total(FileCounts::bronze), total(FileCounts::accepted), total(FileCounts::quarantined),
                balanced() ? "ok" : "MISMATCH"));
        return sb.toString();
    }

    private static String shortName(String path) {
        int slash = path.lastIndexOf('/');
        String name = slash < 0 ? path : path.substring(slash + 1);
        return name.length() > 44 ? "…" + name.substring(name.length() - 43) : name;
    }
}
