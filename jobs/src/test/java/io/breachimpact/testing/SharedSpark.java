package io.breachimpact.testing;

import com.holdenkarau.spark.testing.JavaDataFrameSuiteBase;
import io.breachimpact.spark.SparkSessions;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * One Spark session for the whole test JVM, built through spark-testing-base (whose own set-up is
 * JUnit 4-bound: it is driven here, once, instead of by JUnit 4 rules). Its Dataset comparisons
 * are exposed as static helpers for Jupiter tests.
 */
public final class SharedSpark {
    private static Base base;

    private SharedSpark() {
    }

    /** spark-testing-base's suite with this project's session settings (Delta, small shuffles). */
    private static final class Base extends JavaDataFrameSuiteBase {
        @Override
        public SparkConf conf() {
            SparkConf conf = new SparkConf()
                    .setMaster("local[2]")
                    .setAppName("breach-impact-tests")
                    .set("spark.ui.enabled", "false")
                    .set("spark.driver.host", "127.0.0.1")
                    .set("spark.driver.bindAddress", "127.0.0.1")
                    .set("spark.sql.shuffle.partitions", "2")
                    .set("spark.sql.session.timeZone", "UTC")
                    .set("spark.databricks.delta.snapshotPartitions", "2")
                    // Tests run thousands of small queries, each compiling its own code; interpreted, the unit
                    // tests take half the time (RekeyTest 205 s → 104 s, measured). The cluster and spark-submit
                    // tests run the jar with Spark's code generation, IncrementalResolveTest switches it on;
                    // -Dbreachimpact.test.spark=k=v,… sets any other (applied before the settings Delta needs).
                    .set("spark.sql.codegen.wholeStage", "false")
                    .set("spark.sql.codegen.factoryMode", "NO_CODEGEN");
            for (String kv : System.getProperty("breachimpact.test.spark", "").split(",")) {
                if (kv.contains("=")) {
                    conf.set(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
                }
            }
            SparkSessions.REQUIRED.forEach(conf::set);
            return conf;
        }

        @Override
        public boolean enableHiveSupport() {
            return false;
        }
    }

    public static synchronized SparkSession spark() {
        if (base == null) {
            Base b = new Base();
            b.runBefore();
            base = b;
        }
        return base.spark();
    }

    /** Same rows in the same order, same schema. */
    public static void assertDataFrameEquals(Dataset<Row> expected, Dataset<Row> actual) {
        spark();
        base.assertDataFrameEquals(expected, actual, base.assertDataFrameEquals$default$3());
    }

    /** Same rows in any order, same schema. */
    public static void assertDataFrameNoOrderEquals(Dataset<Row> expected, Dataset<Row> actual) {
        spark();
        base.assertDataFrameNoOrderEquals(expected, actual);
    }

    /**
     * Same rows in any order, same column names and types; whether Spark marks a column nullable (an
     * artefact of how it was computed) is not compared.
     */
    public static void assertSameRows(Dataset<Row> expected, Dataset<Row> actual) {
        assertDataFrameNoOrderEquals(relaxed(expected), relaxed(actual));
    }

    private static Dataset<Row> relaxed(Dataset<Row> ds) {
        return spark().createDataFrame(ds.rdd(), (org.apache.spark.sql.types.StructType) relax(ds.schema()));
    }

    private static org.apache.spark.sql.types.DataType relax(org.apache.spark.sql.types.DataType type) {
        if (type instanceof org.apache.spark.sql.types.StructType s) {
            org.apache.spark.sql.types.StructType r = new org.apache.spark.sql.types.StructType();
            for (org.apache.spark.sql.types.StructField f : s.fields()) {
                r = r.add(f.name(), relax(f.dataType()), true);
            }
            return r;
        }
        if (type instanceof org.apache.spark.sql.types.ArrayType a) {
            return org.apache.spark.sql.types.DataTypes.createArrayType(relax(a.elementType()), true);
        }
        return type;
    }
}
