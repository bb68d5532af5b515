package io.breachimpact.pipeline;

import io.breachimpact.error.BreachImpactException;
import io.breachimpact.error.ExitCode;
import org.apache.hadoop.conf.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One writer at a time on a lake: a lease file on the lake's own file system (so that it holds on a
 * cluster whose driver may start on any host), naming its holder. The holder renews the lease (the
 * file's modification time) while it lives; a lease not renewed for {@code lease} is stale and the
 * next run takes it over, as is at once the lease of a process on this host that no longer exists
 * (a run killed a minute ago does not block the rerun for a whole lease). A holder that finds the
 * lock taken from it stops before its next commit ({@link #requireHeld()}).
 */
public final class LakeLock implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LakeLock.class);

    /** Who holds the lock: written in the lock file as {@code key=value} lines. */
    public record Holder(String runId, String command, String host, long pid, long processStart, Instant since) {
        public static Holder ofThisProcess(String runId, String command) {
            ProcessHandle self = ProcessHandle.current();
            long start = self.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
            return new Holder(runId, command, hostName(), self.pid(), start, Instant.now());
        }

        byte[] bytes() {
            return ("run_id=" + runId + "\ncommand=" + command + "\nhost=" + host + "\npid=" + pid + "\nprocess_start=" + processStart
                    + "\nsince=" + since + "\n").getBytes(StandardCharsets.UTF_8);
        }

        static Optional<Holder> parse(byte[] bytes) {
            Map<String, String> fields = new LinkedHashMap<>();
            for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    fields.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
            try {
                return Optional.of(new Holder(fields.get("run_id"), fields.getOrDefault("command", "?"), fields.getOrDefault("host", "?"),
                        Long.parseLong(fields.getOrDefault("pid", "-1")), Long.parseLong(fields.getOrDefault("process_start", "0")),
                        Instant.parse(fields.get("since"))));
            } catch (RuntimeException e) {
                return Optional.empty();
            }
        }

        /** "run R (nightly) on host H, pid P, since T". */
        public String describe() {
            return "run " + runId + " (" + command + ") on host " + host + ", pid " + pid + ", since " + since;
        }

        /** Whether this holder is a process of this host that has ended (a pid reused since counts as ended). */
        boolean endedOnThisHost() {
            if (!host.equals(hostName()) || pid <= 0) {
                return false;
            }
            Optional<ProcessHandle> process = ProcessHandle.of(pid);
            if (process.isEmpty() || !process.get().isAlive()) {
                return true;
            }
            Optional<Instant> started = process.get().info().startInstant();
            return processStart > 0 && started.isPresent() && Math.abs(started.get().toEpochMilli() - processStart) > 2_000;
        }
    }

    /** What {@code status} shows of a lock: its holder, and when its lease was last renewed. */
    public record State(Holder holder, Instant renewed, boolean stale) {
    }

    private final LockFiles file;
    private final Holder holder;
    private final byte[] content;
    private final Duration lease;
    private final ScheduledExecutorService renewer;
    private volatile boolean lost;

    private LakeLock(LockFiles file, Holder holder, Duration lease) {
        this.file = file;
        this.holder = holder;
        this.content = holder.bytes();
        this.lease = lease;
        this.renewer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "lake-lock-lease");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Takes the lake's lock for this run, or fails at once with exit code 5 naming the holder.
     *
     * @param path the lock file, on the lake's file system
     */
    public static LakeLock acquire(String path, Configuration hadoop, Holder me, Duration lease) {
        try {
            LockFiles file = LockFiles.at(path, hadoop);
            LakeLock lock = new LakeLock(file, me, lease);
            for (int attempt = 0; attempt < 3; attempt++) {
                if (file.createExclusive(lock.content)) {
                    lock.startRenewing();
                    return lock;
                }
                Optional<LockFiles.Stamped> current = file.read();
                if (current.isEmpty()) {
                    continue; // released in between: try again
                }
                Optional<Holder> other = Holder.parse(current.get().content());
                long age = System.currentTimeMillis() - current.get().modifiedMillis();
                boolean expired = age > lease.toMillis();
                boolean ended = other.map(Holder::endedOnThisHost).orElse(false);
                if (!expired && !ended) {
                    throw locked(other, file.where(), current.get().modifiedMillis(), lease);
                }
                // Moved aside atomically: of two runs taking over the same stale lock, one moves it.
                String aside = ".stale-" + me.runId();
                if (file.moveAside(aside)) {
                    LOG.warn("took over the lake's lock from {}: {}", other.map(Holder::describe).orElse("an unreadable holder"),
                            ended ? "that process has ended" : "its lease was not renewed for " + age / 1000 + " s");
                    file.deleteAside(aside);
                }
            }
            throw new BreachImpactException(ExitCode.LOCKED, "the lake's lock " + file.where() + " changed hands while this run "
                    + "tried to take it: another run is starting; retry later");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot take the lake's lock " + path, e);
        }
    }

    /** The lock's state, without taking it: for {@code status}. */
    public static Optional<State> inspect(String path, Configuration hadoop, Duration lease) {
        try {
            Optional<LockFiles.Stamped> current = LockFiles.at(path, hadoop).read();
            return current.flatMap(s -> Holder.parse(s.content()).map(h -> new State(h, Instant.ofEpochMilli(s.modifiedMillis()),
                    System.currentTimeMillis() - s.modifiedMillis() > lease.toMillis() || h.endedOnThisHost())));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the lake's lock " + path, e);
        }
    }

    private static BreachImpactException locked(Optional<Holder> other, String where, long renewed, Duration lease) {
        String who = other.map(Holder::describe).orElse("a run whose lock file cannot be read");
        return new BreachImpactException(ExitCode.LOCKED, "the lake is locked by " + who + " (lease renewed "
                + Instant.ofEpochMilli(renewed) + ", expires after " + lease.toSeconds() + " s without renewal; lock file " + where
                + "): retry later. If that run is known to be dead on another host, wait for the lease to expire.");
    }

    private void startRenewing() {
        long every = Math.max(1, lease.toMillis() / 4);
        renewer.scheduleWithFixedDelay(this::renew, every, every, TimeUnit.MILLISECONDS);
    }

    private void renew() {
        try {
            Optional<LockFiles.Stamped> current = file.read();
            if (current.isEmpty() || !Arrays.equals(current.get().content(), content)) {
                lost = true;
                LOG.error("the lake's lock {} was taken from this run ({}): it stops before its next commit", file.where(),
                        current.flatMap(s -> Holder.parse(s.content())).map(Holder::describe).orElse("no holder now"));
                renewer.shutdown();
                return;
            }
            file.touch(System.currentTimeMillis());
        } catch (IOException | RuntimeException e) {
            // One failed renewal is not a lost lock: the lease outlives several renewals.
            LOG.warn("could not renew the lake's lock {}: {}", file.where(), e.toString());
        }
    }

    public Holder holder() {
        return holder;
    }

    /** Fails (exit 5) when the lock was taken over since: a run must not commit without it. */
    public void requireHeld() {
        if (lost) {
            throw new BreachImpactException(ExitCode.LOCKED, "this run lost the lake's lock (" + file.where() + ") to another run: "
                    + "it stopped before committing; run it again once the other has ended");
        }
    }

    @Override
    public void close() {
        renewer.shutdownNow();
        try {
            Optional<LockFiles.Stamped> current = file.read();
            if (current.isPresent() && Arrays.equals(current.get().content(), content)) {
                file.delete();
            }
        } catch (IOException e) {
            LOG.warn("could not release the lake's lock {}: the next run takes it over once its lease expires", file.where(), e);
        }
    }

    static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return Optional.ofNullable(System.getenv("HOSTNAME")).orElse("unknown-host");
        }
    }
}
