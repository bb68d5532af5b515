package io.breachimpact.cli;

import picocli.CommandLine;

/** The version from the jar's manifest (or "development" when run from classes). */
final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = Main.class.getPackage().getImplementationVersion();
        return new String[] {"breach-impact " + (v == null ? "development" : v) + ", Spark " + org.apache.spark.package$.MODULE$.SPARK_VERSION()};
    }
}
