package io.breachimpact.generate;

import io.breachimpact.error.BreachImpactException;
import io.breachimpact.spark.Directories;
import io.breachimpact.spark.HadoopConf;
import io.breachimpact.spark.SparkSessions;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.zip.GZIPOutputStream;

/**
 * Writes the synthetic dump: one Spark task per file, each generating its rows from the seed and its
 * index alone, so the output depends on the configuration, never on the cluster. The dump and its
 * ground truth are written beside their destinations and moved into place only when every file is
 * complete: a failed run leaves the previous dump untouched.
 */
public final class GenerateJob {
    private static final Logger LOG = LoggerFactory.getLogger(GenerateJob.class);

    private final GenerateConfig config;
    private final GenerationPlan plan;
    private final String out;
    private final String truthOut;
    private final boolean overwrite;

    /**
     * @param out       the dump's directory (the raw batch)
     * @param truthOut  the ground truth's directory, never inside the dump
     * @param overwrite replace an existing dump (atomically) instead of refusing
     */
    public GenerateJob(GenerateConfig config, String out, String truthOut, boolean overwrite) {
        this(config, GenerationPlan.first(config), out, truthOut, overwrite);
    }

    /**
     * A follow-up delivery of the population {@code of}'s batch belongs to ({@code generate --follow-up-of}).
     *
     * @param config     the configuration as given (the follow-up's rows, layout, format; the population's settings)
     * @param of         the batch followed, for messages and the report
     * @param ofTruthDir that batch's ground truth directory, which holds its generation report
     */
    public static GenerateJob followUp(SparkSession spark, GenerateConfig config, FollowUpConfig followUp, String of, String ofTruthDir,
                                       String out, String truthOut, boolean overwrite) {
        Path truth = new Path(ofTruthDir);
        FileSystem fs = fileSystem(truth, spark.sparkContext().hadoopConfiguration());
        Lineage base = Lineage.read(fs, truth, of);
        Lineage.refuseSecondFollowUp(fs, truth, of, new Path(truthOut));
        GenerateConfig population = base.population(config, of);
        FollowUpPlan plan = FollowUpPlan.of(population, followUp, of, base, config.rows(), config.rowsPerFile());
        // The files are written as asked (layout, format, compression); their records are the population's.
        GenerateConfig written = population.with(config.rows(), null, config.rowsPerFile(), config.format(), config.gzip())
                .withLayout(config.layout());
        return new GenerateJob(written, plan, out, truthOut, overwrite);
    }

    private GenerateJob(GenerateConfig config, GenerationPlan plan, String out, String truthOut, boolean overwrite) {
        this.config = config;
        this.plan = plan;
        this.out = out;
        this.truthOut = truthOut;
        this.overwrite = overwrite;
    }

    /** What the files are written with (a follow-up's: the population's settings, the rows and layout asked for). */
    public GenerateConfig config() {
        return config;
    }

    /**
     * What a run produced.
     *
     * @param followUp what a follow-up delivery holds (empty for a population's first batch)
     */
    public record Result(GenerationStats stats, String dump, String truth, long millis, java.util.Map<String, Object> followUp) {
        public double rowsPerSecond() {
            return millis == 0 ? 0 : stats.rows() * 1000.0 / millis;
        }
    }

    public Result run(SparkSession spark) {
        long start = System.nanoTime();
        Configuration hadoop = spark.sparkContext().hadoopConfiguration();
        Path dump = new Path(out);
        Path truth = new Path(truthOut);
        if (dump.equals(truth) || truth.toString().startsWith(dump + "/")) {
            throw BreachImpactException.config("the ground truth (" + truthOut + ") must not be written inside the dump (" + out + ")");
        }
        FileSystem fs = fileSystem(dump, hadoop);
        refuseExisting(fs, dump);
        refuseExisting(fileSystem(truth, hadoop), truth);

        String runId = UUID.randomUUID().toString().substring(0, 8);
        Path dumpTmp = Directories.sibling(dump, ".tmp-" + runId);
        Path truthTmp = Directories.sibling(truth, ".tmp-" + runId);
        try {
            mkdirs(fs, dumpTmp);
            mkdirs(fileSystem(truth, hadoop), truthTmp);
            int files = plan.files();
            SparkSessions.describe(spark, "generate", plan.rows() + " rows into " + files + " " + config.format().name().toLowerCase() + " files");
            GenerateConfig cfg = config;
            GenerationPlan tasks = plan;
            String dumpDir = dumpTmp.toString();
            String truthDir = truthTmp.toString();
            HadoopConf conf = new HadoopConf(hadoop);
            List<Integer> indices = IntStream.range(0, files).boxed().toList();
            List<GenerationStats> perFile = new JavaSparkContext(spark.sparkContext())
                    .parallelize(indices, files)
                    .map(file -> writeFile(cfg, tasks, file, dumpDir, truthDir, conf))
                    .collect();
            GenerationStats stats = perFile.stream().reduce(new GenerationStats(), GenerationStats::merge);
            if (stats.rows() != plan.rows() || stats.files() != files) {
                throw new IllegalStateException("generated " + stats.rows() + " rows in " + stats.files()
                        + " files, expected " + plan.rows() + " in " + files);
            }
            long millis = (System.nanoTime() - start) / 1_000_000;
            GenerationReport.write(fileSystem(truth, hadoop), new Path(truthTmp, GenerationReport.FILE_NAME), config, plan, stats, millis);
            Directories.publish(fs, dumpTmp, dump, runId);
            Directories.publish(fileSystem(truth, hadoop), truthTmp, truth, runId);
            LOG.info("generated {} rows ({} persons) into {} in {} ms", stats.rows(), stats.persons(), dump, millis);
            return new Result(stats, dump.toString(), truth.toString(), millis, plan.followUp());
        } finally {
            deleteQuietly(fs, dumpTmp);
            deleteQuietly(fileSystem(truth, hadoop), truthTmp);
        }
    }

    /** One task: one file of the dump and its ground truth. */
    static GenerationStats writeFile(GenerateConfig config, GenerationPlan plan, int file, String dumpDir, String truthDir, HadoopConf conf)
            throws IOException {
        RecordSource generator = plan.open(file);
        GenerationStats stats = new GenerationStats();
        String name = fileName(file, plan.files());
        Path dumpFile = new Path(dumpDir, name + extension(config));
        Path truthFile = new Path(truthDir, "truth-" + name + ".csv");
        FileSystem dumpFs = fileSystem(dumpFile, conf.get());
        try (DumpSink sink = openSink(config, file, dumpFile, conf.get(), generator.dirt(), stats);
             TruthSink truth = new TruthSink(buffered(fileSystem(truthFile, conf.get()).create(truthFile, false)))) {
            while (generator.hasNext()) {
                DumpRecord r = generator.next();
                sink.write(r);
                truth.write(r);
                stats.count(r);
            }
        }
        stats.finish(generator.personCount(), dumpFs.getFileStatus(dumpFile).getLen());
        return stats;
    }

    private static DumpSink openSink(GenerateConfig config, int index, Path file, Configuration hadoop, DirtInjector dirt,
                                     GenerationStats stats) throws IOException {
        FileSystem fs = fileSystem(file, hadoop);
        if (config.format() == OutputFormat.PARQUET) {
            return new ParquetDumpSink(file, hadoop, config.gzip(), dirt);
        }
        OutputStream raw = fs.create(file, false);
        OutputStream out = config.gzip() ? new GZIPOutputStream(raw, 1 << 16) : raw;
        return switch (config.layout()) {
            case AGENCY_CSV -> new CsvDumpSink(buffered(out), dirt, stats);
            case FR_SEMICOLON -> new FrenchSemicolonSink(buffered(out), dirt);
            case AGENCY_JSONL -> new JsonLinesSink(buffered(out), dirt);
            case AGENCY_SQL -> new SqlDumpSink(buffered(out), dirt, index);
        };
    }

    private static OutputStream buffered(OutputStream out) {
        return new BufferedOutputStream(out, 1 << 20);
    }

    /** "records-00001-of-00019": like the parts of a real export. */
    static String fileName(int file, int files) {
        StringBuilder sb = new StringBuilder("records-");
        Text.appendPadded(sb, file + 1, 5);
        sb.append("-of-");
        Text.appendPadded(sb, files, 5);
        return sb.toString();
    }

    private static String extension(GenerateConfig config) {
        String text = switch (config.layout()) {
            case AGENCY_JSONL -> ".jsonl";
            case AGENCY_SQL -> ".sql";
            default -> ".csv";
        };
        return config.format() == OutputFormat.PARQUET ? ".parquet" : config.gzip() ? text + ".gz" : text;
    }

    private void refuseExisting(FileSystem fs, Path path) {
        try {
            if (fs.exists(path) && !overwrite) {
                throw BreachImpactException.config(path + " already exists: choose another --batch or --out, or pass --overwrite");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot check " + path, e);
        }
    }

    /** The file system of a path; on a local disk without Hadoop's .crc side files, which a dump never has. */
    private static FileSystem fileSystem(Path path, Configuration hadoop) {
        try {
            FileSystem fs = path.getFileSystem(hadoop);
            fs.setWriteChecksum(false);
            return fs;
        } catch (IOException e) {
            throw BreachImpactException.config("cannot reach the file system of " + path + ": " + e.getMessage());
        }
    }

    private static void mkdirs(FileSystem fs, Path dir) {
        try {
            fs.mkdirs(dir.getParent());
            if (!fs.mkdirs(dir)) {
                throw new IOException("mkdirs returned false");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
    }

    private static void deleteQuietly(FileSystem fs, Path dir) {
        try {
            if (fs.exists(dir)) {
                fs.delete(dir, true);
            }
        } catch (IOException e) {
            LOG.warn("could not remove the unfinished output {}: {}", dir, e.getMessage());
        }
    }

}
