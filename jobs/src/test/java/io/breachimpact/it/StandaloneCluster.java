package io.breachimpact.it;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A real Spark standalone master and worker on 127.0.0.1, started from Spark's own jars (copied by
 * the build into target/spark-home/jars: no Spark distribution is needed), and spark-submit through
 * Spark's own submission class.
 */
final class StandaloneCluster implements AutoCloseable {
    static final String JAVA17_OPENS_PROPERTY = "breachimpact.java17.opens";

    private final Path sparkHome;
    private final Path work;
    private final List<Process> processes = new ArrayList<>();
    private final int masterPort;

    /** A master and one worker of two cores. */
    StandaloneCluster(Path sparkHome, Path work) throws IOException, InterruptedException {
        this(sparkHome, work, 1);
    }

    /**
     * The JIT flag of every process the integration tests start: their runs are short and their data
     * small, and C2's compile threads would take a third of two cores' time from the runs themselves
     * (a nightly on 3,400 records: 140 s of CPU, 88 s with this flag). Production runs keep C2.
     */
    static final String QUICK_JIT = "-XX:TieredStopAtLevel=1";

    /** A master and {@code workers} workers sharing this machine's two cores (work directories worker-1, worker-2, …). */
    StandaloneCluster(Path sparkHome, Path work, int workers) throws IOException, InterruptedException {
        this.sparkHome = sparkHome;
        this.work = work;
        this.masterPort = freePort();
        Path masterLog = work.resolve("master.log");
        processes.add(start(List.of("org.apache.spark.deploy.master.Master", "--host", "127.0.0.1",
                "--port", String.valueOf(masterPort), "--webui-port", String.valueOf(freePort())), masterLog));
        await(masterLog, "I have been elected leader", Duration.ofSeconds(60));
        for (int w = 1; w <= workers; w++) {
            String name = workers == 1 ? "worker" : "worker-" + w;
            Path workerLog = work.resolve(name + ".log");
            processes.add(start(List.of("org.apache.spark.deploy.worker.Worker", masterUrl(), "--cores", String.valueOf(Math.max(1, 2 / workers)),
                    "--memory", workers == 1 ? "2g" : "1500m", "--webui-port", String.valueOf(freePort()), "--work-dir",
                    work.resolve(name).toString()), workerLog));
            await(workerLog, "Successfully registered with master", Duration.ofSeconds(60));
        }
    }

    String masterUrl() {
        return "spark://127.0.0.1:" + masterPort;
    }

    /** Runs spark-submit (Spark's SparkSubmit class) to completion; returns its exit code, output in the log. */
    int submit(Path log, List<String> arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("org.apache.spark.deploy.SparkSubmit"));
        command.addAll(arguments);
        Process submit = start(command, log);
        if (!submit.waitFor(5, java.util.concurrent.TimeUnit.MINUTES)) {
            submit.destroyForcibly();
            throw new IllegalStateException("spark-submit did not finish in 5 minutes; see " + log);
        }
        return submit.exitValue();
    }

    private Process start(List<String> mainAndArgs, Path log) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx1g");
        command.add(QUICK_JIT);
        command.addAll(List.of(System.getProperty(JAVA17_OPENS_PROPERTY).trim().split("\\s+")));
        command.add("-cp");
        command.add(sparkHome.resolve("jars") + "/*");
        command.addAll(mainAndArgs);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        // The worker launches executors from SPARK_HOME and needs the Scala version to find them.
        env.put("SPARK_HOME", sparkHome.toString());
        env.put("SPARK_SCALA_VERSION", "2.12");
        env.put("SPARK_LOCAL_IP", "127.0.0.1");
        env.put("SPARK_LOG_DIR", work.toString());
        return builder.start();
    }

    private static void await(Path log, String line, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(log) && Files.readString(log).contains(line)) {
                return;
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("'" + line + "' not seen in " + log + ":\n" + (Files.exists(log) ? Files.readString(log) : ""));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        for (int i = processes.size() - 1; i >= 0; i--) {
            Process p = processes.get(i);
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroy();
            try {
                if (!p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                    p.descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
