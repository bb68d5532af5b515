package io.breachimpact.config;

import io.breachimpact.error.BreachImpactException;
import io.breachimpact.error.ExitCode;
import io.breachimpact.generate.GenerateConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AppConfigTest {
    @TempDir
    Path dir;

    private File file(String content) throws IOException {
        Path f = dir.resolve("application.conf");
        Files.writeString(f, content);
        return f.toFile();
    }

    private BreachImpactException failure(Optional<File> file, String profile, String... sets) {
        BreachImpactException e = assertThrows(BreachImpactException.class, () -> AppConfig.load(file, profile, List.of(sets)));
        assertEquals(ExitCode.USAGE_OR_CONFIG, e.exitCode());
        return e;
    }

    @Test
    void theBundledDefaultsAreValidForEveryProfile() {
        for (String profile : List.of("local", "cluster")) {
            AppConfig config = AppConfig.defaults(profile);
            GenerateConfig generate = GenerateConfig.from(config);
            assertEquals(19_000_000, generate.rows());
            assertEquals(19, generate.files());
        }
        assertEquals("local[*]", AppConfig.defaults("local").sparkMaster());
        assertEquals("", AppConfig.defaults("cluster").sparkMaster(), "on a cluster spark-submit decides the master");
        assertEquals("hdfs:///breach-impact/lake", AppConfig.defaults("cluster").lakeRoot());
    }

    @Test
    void precedenceIsSetThenProfileThenFile() throws IOException {
        File f = file("lake.root = \"/from/file\"\nprofiles.local.spark.settings { \"spark.sql.shuffle.partitions\" = \"3\" }\n");
        AppConfig fromFile = AppConfig.load(Optional.of(f), "local", List.of());
        assertEquals("/from/file", fromFile.lakeRoot());
        assertEquals("3", fromFile.sparkSettings().get("spark.sql.shuffle.partitions"));
        assertEquals("UTC", fromFile.sparkSettings().get("spark.sql.session.timeZone"), "base settings stay under the profile's");
        AppConfig fromSet = AppConfig.load(Optional.of(f), "local", List.of("lake.root=/from/set"));
        assertEquals("/from/set", fromSet.lakeRoot());
        assertEquals("s3a://bucket/lake", AppConfig.load(Optional.of(f), "local", List.of("lake.root=s3a://bucket/lake")).lakeRoot(),
                "a URI is taken as the string it is, though it is not valid HOCON");
        assertEquals("hdfs:///breach-impact/lake", AppConfig.load(Optional.of(f), "cluster", List.of()).lakeRoot(),
                "the cluster profile's own lake root wins over the file's top level");
    }

    @Test
    void anUnknownKeyIsRejectedWithItsFileLineAndTheNearestKnownKey() throws IOException {
        File f = file("# comment\nlake.root = \"x\"\ngenerate.dirt.missing-emial = 0.1\n");
        BreachImpactException e = failure(Optional.of(f), "local");
        assertTrue(e.getMessage().contains("'generate.dirt.missing-emial'"), e.getMessage());
        assertTrue(e.getMessage().contains(f.getName() + ": 3"), e.getMessage());
        assertTrue(e.getMessage().contains("did you mean 'generate.dirt.missing-email'"), e.getMessage());
    }

    @Test
    void anUnknownKeyInsideAProfileIsRejectedToo() throws IOException {
        BreachImpactException e = failure(Optional.of(file("profiles.local.lake.rooot = \"x\"\n")), "local");
        assertTrue(e.getMessage().contains("profiles.local.lake.rooot"), e.getMessage());
    }

    @Test
    void aWrongTypeNamesTheKeyAndWhereItWasWritten() throws IOException {
        File f = file("generate.rows = \"many\"\n");
        BreachImpactException e = assertThrows(BreachImpactException.class,
                () -> GenerateConfig.from(AppConfig.load(Optional.of(f), "local", List.of())));
        assertTrue(e.getMessage().contains("generate.rows"), e.getMessage());
        assertTrue(e.getMessage().contains(f.getName() + ": 1"), e.getMessage());
    }

    @Test
    void valuesAreValidatedWithTheirKey() {
        BreachImpactException share = assertThrows(BreachImpactException.class,
                () -> GenerateConfig.from(AppConfig.defaults("local", "generate.dirt.truncated-line=1.5")));
        assertTrue(share.getMessage().contains("generate.dirt.truncated-line") && share.getMessage().contains("between 0 and 1"), share.getMessage());
        BreachImpactException mix = assertThrows(BreachImpactException.class,
                () -> GenerateConfig.from(AppConfig.defaults("local", "generate.document-mix.passport=0.5")));
        assertTrue(mix.getMessage().contains("generate.document-mix") && mix.getMessage().contains("sum to 1"), mix.getMessage());
        BreachImpactException date = assertThrows(BreachImpactException.class,
                () -> GenerateConfig.from(AppConfig.defaults("local", "breach.reference-date=31/10/2025")));
        assertTrue(date.getMessage().contains("yyyy-mm-dd"), date.getMessage());
        BreachImpactException format = assertThrows(BreachImpactException.class,
                () -> GenerateConfig.from(AppConfig.defaults("local", "generate.format=xlsx")));
        assertTrue(format.getMessage().contains("[csv, parquet]"), format.getMessage());
    }

    @Test
    void aMissingFileAnUnparseableFileAndAnUnknownProfileAreConfigurationErrors() throws IOException {
        assertTrue(failure(Optional.of(dir.resolve("nope.conf").toFile()), "local").getMessage().contains("not found"));
        BreachImpactException syntax = failure(Optional.of(file("lake.root = {\n")), "local");
        assertTrue(syntax.getMessage().contains("application.conf"), syntax.getMessage());
        assertTrue(failure(Optional.empty(), "production").getMessage().contains("unknown profile 'production'"));
        assertTrue(failure(Optional.empty(), "local", "lake.root").getMessage().contains("key=value"));
    }

    @Test
    void sparkSettingsAreFreeKeys() {
        AppConfig config = AppConfig.defaults("local", "spark.settings.\"spark.executor.memory\"=2g");
        assertEquals("2g", config.sparkSettings().get("spark.executor.memory"));
        assertEquals("8", config.sparkSettings().get("spark.sql.shuffle.partitions"));
    }

    /** The hash that decides whether a run may skip, or change only what changed: not where the lake lives or how a night is watched. */
    @Test
    void theHashLeavesOutWhereARunRunsAndHowItIsWatched() {
        String base = AppConfig.defaults("local", "lake.root=/data/lake").hash();
        assertEquals(base, AppConfig.defaults("local", "lake.root=/mnt/new-disk/lake").hash(), "a lake moved");
        assertEquals(base, AppConfig.defaults("local", "lake.root=/data/lake", "spark.master=\"local[2]\"", "spark.app-name=night").hash());
        assertEquals(base, AppConfig.defaults("local", "lake.root=/data/lake", "spark.settings.\"spark.eventLog.enabled\"=true",
                "spark.settings.\"spark.eventLog.dir\"=/tmp/events", "spark.settings.\"spark.ui.enabled\"=false").hash(), "a night profiled");
        // What can change a table's rows still changes the hash.
        assertNotEquals(base, AppConfig.defaults("local", "lake.root=/data/lake", "resolve.match-probability=0.999").hash());
        assertNotEquals(base, AppConfig.defaults("local", "lake.root=/data/lake", "spark.settings.\"spark.sql.session.timeZone\"=Europe/Paris").hash());
        assertNotEquals(base, AppConfig.defaults("cluster", "lake.root=/data/lake").hash(), "another profile's settings");
    }
}
