package io.breachimpact.bench;

import io.breachimpact.spark.Lake;
import io.breachimpact.spark.SparkSessions;
import org.apache.spark.sql.SparkSession;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * {@code bin/bench chain}'s yardstick, run after the chain on the same lake: the tables exported as
 * Parquet (Spark), then DuckDB on the same data — (a) the dump's CSV to Parquet, (b) the exposure cube
 * from the silver records and the record-to-person table, (c) the same cube from the persons — each
 * timed, and both cubes checked cell by cell against the project's unsuppressed cube. Exit status
 * {@value #DIFFERS} when a cube differs (the bench fails loudly); 1, the JVM's own, when something else
 * failed.
 *
 * <pre>ChainYardstick --lake LAKE --work DIR [--dump DIR] [--threads 2] [--memory 8GB]</pre>
 */
public final class ChainYardstick {
    static final int DIFFERS = 3;

    private ChainYardstick() {
    }

    public static void main(String[] args) throws Exception {
        Path lake = null;
        Path work = null;
        Path dump = null;
        int threads = 2;
        String memory = "8GB";
        for (int i = 0; i < args.length; i += 2) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--lake" -> lake = Path.of(value);
                case "--work" -> work = Path.of(value);
                case "--dump" -> dump = Path.of(value);
                case "--threads" -> threads = Integer.parseInt(value);
                case "--memory" -> memory = value;
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + " (ChainYardstick --lake LAKE --work DIR [--dump DIR] [--threads N] [--memory SIZE])");
            }
        }
        if (lake == null || work == null) {
            throw new IllegalArgumentException("ChainYardstick --lake LAKE --work DIR [--dump DIR] [--threads N] [--memory SIZE]");
        }
        Files.createDirectories(work);
        CubeExports exports = new CubeExports(work.resolve("export"));
        long started = System.nanoTime();
        SparkSession.Builder builder = SparkSession.builder().master("local[" + threads + "]").appName("bench chain: exports")
                .config("spark.ui.enabled", "false");
        SparkSessions.REQUIRED.forEach(builder::config);
        SparkSession spark = builder.getOrCreate();
        try {
            exports.write(spark, new Lake(lake.toString()));
        } finally {
            spark.stop();
        }
        System.out.printf(Locale.ROOT, "yardstick export (Spark, not compared): %.1f s%n", seconds(started));

        boolean equal = true;
        try (DuckDbCube duck = new DuckDbCube(threads, memory, Files.createDirectories(work.resolve("duckdb-tmp")))) {
            if (dump != null) {
                long t = System.nanoTime();
                long rows = duck.csvToParquet(dump, work.resolve("dump.parquet"));
                System.out.printf(Locale.ROOT, "duckdb csv-to-parquet: %.2f s (%d rows)%n", seconds(t), rows);
            }
            long t = System.nanoTime();
            DuckDbCube.Cube fromRecords = duck.fromRecords(exports, "cube_from_records");
            System.out.printf(Locale.ROOT, "duckdb cube-from-records: %.2f s (%s)%n", seconds(t), describe(fromRecords));
            t = System.nanoTime();
            DuckDbCube.Cube fromPersons = duck.fromPersons(exports, "cube_from_persons");
            System.out.printf(Locale.ROOT, "duckdb cube-from-persons: %.2f s (%s)%n", seconds(t), describe(fromPersons));
            for (String table : new String[] {"cube_from_records", "cube_from_persons"}) {
                DuckDbCube.Comparison c = duck.compare(table, exports);
                String name = table.replace('_', '-');
                if (c.equal()) {
                    System.out.printf(Locale.ROOT, "check %s: equal to the project's unsuppressed cube (%s)%n", name, describe(c.project()));
                } else {
                    equal = false;
                    System.out.printf(Locale.ROOT, "check %s: DIFFERS from the project's unsuppressed cube in %d cell(s) (project: %s)%n",
                            name, c.differingCells(), describe(c.project()));
                    c.examples().forEach(e -> System.out.println("  " + e));
                }
            }
        }
        System.exit(equal ? 0 : DIFFERS);
    }

    private static String describe(DuckDbCube.Cube cube) {
        return String.format(Locale.ROOT, "%d cells, %d persons summed over cells, %d (record, class) pairs", cube.cells(), cube.personCells(),
                cube.recordClassPairs());
    }

    private static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }
}
