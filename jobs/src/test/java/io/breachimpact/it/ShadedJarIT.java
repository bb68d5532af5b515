package io.breachimpact.it;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The jar analysts hand to spark-submit: Spark, Hadoop and Scala come from the cluster, never from
 * the jar; what the jobs need beyond them (Delta, Commons CSV, picocli, the reference tables and the
 * default configuration) is inside.
 */
class ShadedJarIT {
    private static final List<String> FORBIDDEN = List.of("org/apache/hadoop/", "scala/", "org/apache/spark/SparkContext",
            "org/apache/commons/io/", "org/apache/commons/codec/", "org/slf4j/", "com/fasterxml/jackson/core/");

    /**
     * Every class the Spark installation provides (its jars, as the build copies them for the
     * cluster tests). Delta ships classes of its own under org/apache/spark/sql/delta: those are fine.
     */
    private static Set<String> clusterProvidedClasses() throws IOException {
        Set<String> classes = new HashSet<>();
        File[] jars = new File(System.getProperty("breachimpact.spark.home"), "jars").listFiles((d, n) -> n.endsWith(".jar"));
        assertNotNull(jars);
        assertTrue(jars.length > 100, "Spark's jars were not copied");
        for (File jar : jars) {
            try (JarFile file = new JarFile(jar)) {
                file.stream().map(JarEntry::getName).filter(n -> n.endsWith(".class")).forEach(classes::add);
            }
        }
        return classes;
    }

    @Test
    void theShadedJarHoldsNoClusterProvidedClasses() throws IOException {
        Set<String> provided = clusterProvidedClasses();
        File jar = new File(System.getProperty("breachimpact.shaded.jar"));
        assertTrue(jar.isFile(), "no shaded jar at " + jar);
        List<String> offending = new ArrayList<>();
        List<String> names = new ArrayList<>();
        try (JarFile file = new JarFile(jar)) {
            for (Enumeration<JarEntry> e = file.entries(); e.hasMoreElements(); ) {
                String name = e.nextElement().getName();
                names.add(name);
                if (name.endsWith(".class") && !name.startsWith("META-INF/")
                        && (provided.contains(name) || FORBIDDEN.stream().anyMatch(name::startsWith))) {
                    offending.add(name);
                }
            }
            assertEquals(List.of(), offending.subList(0, Math.min(20, offending.size())), "cluster-provided classes in the jar");
            assertEquals("io.breachimpact.cli.Main", file.getManifest().getMainAttributes().getValue("Main-Class"));
            assertNotNull(file.getEntry("META-INF/services/org.apache.spark.sql.sources.DataSourceRegister"),
                    "Delta registers its data source through META-INF/services");
        }
        for (String expected : List.of("io/breachimpact/cli/Main.class", "io/delta/sql/DeltaSparkSessionExtension.class",
                "io/breachimpact/shaded/commons/csv/CSVFormat.class", "io/breachimpact/shaded/picocli/CommandLine.class",
                "reference/regions.csv", "reference/communes.csv", "breach-impact-defaults/application.conf")) {
            assertTrue(names.contains(expected), "missing " + expected);
        }
        assertTrue(jar.length() < 30_000_000, "shaded jar is " + jar.length() + " bytes");
    }
}
