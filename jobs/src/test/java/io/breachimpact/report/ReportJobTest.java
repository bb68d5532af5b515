package io.breachimpact.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.breachimpact.model.DumpColumns;
import io.breachimpact.spark.DeltaTables;
import io.breachimpact.spark.Lake;
import io.breachimpact.testing.DumpFiles;
import io.breachimpact.testing.SampleLake;
import io.breachimpact.testing.SharedSpark;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.sum;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The report of the committed sample, taken through the whole chain: its figures against the gold
 * tables (counted again here, not by the report's code), no direct identifier of the sample in any
 * file, the comparison with the previous report, and the page rendered in a real headless browser.
 */
class ReportJobTest {
    private static final int K = 10;

    private static JsonNode summary(ReportJob.Result result) throws IOException {
        return summary(Path.of(result.reportDir()));
    }

    private static JsonNode summary(Path reportDir) throws IOException {
        return new ObjectMapper().readTree(reportDir.resolve("summary.json").toFile());
    }

    private static Map<String, Long> countBy(Dataset<Row> rows, String column) {
        Map<String, Long> m = new HashMap<>();
        rows.groupBy(column).count().collectAsList().forEach(r -> m.put(String.valueOf(r.get(0)), r.getLong(1)));
        return m;
    }

    /** A published count equals the table's, or is withheld for a reason: under k, or as one of at least two withheld. */
    private static void assertPublished(Map<String, Long> expected, JsonNode counts, String what) {
        int withheld = 0;
        for (Map.Entry<String, Long> e : expected.entrySet()) {
            JsonNode c = counts.get(e.getKey());
            assertNotNull(c, what + " " + e.getKey());
            if (c.get("suppressed").asBoolean()) {
                withheld++;
                assertTrue(c.get("value").isNull(), what + " " + e.getKey());
            } else {
                assertEquals(e.getValue(), c.get("value").asLong(), what + " " + e.getKey());
                assertFalse(e.getValue() > 0 && e.getValue() < K, what + " " + e.getKey() + " is small and shown");
            }
        }
        assertTrue(withheld != 1, what + ": a lone withheld count could be recovered by subtraction");
    }

    @Test
    void theSummaryHoldsTheGoldTablesFigures() throws IOException {
        SampleLake sample = SampleLake.get();
        SparkSession spark = SharedSpark.spark();
        Lake lake = sample.lake();
        JsonNode s = summary(sample.firstReportDir());
        assertEquals(ReportData.SCHEMA, s.get("schema").asText());

        Dataset<Row> severity = DeltaTables.read(spark, lake.goldSeverity());
        Dataset<Row> decisions = DeltaTables.read(spark, lake.goldDecisions());
        Dataset<Row> notifications = DeltaTables.read(spark, lake.goldNotificationLedger());
        long silver = DeltaTables.read(spark, lake.silverRecords()).count();
        long persons = DeltaTables.read(spark, lake.silverPersons()).count();
        assertEquals(silver, s.at("/headline/records").asLong());
        assertEquals(persons, s.at("/headline/persons").asLong());
        assertPublished(countBy(severity, "level"), s.at("/headline/personsByLevel"), "level");
        Map<String, Long> outcomes = countBy(decisions, "outcome");
        assertPublished(outcomes, s.at("/headline/outcomes"), "outcome");
        assertTrue(outcomes.get("INDIVIDUAL_NOTICE") > 1000, "the sample has notices: " + outcomes);

        Map<String, Long> byRegion = countBy(severity, "region_code");
        long regionSum = 0;
        for (JsonNode region : s.get("regions")) {
            String code = region.get("code").asText();
            long expected = byRegion.getOrDefault("UNKNOWN".equals(code) ? "null" : code, 0L);
            if (!region.at("/persons/suppressed").asBoolean()) {
                assertEquals(expected, region.at("/persons/value").asLong(), region.toString());
                regionSum += expected;
                if (!"UNKNOWN".equals(code)) {
                    assertEquals(expected * 1000.0 / region.get("population").asLong(), region.get("ratePer1000").asDouble(), 1e-9, region.toString());
                }
            } else if (!"COMPLEMENTARY".equals(region.at("/persons/suppression").asText())) {
                // A région may also be withheld to protect a small cell of a table it is a total of (région × age band…).
                assertTrue(expected < K, region + " is withheld with " + expected + " persons");
            }
        }
        assertTrue(s.get("regions").size() >= 18, "the 18 régions, and the persons without a placed address");
        assertTrue(regionSum <= persons && regionSum > persons - 20 * K, "régions add up to the persons but for withheld ones");
        long bandSum = 0;
        Map<String, Long> byBand = countBy(severity, "age_band");
        for (JsonNode band : s.get("ageBands")) {
            if (!band.at("/persons/suppressed").asBoolean()) {
                assertEquals(byBand.getOrDefault(band.get("key").asText(), 0L), band.at("/persons/value").asLong(), band.toString());
                bandSum += band.at("/persons/value").asLong();
            }
        }
        assertTrue(bandSum <= persons && bandSum > persons - 10 * K, "age bands add up to the persons but for withheld ones");
        Map<String, Long> byClass = countBy(severity.select(org.apache.spark.sql.functions.explode(col("data_classes")).as("c")), "c");
        for (JsonNode dataClass : s.get("dataClasses")) {
            assertEquals(byClass.get(dataClass.get("key").asText()), dataClass.at("/persons/value").asLong(), dataClass.toString());
        }
        assertPublished(countBy(decisions.filter(col("outcome").equalTo("INDIVIDUAL_NOTICE")), "channel"), s.at("/plan/noticesByChannel"),
                "notices by channel");
        Map<String, Long> eligible = countBy(decisions, "offer_code");
        for (JsonNode tier : s.at("/offers/tiers")) {
            assertEquals(eligible.getOrDefault(tier.get("code").asText(), 0L), tier.at("/eligible/value").asLong(), tier.toString());
        }

        Map<String, Long> byChannel = countBy(notifications, "channel");
        for (JsonNode channel : s.at("/plan/channels")) {
            assertEquals(byChannel.getOrDefault(channel.get("channel").asText(), 0L), channel.at("/sends/value").asLong(), channel.toString());
        }
        long waveSends = 0;
        for (JsonNode day : s.at("/plan/waves")) {
            waveSends += day.at("/sends/value").asLong();
        }
        assertEquals(notifications.count(), waveSends, "every send has its wave day (none withheld at the sample's size)");

        for (String scenario : List.of("low", "central", "high")) {
            BigDecimal budget = DeltaTables.read(spark, lake.goldOfferBudget()).filter(col("scenario").equalTo(scenario))
                    .agg(sum("budget")).first().getDecimal(0);
            assertEquals(0, budget.compareTo(s.at("/offers/total/" + scenario + "/budget").decimalValue()), scenario);
        }

        JsonNode batch = s.at("/quality/batches/0");
        assertEquals("sample", batch.get("batch").asText());
        long quarantined = DeltaTables.read(spark, lake.silverQuarantine()).count();
        assertEquals(silver, batch.get("accepted").asLong());
        assertEquals(quarantined, batch.get("quarantined").asLong());
        assertEquals(silver + quarantined, batch.get("read").asLong());
        assertTrue(batch.get("reconciled").asBoolean());
        assertTrue(s.at("/quality/resolution/f1").asDouble() >= 0.98, s.at("/quality/resolution").toString());
        assertTrue(s.get("changes").isNull(), "the first report has nothing to compare with");
        assertEquals(DeltaTables.version(spark, lake.goldSeverity()).orElseThrow(), s.at("/run/inputVersions/gold~1severity").asLong());
    }

    @Test
    void aSecondReportComparesItselfWithTheFirst(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        // On a copy of the sample's lake, so that the other tests keep reading the chain's own tables.
        Path copy = dir.resolve("lake");
        try (var paths = Files.walk(SampleLake.get().root())) {
            for (Path p : paths.toList()) {
                Path target = copy.resolve(SampleLake.get().root().relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
        SparkSession spark = SharedSpark.spark();
        Lake lake = new Lake(copy.toString());
        String before = new RunLedgerReader(spark, lake).lastReport();
        // Twelve persons of medium severity are found to be at high risk (as after a correction batch).
        Dataset<Row> severity = DeltaTables.read(spark, lake.goldSeverity()).localCheckpoint(true);
        List<Object> raised = severity.filter(col("level").equalTo("MEDIUM")).orderBy("person_id").limit(12)
                .select("person_id").collectAsList().stream().map(r -> (Object) r.getString(0)).toList();
        DeltaTables.replace(severity.withColumn("level", org.apache.spark.sql.functions.when(col("person_id").isin(raised.toArray()),
                org.apache.spark.sql.functions.lit("HIGH")).otherwise(col("level"))), lake.goldSeverity(), 1);
        // Recorded as the exposure that wrote it would be: a report refuses a table no finished run left.
        io.breachimpact.config.AppConfig app = io.breachimpact.config.AppConfig.defaults("local", "lake.root=" + lake.root());
        java.sql.Timestamp now = new java.sql.Timestamp(System.currentTimeMillis());
        new io.breachimpact.pipeline.RunLedger(spark, lake).record(io.breachimpact.pipeline.RunContext.of(app).record(
                io.breachimpact.pipeline.JobName.EXPOSURE, null, io.breachimpact.pipeline.RunLedger.Status.SUCCEEDED, now, "levels raised by the test",
                Map.of("gold/severity", DeltaTables.version(spark, lake.goldSeverity()).orElseThrow()), Map.of(), null));

        ReportJob.Result second = io.breachimpact.testing.Jobs.run(lake, new ReportJob(io.breachimpact.config.PolicyConfig.defaults(),
                List.of("en")));
        JsonNode changes = summary(second).get("changes");
        assertEquals(before, changes.get("previousRunId").asText());
        assertEquals(12, changes.at("/levelRaised/value").asLong());
        for (String field : List.of("newPersons", "levelLowered", "newNotifications")) {
            assertEquals(0, changes.at("/" + field + "/value").asLong(), field);
        }
        assertTrue(Files.readString(Path.of(second.reportDir(), "en", "report.md")).contains("| persons whose severity level rose | 12 |"));
    }

    @Test
    void tablesBuiltUnderAnotherPolicyAreNotReported() {
        SampleLake sample = SampleLake.get();
        io.breachimpact.config.PolicyConfig other = io.breachimpact.config.PolicyConfig.defaults()
                .with("policy.version = \"2099-01-01.1\"", "test");
        io.breachimpact.error.BreachImpactException e = org.junit.jupiter.api.Assertions.assertThrows(
                io.breachimpact.error.BreachImpactException.class, () -> io.breachimpact.testing.Jobs.run(sample.lake(), new ReportJob(other, List.of("fr"))));
        assertEquals(io.breachimpact.error.ExitCode.USAGE_OR_CONFIG, e.exitCode());
        assertTrue(e.getMessage().startsWith("the gold tables were built under policy 2025-"), e.getMessage());
    }

    /** The last successful report run of a lake. */
    private record RunLedgerReader(SparkSession spark, Lake lake) {
        String lastReport() {
            return new io.breachimpact.pipeline.RunLedger(spark, lake).lastSucceeded(null, ReportJob.JOB).orElseThrow().runId();
        }
    }

    @Test
    void noDirectIdentifierOfTheSampleAppearsInAnyReportFile() throws IOException {
        SampleLake sample = SampleLake.get();
        Set<String> identifiers = new HashSet<>();
        for (DumpFiles.Parsed record : DumpFiles.readDump(SampleLake.SAMPLES.resolve("dump"))) {
            List<String> v = record.values();
            if (v.size() != DumpColumns.HEADER.size()) {
                continue;
            }
            String surname = v.get(DumpColumns.SURNAME).trim();
            String given = v.get(DumpColumns.GIVEN_NAMES).trim();
            if (!surname.isEmpty() && !given.isEmpty()) {
                identifiers.add(given + " " + surname);
                identifiers.add(surname + " " + given);
            }
            for (int column : new int[] {DumpColumns.RECORD_ID, DumpColumns.ACCOUNT_ID, DumpColumns.EMAIL, DumpColumns.PHONE,
                    DumpColumns.DOCUMENT_NUMBER}) {
                String value = v.get(column).trim();
                if (value.length() >= 6) {
                    identifiers.add(value);
                }
            }
        }
        assertTrue(identifiers.size() > 50_000, "identifiers read: " + identifiers.size());
        List<Path> files = new ArrayList<>();
        try (var walk = Files.walk(sample.firstReportDir())) {
            walk.filter(Files::isRegularFile).forEach(files::add);
        }
        assertEquals(7, files.size(), files.toString());
        for (Path file : files) {
            String text = Files.readString(file, StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
            List<String> found = identifiers.stream().filter(id -> text.contains(id.toLowerCase(Locale.ROOT))).limit(5).toList();
            assertEquals(List.of(), found, file.toString());
        }
    }

    @Test
    void thePageRendersInAHeadlessBrowserWithoutAConsoleMessage() throws Exception {
        String chromium = Browser.command();
        Path out = Path.of(System.getProperty("breachimpact.project.root"), "jobs", "target", "report-screenshots");
        Files.createDirectories(out);
        for (String language : List.of("fr", "en")) {
            Path html = SampleLake.get().firstReportDir().resolve(language).resolve("report.html");
            Path png = out.resolve("report-" + language + ".png");
            Path pdf = out.resolve("report-" + language + ".pdf");
            Files.deleteIfExists(png);
            Files.deleteIfExists(pdf);
            List<String> console = Browser.console(chromium, html, png);
            assertEquals(List.of(), console, "console messages while rendering " + html);
            assertTrue(Files.size(png) > 50_000, "screenshot " + png + " is " + Files.size(png) + " bytes");
            Browser.run(List.of(chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                    "--print-to-pdf=" + pdf, html.toUri().toString()));
            String pdfText = new String(Files.readAllBytes(pdf), StandardCharsets.ISO_8859_1);
            long pages = java.util.regex.Pattern.compile("/Type\\s*/Page(?!s)").matcher(pdfText).results().count();
            assertTrue(java.util.regex.Pattern.compile("/MediaBox\\s*\\[0 0 59[45]").matcher(pdfText).find(), "printed on A4: " + pdf);
            assertTrue(pages >= 2, "the printed report has pages: " + pdf);
        }
    }

    @Test
    void theConsoleCheckCatchesAFetchTheReportsPolicyBlocks(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        // The check itself, on a page like the report's that tries to load an image from the network.
        Path page = dir.resolve("page.html");
        Files.writeString(page, "<!DOCTYPE html><html><head><meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                + "style-src 'unsafe-inline'; img-src data:\"></head><body><img src=\"http://example.invalid/x.png\"></body></html>");
        List<String> console = Browser.console(Browser.command(), page, dir.resolve("page.png"));
        assertEquals(1, console.size(), console.toString());
        assertTrue(console.get(0).contains("Content Security Policy"), console.get(0));
    }

    /** The headless browser CI installs (Debian's chromium). */
    static final class Browser {
        /** Renders a page to a PNG and returns what its console said (errors, blocked requests). */
        static List<String> console(String chromium, Path html, Path png) throws Exception {
            String log = run(List.of(chromium, "--headless", "--no-sandbox", "--disable-gpu", "--enable-logging=stderr", "--v=0",
                    "--window-size=1100,7000", "--hide-scrollbars", "--screenshot=" + png, html.toUri().toString()));
            return log.lines().filter(l -> l.contains(":CONSOLE")).toList();
        }

        static String command() {
            for (String candidate : List.of("chromium", "chromium-browser", "google-chrome")) {
                for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
                    if (Files.isExecutable(Path.of(dir, candidate))) {
                        return Path.of(dir, candidate).toString();
                    }
                }
            }
            throw new AssertionError("no headless browser: install Debian's chromium (.ci/run and bin/breach-impact test do it with apt)");
        }

        static String run(List<String> command) throws Exception {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            byte[] output = p.getInputStream().readAllBytes();
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "browser did not finish");
            String log = new String(output, StandardCharsets.UTF_8);
            assertEquals(0, p.exitValue(), log);
            return log;
        }
    }
}
