package io.breachimpact.exposure;

import io.breachimpact.ingest.normalize.DataClass;
import io.breachimpact.reference.ReferenceData;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

/**
 * The exposure cube and its roll-ups, before suppression (internal). A cell counts the persons who
 * had a record of that document type exposing that data class, their records, and the persons by
 * severity level; the population of the région and age band is the denominator of the rate per
 * 1,000 inhabitants. Région, département and age band are one per person (the most recent address,
 * the birth date) and add up to the total; data classes and document types are several per person, so
 * their roll-ups add up to the number of (person, class) and (person, document) pairs instead.
 */
public final class ExposureCube {
    private ExposureCube() {
    }

    public static final List<String> CUBE_DIMENSIONS = List.of("region_code", "departement_code", "age_band", "data_class", "document_type");
    public static final List<String> LEVELS = List.of("low", "medium", "high", "very_high");

    /** The roll-ups published besides the cube, by name, with the dimensions each keeps. */
    public static final Map<String, List<String>> ROLLUPS = rollups();

    private static Map<String, List<String>> rollups() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put("total", List.of());
        m.put("region", List.of("region_code"));
        m.put("departement", List.of("region_code", "departement_code"));
        m.put("age_band", List.of("age_band"));
        m.put("region_age_band", List.of("region_code", "age_band"));
        m.put("data_class", List.of("data_class"));
        m.put("document_type", List.of("document_type"));
        // Documents are several per person: this table adds up within a document type, not within an age band.
        m.put("document_type_age_band", List.of("document_type", "age_band"));
        return m;
    }

    private static final List<String> CLASSES = java.util.Arrays.stream(DataClass.values()).map(Enum::name).toList();

    private static String n(String dataClass) {
        return "n_" + dataClass;
    }

    /**
     * One row per person and document type: the person's dimensions and level, the records of that
     * type, and for each data class how many of them expose it ({@code n_NAME}, …), straight from the
     * person's {@code document_exposures} (resolve counted them from the person's records). Counting
     * per class in columns keeps this at about one row per record, where exploding the classes would
     * make six.
     *
     * @param scoredPersons per person: {@code person_id}, {@code region_code}, {@code departement_code}, {@code age_band},
     *                      {@code level}, {@code document_exposures}, and {@link #WEIGHT} if the rows are changes
     */
    public static Dataset<Row> personDocuments(Dataset<Row> scoredPersons) {
        List<Column> columns = new ArrayList<>();
        for (String c : List.of("person_id", "region_code", "departement_code", "age_band", "level")) {
            columns.add(col(c));
        }
        columns.add(col("d.document_type").as("document_type"));
        columns.add(col("d.records").cast("long").as("records"));
        for (String dc : CLASSES) {
            columns.add(col("d." + n(dc)).cast("long").as(n(dc)));
        }
        columns.add(col(WEIGHT));
        return scoredPersons.select(col("person_id"), col("region_code"), col("departement_code"), col("age_band"), col("level"),
                        weight(scoredPersons).as(WEIGHT), explode(col("document_exposures")).as("d"))
                .select(columns.toArray(new Column[0]));
    }

    /**
     * The persons counted once, at the finest grain every single-valued figure is made of: région,
     * département, age band and the exact set of data classes (at most a few thousand cells for
     * millions of persons). The roll-ups by région, département, age band, data class and
     * combination, and the totals the job reconciles, are sums of these cells: one scan of the
     * persons instead of one per roll-up.
     *
     * @param severity one row per person: {@code region_code}, {@code departement_code}, {@code age_band},
     *                 {@code data_classes}, {@code documents_held}, {@code record_count}, {@code level}
     * @return the dimensions and {@code data_classes}, then {@code persons}, {@code records}, the level
     *         counts and {@code documents} ((person, document type) pairs)
     */
    public static Dataset<Row> personCells(Dataset<Row> severity) {
        Column weight = weight(severity);
        List<Column> aggs = new ArrayList<>(counts(sum(col("record_count").cast("long").multiply(weight)), col("level"), weight));
        aggs.add(sum(size(col("documents_held")).cast("long").multiply(weight)).as("documents"));
        return severity.groupBy(PERSON_CELL.stream().map(org.apache.spark.sql.functions::col).toArray(Column[]::new))
                .agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(new Column[0]));
    }

    /**
     * The person-document rows aggregated by région, département, age band and document type:
     * {@code persons} ((person, document type) pairs), {@code records}, the level counts, and per data
     * class the persons exposing it ({@code p_<class>}), its records ({@code r_<class>}) and its
     * persons by level ({@code <level>_<class>}). The cube and the document roll-ups are made of it.
     */
    public static Dataset<Row> documentCells(Dataset<Row> personDocuments) {
        Column weight = weight(personDocuments);
        List<Column> aggs = new ArrayList<>(counts(sum(col("records").multiply(weight)), col("level"), weight));
        for (String dc : CLASSES) {
            Column has = col(n(dc)).gt(0);
            aggs.add(sum(when(has, weight).otherwise(0L)).as("p_" + dc));
            aggs.add(sum(col(n(dc)).multiply(weight)).as("r_" + dc));
            for (String level : LEVELS) {
                aggs.add(sum(when(has.and(col("level").equalTo(level.toUpperCase())), weight).otherwise(0L)).as(level + "_" + dc));
            }
        }
        return personDocuments.groupBy(DOCUMENT_CELL.stream().map(org.apache.spark.sql.functions::col).toArray(Column[]::new))
                .agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(new Column[0]));
    }

    /**
     * A column rows may carry: how many persons each row counts as. A night's changes count a person's
     * new row once ({@code 1}) and take its former row out ({@code -1}), so that the cells they make,
     * added to the cells before, are the cells after ({@link #addedUp}). Without it, each row counts once.
     */
    public static final String WEIGHT = "weight";

    private static Column weight(Dataset<Row> rows) {
        return java.util.Arrays.asList(rows.columns()).contains(WEIGHT) ? col(WEIGHT).cast("long") : lit(1L);
    }

    /**
     * Cells of {@link #personCells} or {@link #documentCells} and changes to them (cells of weighted rows)
     * added up cell by cell; a cell left without persons is gone, as a count over the persons would not
     * make it.
     *
     * @param dimensions what identifies a cell (the other columns are counts)
     */
    public static Dataset<Row> addedUp(Dataset<Row> cells, Dataset<Row> changes, List<String> dimensions) {
        List<Column> sums = new ArrayList<>();
        for (String c : cells.columns()) {
            if (!dimensions.contains(c)) {
                sums.add(sum(col(c)).as(c));
            }
        }
        Column[] groups = dimensions.stream().map(org.apache.spark.sql.functions::col).toArray(Column[]::new);
        return cells.unionByName(changes).groupBy(groups).agg(sums.get(0), sums.subList(1, sums.size()).toArray(new Column[0]))
                .filter(col("persons").notEqual(0)).select(java.util.Arrays.stream(cells.columns()).map(org.apache.spark.sql.functions::col)
                        .toArray(Column[]::new));
    }

    /** What identifies a cell of {@link #personCells}. */
    public static final List<String> PERSON_CELL = List.of("region_code", "departement_code", "age_band", "data_classes");
    /** What identifies a cell of {@link #documentCells}. */
    public static final List<String> DOCUMENT_CELL = List.of("region_code", "departement_code", "age_band", "document_type");

    /** {@code persons} (the sum of {@code weight}), {@code records}, and {@code weight} summed by severity level. */
    private static List<Column> counts(Column records, Column level, Column weight) {
        List<Column> aggs = new ArrayList<>();
        aggs.add(sum(weight).as("persons"));
        aggs.add(records.as("records"));
        for (String l : LEVELS) {
            aggs.add(sum(when(level.equalTo(l.toUpperCase()), weight).otherwise(0L)).as(l));
        }
        return aggs;
    }

    /** Cells summed by the given dimensions: {@code persons}, {@code records} and the level counts. */
    static Dataset<Row> sumCells(Dataset<Row> cells, List<String> dimensions) {
        List<Column> sums = new ArrayList<>();
        for (String c : List.of("records", "low", "medium", "high", "very_high")) {
            sums.add(sum(col(c)).as(c));
        }
        Column[] groups = dimensions.stream().map(org.apache.spark.sql.functions::col).toArray(Column[]::new);
        return cells.groupBy(groups).agg(sum(col("persons")).as("persons"), sums.toArray(new Column[0]));
    }

    /** One row per class from a wide row of {@code p_<class>}, {@code r_<class>} and {@code <level>_<class>} sums; empty classes dropped. */
    private static Dataset<Row> stackClasses(Dataset<Row> wide, List<String> dimensions) {
        Dataset<Row> stacked = null;
        for (String dc : CLASSES) {
            List<Column> select = new ArrayList<>();
            dimensions.forEach(d -> select.add(col(d)));
            select.add(lit(dc).as("data_class"));
            select.add(col("p_" + dc).as("persons"));
            select.add(col("r_" + dc).as("records"));
            LEVELS.forEach(l -> select.add(col(l + "_" + dc).as(l)));
            Dataset<Row> one = wide.select(select.toArray(new Column[0]));
            stacked = stacked == null ? one : stacked.unionByName(one);
        }
        return stacked.filter(col("persons").gt(0));
    }

    /**
     * The internal cube: one row per non-empty cell, with population and rate.
     *
     * @param documentCells {@link #documentCells}
     */
    public static Dataset<Row> cube(Dataset<Row> documentCells, Dataset<Row> population) {
        Dataset<Row> cells = stackClasses(documentCells, List.of("region_code", "departement_code", "age_band", "document_type"));
        List<Column> ordered = new ArrayList<>();
        CUBE_DIMENSIONS.forEach(d -> ordered.add(col(d)));
        for (String c : List.of("persons", "records", "low", "medium", "high", "very_high", "population", "rate_per_1000")) {
            ordered.add(col(c));
        }
        return withRate(cells.join(population, new String[] {"region_code", "age_band"}, "left")).select(ordered.toArray(new Column[0]));
    }

    /**
     * Every roll-up in one table, {@code rollup} naming it; dimensions a roll-up does not keep are null.
     *
     * @param personCells   {@link #personCells}
     * @param documentCells {@link #documentCells}
     */
    public static Dataset<Row> rollups(SparkSession spark, Dataset<Row> personCells, Dataset<Row> documentCells) {
        Dataset<Row> result = null;
        for (Map.Entry<String, List<String>> rollup : ROLLUPS.entrySet()) {
            List<String> dims = rollup.getValue();
            Dataset<Row> rows = dims.contains("data_class") ? byDataClass(personCells, documentCells)
                    : dims.contains("document_type") ? sumCells(documentCells, dims)
                    : sumCells(personCells, dims);
            rows = rows.withColumn("rollup", lit(rollup.getKey()));
            for (String d : CUBE_DIMENSIONS) {
                if (!dims.contains(d)) {
                    rows = rows.withColumn(d, lit(null).cast("string"));
                }
            }
            Dataset<Row> withPopulation = rows.join(population(spark, rollup.getKey()),
                    populationKeys(rollup.getKey()).toArray(new String[0]), "left");
            Dataset<Row> tidy = withRate(withPopulation).select(rollupColumns());
            result = result == null ? tidy : result.unionByName(tidy);
        }
        return result;
    }

    /**
     * The data-class roll-up: a person counts for a class it exposed (its {@code data_classes}, the
     * union over its records), records for each class they expose (summed from the document cells).
     */
    static Dataset<Row> byDataClass(Dataset<Row> personCells, Dataset<Row> documentCells) {
        Dataset<Row> persons = sumCells(personCells.withColumn("data_class", explode(col("data_classes"))), List.of("data_class"))
                .drop("records");
        List<Column> recordSums = new ArrayList<>();
        for (String dc : CLASSES) {
            recordSums.add(sum(col("r_" + dc)).as("r_" + dc));
        }
        Dataset<Row> wide = documentCells.agg(recordSums.get(0), recordSums.subList(1, recordSums.size()).toArray(new Column[0]));
        Dataset<Row> records = null;
        for (String dc : CLASSES) {
            Dataset<Row> one = wide.select(lit(dc).as("data_class"), col("r_" + dc).as("records"));
            records = records == null ? one : records.unionByName(one);
        }
        return persons.join(records, "data_class");
    }

    static Column[] rollupColumns() {
        List<Column> c = new ArrayList<>();
        c.add(col("rollup"));
        CUBE_DIMENSIONS.forEach(d -> c.add(col(d)));
        c.add(col("persons"));
        c.add(col("records"));
        LEVELS.forEach(l -> c.add(col(l)));
        c.add(col("population"));
        c.add(col("rate_per_1000"));
        return c.toArray(new Column[0]);
    }

    private static Dataset<Row> withRate(Dataset<Row> rows) {
        return rows.withColumn("rate_per_1000",
                when(col("population").gt(0), col("persons").multiply(1000.0).divide(col("population"))));
    }

    private static List<String> populationKeys(String rollup) {
        return switch (rollup) {
            case "region" -> List.of("region_code");
            case "departement" -> List.of("departement_code");
            case "age_band", "document_type_age_band" -> List.of("age_band");
            case "region_age_band" -> List.of("region_code", "age_band");
            default -> List.of("rollup");
        };
    }

    /** The denominator each roll-up divides by: INSEE populations (approximate below the région, see the reference README). */
    static Dataset<Row> population(SparkSession spark, String rollup) {
        ReferenceData ref = ReferenceData.get();
        Map<String, Long> byRegionAge = ref.populationByRegionAge();
        Map<String, Long> totals = new LinkedHashMap<>();
        switch (rollup) {
            case "region" -> byRegionAge.forEach((k, v) -> totals.merge(k.substring(0, k.indexOf('|')), v, Long::sum));
            case "age_band", "document_type_age_band" -> byRegionAge.forEach((k, v) -> totals.merge(k.substring(k.indexOf('|') + 1), v, Long::sum));
            case "departement" -> ref.departements().values().forEach(d -> totals.put(d.code(), d.populationApprox()));
            case "region_age_band" -> {
                return regionAgePopulation(spark);
            }
            default -> totals.put(rollup, byRegionAge.values().stream().mapToLong(Long::longValue).sum());
        }
        String key = populationKeys(rollup).get(0);
        List<Row> rows = new ArrayList<>();
        totals.forEach((k, v) -> rows.add(RowFactory.create(k, v)));
        return spark.createDataFrame(rows, new StructType().add(key, DataTypes.StringType).add("population", DataTypes.LongType));
    }

    /** Inhabitants by région and age band: the cube's denominator. */
    public static Dataset<Row> regionAgePopulation(SparkSession spark) {
        List<Row> rows = new ArrayList<>();
        ReferenceData.get().populationByRegionAge().forEach((k, v) -> {
            int bar = k.indexOf('|');
            rows.add(RowFactory.create(k.substring(0, bar), k.substring(bar + 1), v));
        });
        return spark.createDataFrame(rows, new StructType().add("region_code", DataTypes.StringType)
                .add("age_band", DataTypes.StringType).add("population", DataTypes.LongType));
    }

    /**
     * Persons by the exact set of data classes exposed, "NAME + EMAIL + DATE_OF_BIRTH".
     *
     * @param personCells {@link #personCells}
     */
    public static Dataset<Row> combinations(Dataset<Row> personCells) {
        return sumCells(personCells.withColumn("combination", concat_ws(" + ", col("data_classes"))), List.of("combination"));
    }
}
