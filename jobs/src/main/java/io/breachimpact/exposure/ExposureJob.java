package io.breachimpact.exposure;

import io.breachimpact.config.PolicyConfig;
import io.breachimpact.error.BreachImpactException;
import io.breachimpact.error.ExitCode;
import io.breachimpact.pipeline.CountKey;
import io.breachimpact.pipeline.Counts;
import io.breachimpact.pipeline.JobName;
import io.breachimpact.pipeline.JobScope;
import io.breachimpact.pipeline.LakeJob;
import io.breachimpact.pipeline.LakeTable;
import io.breachimpact.pipeline.RunLedger;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.sum;

/**
 * Persons → severity (gold/severity) and the exposure cube: the internal, unsuppressed cube and
 * roll-ups; checks that every figure adds up; then the published tables with small cells suppressed
 * (gold/exposure, gold/exposure_rollups, gold/exposure_combinations). Nothing is published when a
 * check fails.
 */
public final class ExposureJob implements LakeJob<ExposureJob.Result> {
    public static final JobName JOB = JobName.EXPOSURE;
    /**
     * The shape of what this job publishes: part of a run's input fingerprint, so that a new roll-up
     * (2: document type × age band; 3: the cells kept for incremental nights) is built on the next run
     * even when the persons did not change.
     */
    static final int TABLES_VERSION = 3;

    /** What a run counts, in ops/runs. */
    public enum Count implements CountKey {
        PERSONS,
        /** Per severity level: {@code persons_HIGH} … */
        PERSONS_AT,
        CUBE_CELLS, CUBE_CELLS_SUPPRESSED, SUPPRESSION_K;

        @Override
        public String key(String member) {
            return this == PERSONS_AT ? "persons_" + member : CountKey.super.key(member);
        }
    }

    private final PolicyConfig policy;
    private final SeverityPolicy severityPolicy;
    private final int k;
    private final int top;

    private boolean incremental = false;

    public ExposureJob(PolicyConfig policy) {
        this.policy = policy;
        this.severityPolicy = SeverityPolicy.from(policy);
        this.k = policy.reader().intBetween("policy.suppression.k", 2, 1000);
        this.top = policy.reader().intBetween("policy.exposure.top-combinations", 1, 1000);
    }

    /**
     * When on, a run after an exposure whose tables are as it left them scores only the persons that
     * changed since, if silver/persons changed row by row ({@link ExposureChanges}); the tables are
     * those a run over every person gives.
     */
    public ExposureJob incremental(boolean on) {
        this.incremental = on;
        return this;
    }

    /**
     * What a run did.
     *
     * @param changedRows when only the persons that changed were scored: the rows of silver/persons' change data feed read
     */
    public record Result(boolean skipped, long persons, Map<String, Long> byLevel, List<String> checks, long cells,
                         long suppressedCells, List<Row> topCombinations, String policyVersion, Optional<Long> changedRows) {
    }

    @Override
    public JobName name() {
        return JOB;
    }

    @Override
    public List<LakeTable> inputs() {
        return List.of(LakeTable.SILVER_PERSONS, LakeTable.SILVER_RECORDS);
    }

    /** Persons as a finished resolve (or rekey) left them: not a resolve killed between its commits. */
    @Override
    public List<LakeTable> finishedInputs() {
        return List.of(LakeTable.SILVER_PERSONS);
    }

    @Override
    public String dependsOn() {
        return "policy " + policy.version() + "/" + policy.hash() + ";tables " + TABLES_VERSION;
    }

    /**
     * Persons of the current shape, made from the current records: the cube counts the records as resolve
     * saw them (the persons' document exposures), and persons made from an earlier version of
     * silver/records would publish figures silver no longer holds.
     */
    @Override
    public void check(JobScope scope) {
        if (!List.of(scope.read(LakeTable.SILVER_PERSONS).columns()).contains("document_exposures")) {
            throw BreachImpactException.badInput("silver/persons at " + scope.path(LakeTable.SILVER_PERSONS) + " was written by an earlier "
                    + "version of resolve (no document_exposures): run `breach-impact resolve` again");
        }
        long current = scope.inputVersion(LakeTable.SILVER_RECORDS);
        scope.ledger().lastSucceeded(null, JobName.RESOLVE).flatMap(resolved -> resolved.tableVersion(LakeTable.SILVER_RECORDS))
                .filter(read -> read != current).ifPresent(read -> {
                    throw BreachImpactException.badInput("silver/records is at version " + current + " but silver/persons was resolved "
                            + "from version " + read + ": run `breach-impact resolve` before exposure");
                });
    }

    @Override
    public Result skipped(JobScope scope, RunLedger.Run previous) {
        return new Result(true, 0, Map.of(), List.of(), 0, 0, List.of(), policy.version(), Optional.empty());
    }

    @Override
    public Counts counts(Result result) {
        return new Counts().put(Count.PERSONS, result.persons()).putEach(Count.PERSONS_AT, result.byLevel())
                .put(Count.CUBE_CELLS, result.cells()).put(Count.CUBE_CELLS_SUPPRESSED, result.suppressedCells()).put(Count.SUPPRESSION_K, k);
    }

    @Override
    public Result work(JobScope scope) {
        SparkSession spark = scope.spark();
        scope.stage("severity", "severity per person");
        Optional<ExposureChanges.Night> night = ExposureChanges.basis(scope, this, incremental)
                .flatMap(from -> ExposureChanges.apply(scope, from, severityPolicy, policy.version()));
        Dataset<Row> documentCells;
        Dataset<Row> personCells;
        if (night.isPresent()) {
            documentCells = night.get().documentCells();
            personCells = night.get().personCells();
            io.breachimpact.pipeline.FailPoints.reach("exposure.after-severity");
            scope.stage("cube", "exposure cube");
        } else {
            Dataset<Row> scored = Severity.score(scope.read(LakeTable.SILVER_PERSONS).select(ExposureChanges.PERSON_COLUMNS.stream()
                    .map(org.apache.spark.sql.functions::col).toArray(org.apache.spark.sql.Column[]::new)), severityPolicy);
            scope.replace(LakeTable.GOLD_SEVERITY, scored.drop("document_exposures").withColumn("policy_version", lit(policy.version())));
            Dataset<Row> severity = scope.read(LakeTable.GOLD_SEVERITY);
            io.breachimpact.pipeline.FailPoints.reach("exposure.after-severity");

            scope.stage("cube", "exposure cube");
            // Two scans build every figure: the persons' document exposures (scored again rather than
            // joined back to gold/severity: the same pure function of the same persons, no shuffle) and
            // gold/severity, each aggregated to a few thousand cells that the cube, the roll-ups, the
            // combinations and the reconciliation are sums of.
            documentCells = ExposureCube.documentCells(ExposureCube.personDocuments(scored)).localCheckpoint();
            personCells = ExposureCube.personCells(severity).localCheckpoint();
        }
        // Kept for the next night, which adds its changes to them (ExposureChanges).
        scope.replace(LakeTable.INTERNAL_PERSON_CELLS, personCells.coalesce(1));
        scope.replace(LakeTable.INTERNAL_DOCUMENT_CELLS, documentCells.coalesce(1));
        scope.replace(LakeTable.INTERNAL_EXPOSURE, ExposureCube.cube(documentCells, ExposureCube.regionAgePopulation(spark)).coalesce(1));
        List<Row> cube = scope.read(LakeTable.INTERNAL_EXPOSURE).collectAsList();
        List<Row> rollups = ExposureCube.rollups(spark, personCells, documentCells).collectAsList();
        List<Row> combinations = ExposureCube.combinations(personCells).collectAsList();

        scope.stage("reconcile", "reconcile the figures");
        Totals totals = Totals.of(personCells);
        List<String> checks = reconcile(totals, scope.read(LakeTable.SILVER_RECORDS), cube, rollups, combinations);

        scope.stage("publish", "publish with small cells suppressed");
        List<String> cubeDims = ExposureCube.CUBE_DIMENSIONS;
        List<Row> publishedCube = Publication.publish(cube, cubeDims, k,
                List.of(List.of("region_code", "age_band", "data_class", "document_type"), List.of("departement_code", "data_class", "document_type")),
                policy.version());
        scope.replace(LakeTable.GOLD_EXPOSURE, spark.createDataFrame(publishedCube, Publication.schema(cubeDims)).coalesce(1));

        List<String> rollupDims = new ArrayList<>();
        rollupDims.add("rollup");
        rollupDims.addAll(cubeDims);
        List<Row> publishedRollups = new ArrayList<>();
        for (Map.Entry<String, List<String>> rollup : ExposureCube.ROLLUPS.entrySet()) {
            List<Row> rows = rollups.stream().filter(r -> rollup.getKey().equals(r.getAs("rollup"))).toList();
            publishedRollups.addAll(Publication.publish(rows, rollupDims, k, complementGroups(rollup.getKey()), policy.version()));
        }
        scope.replace(LakeTable.GOLD_EXPOSURE_ROLLUPS, spark.createDataFrame(publishedRollups, Publication.schema(rollupDims)).coalesce(1));

        List<Row> topCombinations = Publication.publish(Publication.topCombinations(combinations, top), List.of("combination"), k,
                List.of(List.of()), policy.version());
        scope.replace(LakeTable.GOLD_EXPOSURE_COMBINATIONS,
                spark.createDataFrame(topCombinations, Publication.schema(List.of("combination"))).coalesce(1));

        Map<String, Long> byLevel = new LinkedHashMap<>();
        Row totalRow = rollups.stream().filter(r -> "total".equals(r.getAs("rollup"))).findFirst().orElseThrow();
        for (String level : ExposureCube.LEVELS) {
            byLevel.put(level, ((Number) totalRow.getAs(level)).longValue());
        }
        long suppressed = publishedCube.stream().filter(Publication::suppressed).count();
        return new Result(false, totals.persons(), byLevel, checks, cube.size(), suppressed, topCombinations, policy.version(),
                night.map(ExposureChanges.Night::feedRows));
    }

    /** Along which dimensions a roll-up's cells add up to another published figure. */
    static List<List<String>> complementGroups(String rollup) {
        return switch (rollup) {
            case "region", "age_band" -> List.of(List.of());
            case "departement" -> List.of(List.of("region_code"));
            case "region_age_band" -> List.of(List.of("region_code"), List.of("age_band"));
            // Age bands add up to the document type's published row; document types do not add up to anything.
            case "document_type_age_band" -> List.of(List.of("document_type"));
            // One row, or classes and documents several per person: no sum of them is published.
            default -> List.of();
        };
    }

    /**
     * Every figure adds up before anything is published: single-valued dimensions to the number of
     * persons, data classes and documents to the person-class and person-document pairs, records to
     * silver. A failure stops the run (exit 4) with the check that failed.
     */
    private List<String> reconcile(Totals expected, Dataset<Row> records, List<Row> cube, List<Row> rollups, List<Row> combinations) {
        long persons = expected.persons();
        long personRecords = expected.records();
        long classPairs = expected.classPairs();
        long documentPairs = expected.documentPairs();
        Row silver = records.agg(org.apache.spark.sql.functions.count(lit(1)), sum(size(col("data_classes")))).first();
        long silverRecords = silver.getLong(0);
        long recordClassPairs = silver.isNullAt(1) ? 0 : silver.getLong(1);

        List<String> checks = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        check(checks, failures, "records of the persons = silver records", personRecords, silverRecords);
        for (String rollup : List.of("total", "region", "departement", "age_band", "region_age_band")) {
            check(checks, failures, "persons summed by " + rollup + " = persons", total(rollups, rollup, "persons"), persons);
            check(checks, failures, "records summed by " + rollup + " = silver records", total(rollups, rollup, "records"), silverRecords);
        }
        long levels = 0;
        for (String level : ExposureCube.LEVELS) {
            levels += total(rollups, "total", level);
        }
        check(checks, failures, "persons by severity level = persons", levels, persons);
        check(checks, failures, "persons summed by data class = (person, class) pairs", total(rollups, "data_class", "persons"), classPairs);
        check(checks, failures, "records summed by data class = (record, class) pairs", total(rollups, "data_class", "records"), recordClassPairs);
        check(checks, failures, "persons summed by document type = (person, document) pairs", total(rollups, "document_type", "persons"), documentPairs);
        check(checks, failures, "records summed by document type = silver records", total(rollups, "document_type", "records"), silverRecords);
        check(checks, failures, "persons summed by document type × age band = (person, document) pairs",
                total(rollups, "document_type_age_band", "persons"), documentPairs);
        check(checks, failures, "records summed by document type × age band = silver records",
                total(rollups, "document_type_age_band", "records"), silverRecords);
        check(checks, failures, "cube records = (record, class) pairs", cube.stream().mapToLong(r -> ((Number) r.getAs("records")).longValue()).sum(),
                recordClassPairs);
        check(checks, failures, "persons summed by data-class combination = persons",
                combinations.stream().mapToLong(r -> ((Number) r.getAs("persons")).longValue()).sum(), persons);
        if (!failures.isEmpty()) {
            throw new BreachImpactException(ExitCode.RECONCILIATION_FAILED, "the exposure figures do not add up; nothing was published: "
                    + String.join("; ", failures));
        }
        return checks;
    }

    /** What the persons add up to, from their cells: the figures every roll-up is checked against. */
    record Totals(long persons, long records, long classPairs, long documentPairs) {
        static Totals of(Dataset<Row> personCells) {
            Row t = personCells.agg(sum(col("persons")), sum(col("records")), sum(col("persons").multiply(size(col("data_classes")))),
                    sum(col("documents"))).first();
            return new Totals(t.isNullAt(0) ? 0 : t.getLong(0), t.isNullAt(1) ? 0 : t.getLong(1), t.isNullAt(2) ? 0 : t.getLong(2),
                    t.isNullAt(3) ? 0 : t.getLong(3));
        }
    }

    private static long total(List<Row> rollups, String rollup, String field) {
        return rollups.stream().filter(r -> rollup.equals(r.getAs("rollup"))).mapToLong(r -> ((Number) r.getAs(field)).longValue()).sum();
    }

    private static void check(List<String> checks, List<String> failures, String what, long actual, long expected) {
        String line = String.format(java.util.Locale.ROOT, "%-60s %,14d %s", what, actual, actual == expected ? "ok" : "MISMATCH (expected "
                + String.format(java.util.Locale.ROOT, "%,d", expected) + ")");
        checks.add(line);
        if (actual != expected) {
            failures.add(what + ": " + actual + " ≠ " + expected);
        }
    }
}
