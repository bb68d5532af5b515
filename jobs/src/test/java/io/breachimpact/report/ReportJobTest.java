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
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The report of the committed sample, taken through the whole chain: its figures against the gold
 * tables (counted again here, not by the report's code), no direct identifier of the sample in any
 * file, the comparison with the previous report, and the page rendered in a real headless browser.
 */
class ReportJobTest {
    private static final int K = 10;

    private static JsonNode summary(ReportJob.Result result) throws IOException {
        return new ObjectMapper().readTree(Path.of(result.reportDir(), "summary.json").toFile());
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
        JsonNode s = summary(sample.firstReport());
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
        for (JsonNode region : s.get("regions")) {
            long expected = byRegion.getOrDefault(region.get("code").asText(), 0L);
            if (!region.at("/persons/suppressed").asBoolean()) {
                assertEquals(expected, region.at("/persons/value").asLong(), region.toString());
                assertEquals(expected * 1000.0 / region.get("population").asLong(), region.get("ratePer1000").asDouble(), 1e-9, region.toString());
            } else {
                assertTrue(expected < K, region + " is withheld with " + expected + " persons");
            }
        }
        assertEquals(18, s.get("regions").size());

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
    void aSecondReportComparesItselfWithTheFirst() throws IOException {
        SampleLake sample = SampleLake.get();
        ReportJob.Result second = sample.report();
        JsonNode changes = summary(second).get("changes");
        assertEquals(sample.firstReport().data().run().runId(), changes.get("previousRunId").asText());
        for (String field : List.of("newPersons", "levelRaised", "levelLowered", "newNotifications")) {
            assertEquals(0, changes.at("/" + field + "/value").asLong(), field);
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
        try (var walk = Files.walk(Path.of(sample.firstReport().reportDir()))) {
            walk.filter(Files::isRegularFile).forEach(files::add);
        }
        assertEquals(5, files.size(), files.toString());
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
            Path html = Path.of(SampleLake.get().firstReport().reportDir(), language, "report.html");
            Path png = out.resolve("report-" + language + ".png");
            Path pdf = out.resolve("report-" + language + ".pdf");
            Files.deleteIfExists(png);
            Files.deleteIfExists(pdf);
            String log = Browser.run(List.of(chromium, "--headless", "--no-sandbox", "--disable-gpu", "--enable-logging=stderr", "--v=0",
                    "--window-size=1100,5200", "--hide-scrollbars", "--screenshot=" + png, html.toUri().toString()));
            List<String> console = log.lines().filter(l -> l.contains(":CONSOLE")).toList();
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

    /** The headless browser CI installs (Debian's chromium). */
    static final class Browser {
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
