package io.breachimpact.report;

import io.breachimpact.error.BreachImpactException;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The renderings of a hand-made set of figures: what is shown, what is withheld, and that nothing is fetched. */
class ReportRenderTest {
    static ReportData figures() {
        Map<String, Count> levels = new LinkedHashMap<>();
        levels.put("LOW", Count.of(0));
        levels.put("MEDIUM", Count.of(2225));
        levels.put("HIGH", Count.small());
        levels.put("VERY_HIGH", Count.complement());
        Map<String, Count> outcomes = new LinkedHashMap<>();
        outcomes.put("INDIVIDUAL_NOTICE", Count.of(1000));
        outcomes.put("PUBLIC_COMMUNICATION", Count.of(1234));
        outcomes.put("MANUAL_REVIEW", Count.of(0));
        List<ReportData.Area> regions = List.of(
                new ReportData.Area("11", "Île-de-France", false, Count.of(900), 12_317_279L, 0.0731),
                new ReportData.Area("94", "Corse", false, Count.small(), 347_597L, null),
                new ReportData.Area("04", "La Réunion", true, Count.of(34), 873_102L, 0.0389));
        Map<String, Count> byChannel = new LinkedHashMap<>();
        byChannel.put("EMAIL", Count.of(700));
        byChannel.put("SMS", Count.small());
        byChannel.put("LETTER", Count.small());
        ReportData.Plan plan = new ReportData.Plan(byChannel, Map.of("PUBLIC-BELOW-THRESHOLD", Count.of(1234)),
                List.of(new ReportData.ChannelPlan("EMAIL", Count.of(700), 500, "2025-12-01", "2025-12-02", 2),
                        new ReportData.ChannelPlan("SMS", Count.small(), 1000, "2025-12-01", "2025-12-01", 1),
                        new ReportData.ChannelPlan("LETTER", Count.of(0), 100, null, null, 0)),
                List.of(new ReportData.WaveDay("EMAIL", "2025-12-01", Count.of(500)), new ReportData.WaveDay("EMAIL", "2025-12-02", Count.of(200)),
                        new ReportData.WaveDay("SMS", "2025-12-01", Count.small())));
        Map<String, ReportData.Scenario> scenarios = new LinkedHashMap<>();
        scenarios.put("low", new ReportData.Scenario(0.03, 30L, new BigDecimal("1080.00")));
        scenarios.put("central", new ReportData.Scenario(0.08, 80L, new BigDecimal("2880.00")));
        scenarios.put("high", new ReportData.Scenario(0.15, 150L, new BigDecimal("5400.00")));
        ReportData.Offers offers = new ReportData.Offers("EUR", List.of("low", "central", "high"),
                List.of(new ReportData.Tier("ALERTS-12", "12 months of alerts", 12, new BigDecimal("3.00"), Count.of(1000), scenarios)), scenarios);
        Map<String, Long> recordOutcomes = new LinkedHashMap<>();
        recordOutcomes.put("CLEAN", 2200L);
        recordOutcomes.put("REPAIRED", 40L);
        recordOutcomes.put("WEAK_IDENTITY", 10L);
        recordOutcomes.put("QUARANTINED", 50L);
        ReportData.Quality quality = new ReportData.Quality(List.of(new ReportData.BatchReconciliation("b1", 2300, 2300, 2250, 50, true)),
                recordOutcomes, Map.of("NO_USABLE_IDENTITY", 30L, "UNCLOSED_QUOTE", 20L), new ReportData.Resolution(2250, 2234, 0, 0.9991, 0.998, 0.9985),
                List.of("phone"));
        return new ReportData(ReportData.SCHEMA, new ReportData.Run("run-1", "2025-12-01T00:00:00Z", "2025-11-policy-3", "abc123", 10, "HIGH",
                Map.of("gold/severity", 3L), "decide-run", "/lake/reports/decide-run"),
                new ReportData.Headline(2300, 2234, levels, outcomes), regions,
                List.of(new ReportData.Share("0-17", Count.small(), null), new ReportData.Share("35-49", Count.of(2225), 0.2)),
                List.of(new ReportData.Share("NAME", Count.of(2234), null), new ReportData.Share("EMAIL", Count.of(1500), null)),
                List.of(new ReportData.Share("EMAIL + NAME", Count.of(1500), null), new ReportData.Share("OTHER", Count.of(734), null)),
                List.of(new ReportData.Share("PASSPORT", Count.of(2234), null)),
                List.of(new ReportData.Cross("PASSPORT", "35-49", Count.of(2225), 0.2), new ReportData.Cross("PASSPORT", "0-17", Count.small(), null)),
                plan, offers, quality, new ReportData.Changes("run-0", "2025-11-30 00:00:00", Count.of(0), Count.small(), Count.of(0), Count.of(0)));
    }

    @Test
    void theHtmlIsSelfContainedAndFetchesNothing() {
        for (String language : Messages.LANGUAGES) {
            String html = HtmlReport.render(figures(), Messages.of(language));
            assertTrue(html.contains("Content-Security-Policy\" content=\"default-src 'none'"), language);
            // No attribute may point anywhere: the only URL is SVG's namespace, which is a name, not a request.
            Matcher urls = Pattern.compile("(?i)(src|href|url)\\s*[=(]\\s*[\"']?(?!#)([^\"')\\s>]+)").matcher(html);
            List<String> found = new ArrayList<>();
            while (urls.find()) {
                found.add(urls.group());
            }
            assertEquals(List.of(), found.stream().filter(u -> !u.startsWith("url(#")).toList(), language);
            assertFalse(html.contains("<script"), language);
            for (String section : List.of("answer", "severity", "map", "age", "classes", "documents", "plan", "offers", "quality",
                    "changes", "method")) {
                assertTrue(html.contains("<section id=\"" + section + "\""), language + " " + section);
            }
        }
    }

    @Test
    void suppressedCountsAreWithheldEverywhere() {
        String html = HtmlReport.render(figures(), Messages.of("en"));
        String md = MarkdownReport.render(figures(), Messages.of("en"));
        // High is a small cell, very high its complement: neither is shown, nor is their sum.
        assertTrue(md.contains("| High | < 10 |"), md);
        assertTrue(md.contains("| Very high | withheld |"), md);
        assertTrue(md.contains("How many are at high or very high risk is withheld"), md);
        assertTrue(html.contains("How many are at high or very high risk is withheld"), html);
        assertFalse(md.contains("of them are at high or very high risk"), md);
        assertTrue(md.contains("| Corse | < 10 | 347,597 | — |"), md);
        // Corsica's tile is hatched, not coloured.
        assertTrue(html.contains("Corse — withheld</title><rect x=\"246\" y=\"328\" width=\"78\" height=\"78\" rx=\"6\" fill=\"url(#hatch-map)\""),
                html);
        assertTrue(html.contains("a count of fewer than 10 persons is shown as “&lt; 10”"), html);
    }

    @Test
    void numbersMoneyAndDatesFollowTheLanguage() {
        String fr = MarkdownReport.render(figures(), Messages.of("fr"));
        String en = MarkdownReport.render(figures(), Messages.of("en"));
        assertTrue(fr.contains("2\u202f234 personnes sont touchées"), fr);
        assertTrue(en.contains("2,234 people are affected"), en);
        assertTrue(fr.contains("souscription central (8\u00a0%), budget 2\u202f880\u00a0€ (de 1\u202f080\u00a0€ à 5\u202f400\u00a0€"), fr);
        assertTrue(en.contains("central take-up (8%), budget €2,880 (range €1,080 to €5,400 for the low and high take-ups)"), en);
        assertTrue(fr.contains("du 1 déc. 2025 au 2 déc. 2025"), fr);
        assertTrue(en.contains("from 1 Dec 2025 to 2 Dec 2025"), en);
        // A unit cost per month keeps its cents.
        assertTrue(HtmlReport.render(figures(), Messages.of("en")).contains("<td class=\"n\">€3.00</td>"));
        assertTrue(en.contains("| Kept on a name and a postal address only (reached by letter; linked to others on exact keys only) | 10 |"), en);
        assertTrue(fr.contains("| Retenu après réparation de sa ligne"), fr);
        assertTrue(en.contains("The dumps had no phone: nobody is counted as exposed through these fields"), en);
        assertTrue(HtmlReport.render(figures(), Messages.of("fr")).contains("<td class=\"n\">3,00\u00a0€</td>"));
    }

    @Test
    void aContactInTheTextStopsThePublication() {
        Disclosure.check("persons 0612 and 2,234 and run 7f0612345678ab", "ok.md");
        BreachImpactException email = assertThrows(BreachImpactException.class, () -> Disclosure.check("a\nb jean.dupont@example.fr", "r.md"));
        assertEquals("r.md line 2 would contain an email address: the report was not published", email.getMessage());
        for (String phone : List.of("06 12 34 56 78", "+33 6 12 34 56 78", "0033612345678", "0612345678")) {
            assertThrows(BreachImpactException.class, () -> Disclosure.check("call " + phone + ".", "r.md"), phone);
        }
    }

    @Test
    void anUnknownLanguageIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Messages.of("de"));
        assertEquals("no report in 'de': choose one of fr, en", e.getMessage());
    }
}
