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

import static org.apache.spark.sql.functions.array_contains;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
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
     *                      {@code level}, {@code document_exposures}
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
        return scoredPersons.select(col("person_id"), col("region_code"), col("departement_code"), col("age_band"), col("level"),
                        explode(col("document_exposures")).as("d"))
                .select(columns.toArray(new Column[0]));
    }

    /** Persons (one input row each), records and persons by level, by the given dimensions. */
    static Dataset<Row> aggregate(Dataset<Row> perPerson, List<String> dimensions) {
        List<Column> aggs = new ArrayList<>();
        aggs.add(sum(col("records")).as("records"));
        for (String level : LEVELS) {
            aggs.add(sum(when(col("level").equalTo(level.toUpperCase()), 1L).otherwise(0L)).as(level));
        }
        Column[] groups = dimensions.stream().map(org.apache.spark.sql.functions::col).toArray(Column[]::new);
        return perPerson.groupBy(groups).agg(count(lit(1)).as("persons"), aggs.toArray(new Column[0]));
    }

    /**
     * Like {@link #aggregate} with a {@code data_class} dimension added: a person counts for a class
     * when at least one of its records in the row exposes it ({@code n_<class>} &gt; 0).
     */
    static Dataset<Row> aggregateByClass(Dataset<Row> perPerson, List<String> dimensions) {
        List<Column> aggs = new ArrayList<>();
        for (String dc : CLASSES) {
            Column has = col(n(dc)).gt(0);
            aggs.add(sum(when(has, 1L).otherwise(0L)).as("p_" + dc));
            aggs.add(sum(col(n(dc))).as("r_" + dc));
            for (String level : LEVELS) {
                aggs.add(sum(when(has.and(col("level").equalTo(level.toUpperCase())), 1L).otherwise(0L)).as(level + "_" + dc));
            }
        }
        Column[] groups = dimensions.stream().map(org.apache.spark.sql.functions::col).toArray(Column[]::new);
        Dataset<Row> wide = perPerson.groupBy(groups).agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(new Column[0]));
        return stackClasses(wide, dimensions);
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

    /** The internal cube: one row per non-empty cell, with population and rate. */
    public static Dataset<Row> cube(Dataset<Row> personDocuments, Dataset<Row> population) {
        Dataset<Row> cells = aggregateByClass(personDocuments, List.of("region_code", "departement_code", "age_band", "document_type"));
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
     * @param severity        one row per person with {@code record_count}
     * @param personDocuments {@link #personDocuments}
     */
    public static Dataset<Row> rollups(SparkSession spark, Dataset<Row> severity, Dataset<Row> personDocuments) {
        Dataset<Row> persons = severity.withColumn("records", col("record_count").cast("long"));
        Dataset<Row> result = null;
        for (Map.Entry<String, List<String>> rollup : ROLLUPS.entrySet()) {
            List<String> dims = rollup.getValue();
            Dataset<Row> rows = dims.contains("data_class") ? byDataClass(severity, personDocuments)
                    : dims.contains("document_type") ? aggregate(personDocuments, dims)
                    : aggregate(persons, dims);
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
     * union over its records), records for each class they expose (summed from the document
     * exposures). Two global sums, where grouping the document rows by person would shuffle them all.
     */
    static Dataset<Row> byDataClass(Dataset<Row> severity, Dataset<Row> personDocuments) {
        List<Column> personSums = new ArrayList<>();
        List<Column> recordSums = new ArrayList<>();
        for (String dc : CLASSES) {
            Column has = array_contains(col("data_classes"), dc);
            personSums.add(sum(when(has, 1L).otherwise(0L)).as("p_" + dc));
            for (String level : LEVELS) {
                personSums.add(sum(when(has.and(col("level").equalTo(level.toUpperCase())), 1L).otherwise(0L)).as(level + "_" + dc));
            }
            recordSums.add(sum(col(n(dc))).as("r_" + dc));
        }
        Dataset<Row> wide = severity.agg(personSums.get(0), personSums.subList(1, personSums.size()).toArray(new Column[0]))
                .crossJoin(personDocuments.agg(recordSums.get(0), recordSums.subList(1, recordSums.size()).toArray(new Column[0])));
        return stackClasses(wide, List.of());
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

    /** Persons by the exact set of data classes exposed, largest first: "NAME + EMAIL + DATE_OF_BIRTH". */
    public static Dataset<Row> combinations(Dataset<Row> severity) {
        return aggregate(severity.withColumn("records", col("record_count").cast("long"))
                .withColumn("combination", concat_ws(" + ", col("data_classes"))), List.of("combination"));
    }
}
