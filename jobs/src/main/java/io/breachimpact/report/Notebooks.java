package io.breachimpact.report;

import io.breachimpact.config.AppConfig;
import io.breachimpact.config.PolicyConfig;
import io.breachimpact.spark.Lake;
import io.breachimpact.spark.SparkSessions;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.LogManager;

/**
 * What the analysts' notebooks start from: a local Spark session on the lake, the current policy, and
 * HTML for tables and charts with small counts withheld as in the published report. The notebooks run
 * in {@code notebooks/}; the lake is {@code $BREACH_IMPACT_LAKE}, else the project's {@code ./lake}
 * (where {@code bin/breach-impact demo} writes).
 */
public final class Notebooks {
    private Notebooks() {
    }

    /** The lake's root directory. */
    public static String lakeRoot() {
        String env = System.getenv("BREACH_IMPACT_LAKE");
        if (env != null && !env.isBlank()) {
            return env;
        }
        File here = new File("lake");
        File project = new File("../lake");
        return (here.isDirectory() || !project.isDirectory() ? here : project).getAbsolutePath();
    }

    public static Lake lake() {
        return new Lake(lakeRoot());
    }

    /** A local Spark session with Delta on the lake (the kernel's java.util.logging level, FINEST, breaks Spark's code generation: reset first). */
    public static SparkSession session() {
        LogManager.getLogManager().getLogger("").setLevel(Level.INFO);
        return SparkSessions.create(AppConfig.defaults("local", "lake.root=" + lakeRoot()));
    }

    /** The policy the jobs use: {@code $BREACH_IMPACT_POLICY}, else the project's {@code conf/policy.conf}, else the bundled one. */
    public static PolicyConfig policy() {
        Optional<File> file = PolicyConfig.implicitFile();
        File project = new File("../conf/policy.conf");
        return PolicyConfig.load(file.isPresent() || !project.isFile() ? file : Optional.of(project));
    }

    /** The suppression threshold of a policy. */
    public static int k(PolicyConfig policy) {
        return policy.reader().intBetween("policy.suppression.k", 2, 1000);
    }

    /**
     * An HTML table of at most {@code max} rows; integer cells of the columns named in {@code counts}
     * that are under k are shown as "&lt; k".
     */
    public static String table(Dataset<Row> rows, int max, int k, String... counts) {
        List<String> countColumns = List.of(counts);
        String[] columns = rows.columns();
        Messages en = Messages.of("en");
        StringBuilder s = new StringBuilder("<table><thead><tr>");
        for (String c : columns) {
            s.append("<th>").append(Html.esc(c)).append("</th>");
        }
        s.append("</tr></thead><tbody>");
        for (Row r : rows.limit(max).collectAsList()) {
            s.append("<tr>");
            for (int i = 0; i < columns.length; i++) {
                Object v = r.get(i);
                String text = v == null ? "" : countColumns.contains(columns[i]) && v instanceof Number n
                        ? en.count(Count.alone(n.longValue(), k), k) : v.toString();
                s.append(v instanceof Number ? "<td style=\"text-align:right\">" : "<td>").append(Html.esc(text)).append("</td>");
            }
            s.append("</tr>");
        }
        return s.append("</tbody></table>").toString();
    }

    /** A horizontal bar chart (inline SVG) of {@code value} by {@code label}, values under k hatched and withheld. */
    public static String bars(String title, Dataset<Row> rows, String label, String value, int k) {
        Messages en = Messages.of("en");
        List<Svg.Bar> bars = new ArrayList<>();
        for (Row r : rows.select(label, value).collectAsList()) {
            Count c = Count.alone(((Number) r.get(1)).longValue(), k);
            bars.add(new Svg.Bar(String.valueOf(r.get(0)), c.value(), en.count(c, k)));
        }
        return "<p><b>" + Html.esc(title) + "</b></p>" + Svg.bars(title, bars, "#3182bd");
    }
}
