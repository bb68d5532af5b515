package io.breachimpact.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The analyst's way: spark-submit of the shaded jar to a real standalone master and worker on
 * 127.0.0.1, with the cluster profile. The dump it writes is byte-for-byte the one a local run writes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SparkSubmitIT {
    private Path work;
    private StandaloneCluster cluster;
    private final String jar = System.getProperty("breachimpact.shaded.jar");

    @BeforeAll
    void startCluster() throws Exception {
        work = Files.createTempDirectory("breach-impact-it-");
        cluster = new StandaloneCluster(Path.of(System.getProperty("breachimpact.spark.home")), work);
    }

    @AfterAll
    void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private int submit(String name, String master, String... jobArguments) throws Exception {
        List<String> args = new ArrayList<>(List.of("--master", master, "--deploy-mode", "client",
                "--conf", "spark.driver.host=127.0.0.1", "--conf", "spark.executor.memory=1g",
                "--conf", "spark.ui.enabled=false", "--class", "io.breachimpact.cli.Main", jar));
        args.addAll(List.of(jobArguments));
        return cluster.submit(work.resolve(name + ".log"), args);
    }

    private String log(String name) throws IOException {
        return Files.readString(work.resolve(name + ".log"));
    }

    @Test
    void generateRunsOnTheClusterAndWritesWhatALocalRunWrites() throws Exception {
        String lake = "file://" + work.resolve("lake");
        String[] job = {"generate", "--profile", "cluster", "--set", "lake.root=" + lake,
                "--rows", "9000", "--rows-per-file", "3000", "--seed", "77"};

        int onCluster = submit("cluster", cluster.masterUrl(), concat(job, "--batch", "on-cluster"));
        assertEquals(0, onCluster, log("cluster"));
        assertTrue(log("cluster").contains("Generated 9,000 records"), log("cluster"));
        assertTrue(log("cluster").contains("app-"), "the job ran as an application of the standalone master");

        int local = submit("local", "local[2]", concat(job, "--batch", "local"));
        assertEquals(0, local, log("local"));

        Map<String, String> clusterFiles = digests(work.resolve("lake/raw/on-cluster"));
        assertEquals(3, clusterFiles.size(), clusterFiles.toString());
        assertEquals(clusterFiles, digests(work.resolve("lake/raw/local")));
        assertEquals(digests(work.resolve("lake/ground-truth/on-cluster")).keySet().size(), 4, "3 truth files and the report");
    }

    @Test
    void exitCodesReachTheSchedulerThroughSparkSubmit() throws Exception {
        assertEquals(2, submit("usage", cluster.masterUrl(), "generate", "--rows", "many"), log("usage"));
        assertTrue(log("usage").contains("'many'"), log("usage"));
        assertEquals(2, submit("config", cluster.masterUrl(), "generate", "--profile", "cluster", "--set", "generate.rows=-5"),
                log("config"));
        assertTrue(log("config").contains("generate.rows"), log("config"));
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = new String[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    private static Map<String, String> digests(Path dir) throws IOException, NoSuchAlgorithmException {
        Map<String, String> result = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                result.put(f.getFileName().toString(),
                        HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f))));
            }
        }
        return result;
    }
}
