package io.breachimpact.exposure;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Aggregates as published: small cells suppressed (with their complements), a flag saying which and
 * why, rates only where the count is published, and the policy version that decided it.
 */
public final class Publication {
    private Publication() {
    }

    /** The counts a published row carries after its dimensions. */
    public static StructType schema(List<String> dimensions) {
        StructType s = new StructType();
        for (String d : dimensions) {
            s = s.add(d, DataTypes.StringType, true);
        }
        s = s.add("persons", DataTypes.LongType, true).add("records", DataTypes.LongType, true);
        for (String level : ExposureCube.LEVELS) {
            s = s.add(level, DataTypes.LongType, true);
        }
        return s.add("population", DataTypes.LongType, true)
                .add("rate_per_1000", DataTypes.DoubleType, true)
                .add("suppressed", DataTypes.BooleanType, false)
                .add("suppression", DataTypes.StringType, true)
                .add("policy_version", DataTypes.StringType, false);
    }

    /**
     * @param rows       aggregated rows with the dimensions, {@code persons}, {@code records}, the level
     *                   counts, {@code population} (may be absent) and nothing identifying
     * @param groups     sets of dimensions along which cells add up to a published total
     */
    public static List<Row> publish(List<Row> unordered, List<String> dimensions, int k, List<List<String>> groups, String policyVersion) {
        // The same cells are withheld whatever order the rows come in: suppression breaks ties between
        // candidate complements by their place, and a cluster reads the cube in another order than a
        // local run (ClusterNightlyIT found 36 cells of gold/exposure withheld differently).
        List<Row> rows = new ArrayList<>(unordered);
        rows.sort(byDimensions(dimensions));
        List<Suppression.Cell> cells = new ArrayList<>(rows.size());
        for (Row r : rows) {
            Map<String, String> dims = new LinkedHashMap<>();
            for (String d : dimensions) {
                dims.put(d, r.getAs(d));
            }
            cells.add(new Suppression.Cell(dims, ((Number) r.getAs("persons")).longValue()));
        }
        Suppression.apply(cells, k, groups);
        List<Row> published = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            Suppression.Cell cell = cells.get(i);
            Object[] values = new Object[dimensions.size() + 4 + ExposureCube.LEVELS.size()];
            int v = 0;
            for (String d : dimensions) {
                values[v++] = r.getAs(d);
            }
            Long population = hasField(r, "population") && r.getAs("population") != null ? ((Number) r.getAs("population")).longValue() : null;
            if (cell.suppressed()) {
                values[v++] = null;
                values[v++] = null;
                for (int l = 0; l < ExposureCube.LEVELS.size(); l++) {
                    values[v++] = null;
                }
                values[v++] = population;
                values[v++] = null;
            } else {
                values[v++] = cell.persons();
                values[v++] = ((Number) r.getAs("records")).longValue();
                long[] parts = new long[ExposureCube.LEVELS.size()];
                for (int l = 0; l < parts.length; l++) {
                    parts[l] = ((Number) r.getAs(ExposureCube.LEVELS.get(l))).longValue();
                }
                boolean[] hidden = Suppression.parts(parts, k);
                for (int l = 0; l < parts.length; l++) {
                    values[v++] = hidden[l] ? null : parts[l];
                }
                values[v++] = population;
                values[v++] = population == null || population == 0 ? null : cell.persons() * 1000.0 / population;
            }
            Object[] all = java.util.Arrays.copyOf(values, values.length + 3);
            all[values.length] = cell.suppressed();
            all[values.length + 1] = cell.suppressed() ? cell.status().name() : null;
            all[values.length + 2] = policyVersion;
            published.add(RowFactory.create(all));
        }
        return published;
    }

    /** Rows in the order of their dimension values (an absent value first). */
    static java.util.Comparator<Row> byDimensions(List<String> dimensions) {
        java.util.Comparator<Row> order = (a, b) -> 0;
        for (String d : dimensions) {
            order = order.thenComparing(r -> r.<String>getAs(d), java.util.Comparator.nullsFirst(java.util.Comparator.naturalOrder()));
        }
        return order;
    }

    /** Whether a row made by {@link #publish} is suppressed. */
    public static boolean suppressed(Row published) {
        return published.getBoolean(published.length() - 3);
    }

    private static boolean hasField(Row r, String name) {
        return java.util.Arrays.asList(r.schema().fieldNames()).contains(name);
    }

    /**
     * The largest combinations, then one row "OTHER" for the rest, so that the published rows still add
     * up to all persons.
     */
    public static List<Row> topCombinations(List<Row> combinations, int top) {
        List<Row> sorted = new ArrayList<>(combinations);
        sorted.sort((a, b) -> {
            int byPersons = Long.compare(((Number) b.getAs("persons")).longValue(), ((Number) a.getAs("persons")).longValue());
            return byPersons != 0 ? byPersons : ((String) a.getAs("combination")).compareTo(b.getAs("combination"));
        });
        if (sorted.size() <= top) {
            return sorted;
        }
        List<Row> result = new ArrayList<>(sorted.subList(0, top));
        long[] other = new long[2 + ExposureCube.LEVELS.size()];
        for (Row r : sorted.subList(top, sorted.size())) {
            other[0] += ((Number) r.getAs("persons")).longValue();
            other[1] += ((Number) r.getAs("records")).longValue();
            for (int l = 0; l < ExposureCube.LEVELS.size(); l++) {
                other[2 + l] += ((Number) r.getAs(ExposureCube.LEVELS.get(l))).longValue();
            }
        }
        Object[] values = new Object[3 + ExposureCube.LEVELS.size()];
        values[0] = "OTHER";
        for (int i = 0; i < other.length; i++) {
            values[1 + i] = other[i];
        }
        StructType schema = new StructType().add("combination", DataTypes.StringType).add("persons", DataTypes.LongType)
                .add("records", DataTypes.LongType);
        for (String level : ExposureCube.LEVELS) {
            schema = schema.add(level, DataTypes.LongType);
        }
        result.add(new org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema(values, schema));
        return result;
    }
}
