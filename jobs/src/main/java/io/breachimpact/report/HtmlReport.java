package io.breachimpact.report;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.breachimpact.report.Html.esc;

/**
 * {@code report.html}: one self-contained page (inline CSS and SVG, no script, a Content Security
 * Policy that forbids every fetch), the answer first, readable on screen and on A4 paper.
 */
final class HtmlReport {
    private final ReportData d;
    private final Messages m;
    private final int k;
    private final StringBuilder out = new StringBuilder(64 * 1024);

    private HtmlReport(ReportData data, Messages messages) {
        this.d = data;
        this.m = messages;
        this.k = data.run().suppressionK();
    }

    static String render(ReportData data, Messages messages) {
        return new HtmlReport(data, messages).page();
    }

    private static final String CSS = """
            :root { --ink:#1b1b1b; --muted:#5a5a5a; --rule:#d0d0d0; --accent:#08519c; }
            * { box-sizing: border-box; }
            body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); margin: 0 auto;
                   max-width: 980px; padding: 24px; line-height: 1.45; }
            h1 { font-size: 1.7em; margin: 0 0 4px; }
            h2 { font-size: 1.25em; border-bottom: 2px solid var(--accent); padding-bottom: 3px; margin-top: 2em; }
            h3 { font-size: 1.05em; margin: 1.2em 0 .4em; }
            .meta, .note { color: var(--muted); font-size: .9em; }
            .answer { background: #f3f7fc; border-left: 6px solid var(--accent); padding: 12px 18px; }
            .answer p { margin: .4em 0; font-size: 1.05em; }
            .cards { display: flex; flex-wrap: wrap; gap: 10px; margin: 12px 0; }
            .card { flex: 1 1 160px; border: 1px solid var(--rule); border-radius: 6px; padding: 8px 12px; background: #fff; }
            .card b { display: block; font-size: 1.5em; }
            .card span { color: var(--muted); font-size: .85em; }
            table { border-collapse: collapse; margin: 8px 0 12px; font-size: .92em; }
            th, td { border-bottom: 1px solid var(--rule); padding: 3px 10px 3px 0; text-align: left; vertical-align: top; }
            td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
            .side { display: flex; flex-wrap: wrap; gap: 18px; align-items: flex-start; }
            .heat td.n { min-width: 64px; }
            .ok { color: #1a7f37; font-weight: bold; }
            .bad { color: #b00020; font-weight: bold; }
            svg { max-width: 100%; height: auto; }
            footer { margin-top: 3em; color: var(--muted); font-size: .85em; }
            @page { size: A4; margin: 14mm; }
            @media print {
              body { max-width: none; padding: 0; font-size: 10pt; }
              h2 { break-after: avoid; }
              section, table, svg, .answer { break-inside: avoid; }
              .answer { background: none; }
            }
            """;

    private String page() {
        out.append("<!DOCTYPE html>\n<html lang=\"").append(m.language()).append("\">\n<head>\n<meta charset=\"utf-8\">\n")
                // Nothing may be fetched: the report is read offline and must not tell anyone it was opened.
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(esc(m.t("title"))).append("</title>\n<style>").append(CSS).append("</style>\n</head>\n<body>\n");
        header();
        answer();
        severity();
        map();
        ages();
        classes();
        documents();
        plan();
        offers();
        quality();
        changes();
        method();
        out.append("<footer>").append(esc(m.t("footer", d.run().runId(), m.number(k)))).append("</footer>\n</body>\n</html>\n");
        return out.toString();
    }

    private void header() {
        out.append("<header><h1>").append(esc(m.t("title"))).append("</h1><p class=\"meta\">")
                .append(esc(m.t("meta", d.run().runId(), d.run().generatedAt(), d.run().policyVersion()))).append("</p></header>\n");
    }

    private String n(Count c) {
        return esc(m.count(c, k));
    }

    private String n(long v) {
        return esc(m.number(v));
    }

    /** A number that may be absent (a population the table does not have). */
    private String n(Long v) {
        return v == null ? "—" : esc(m.number(v.longValue()));
    }

    private String regionName(ReportData.Area a) {
        return ReportFigures.UNKNOWN.equals(a.code()) ? m.t("region.unknown") : a.name();
    }

    private void answer() {
        ReportData.Headline h = d.headline();
        out.append("<section id=\"answer\" class=\"answer\"><h2>").append(esc(m.t("answer.title"))).append("</h2>\n");
        for (String sentence : Sentences.answer(d, m)) {
            out.append("<p>").append(esc(sentence)).append("</p>\n");
        }
        out.append("<div class=\"cards\">");
        card(n(h.persons()), m.t("card.persons"));
        card(n(h.records()), m.t("card.records"));
        card(n(h.outcomes().get("INDIVIDUAL_NOTICE")), m.t("card.notices"));
        card(n(h.outcomes().get("PUBLIC_COMMUNICATION")), m.t("card.public"));
        ReportData.Scenario central = d.offers().total().get("central");
        if (central != null) {
            card(esc(m.money(central.budget(), d.offers().currency())), m.t("card.budget"));
        }
        out.append("</div></section>\n");
    }

    private void card(String value, String label) {
        out.append("<div class=\"card\"><b>").append(value).append("</b><span>").append(esc(label)).append("</span></div>");
    }

    private void severity() {
        Map<String, Count> levels = d.headline().personsByLevel();
        out.append("<section id=\"severity\"><h2>").append(esc(m.t("severity.title"))).append("</h2>\n");
        List<String> names = new ArrayList<>(levels.keySet());
        List<Long> values = names.stream().map(l -> levels.get(l).value()).toList();
        List<String> legend = names.stream().map(l -> m.label("level", l) + " " + m.count(levels.get(l), k)).toList();
        out.append(Svg.levels(m.t("severity.title"), names, values, legend));
        table(List.of(m.t("col.level"), m.t("col.persons"), m.t("col.share")), names.stream().map(l -> List.of(esc(m.label("level", l)),
                n(levels.get(l)), share(levels.get(l), d.headline().persons()))).toList());
        out.append("<p class=\"note\">").append(esc(m.t("severity.note"))).append("</p></section>\n");
    }

    private String share(Count c, long total) {
        return c.suppressed() || total == 0 ? "—" : esc(m.percent(c.value() / (double) total));
    }

    private void map() {
        out.append("<section id=\"map\"><h2>").append(esc(m.t("map.title"))).append("</h2>\n<div class=\"side\">");
        double[] breaks = Svg.breaks(d.regions().stream().filter(a -> !a.persons().suppressed()).map(ReportData.Area::ratePer1000).toList());
        List<String> legend = new ArrayList<>();
        for (int i = 0; i < Svg.BLUES.size(); i++) {
            String from = i == 0 ? null : m.rate(breaks[i - 1]);
            String to = i == breaks.length ? null : m.rate(breaks[i]);
            legend.add(from == null ? "< " + to : to == null ? "≥ " + from : from + " – " + to);
        }
        legend.add(m.t("suppressed.short", m.number(k)));
        out.append(Svg.tileMap(m.t("map.title"), d.regions(), breaks, legend, m.t("map.overseas"), m::rate));
        List<List<String>> rows = d.regions().stream()
                .sorted(java.util.Comparator.comparing((ReportData.Area a) -> a.ratePer1000() == null ? -1 : a.ratePer1000()).reversed())
                .map(a -> List.of(esc(regionName(a)), n(a.persons()), n(a.population()), esc(m.rate(a.ratePer1000())))).toList();
        table(List.of(m.t("col.region"), m.t("col.persons"), m.t("col.population"), m.t("col.rate")), rows);
        out.append("</div><p class=\"note\">").append(esc(m.t("map.note"))).append("</p></section>\n");
    }

    private void ages() {
        out.append("<section id=\"age\"><h2>").append(esc(m.t("age.title"))).append("</h2>\n<div class=\"side\">");
        out.append(Svg.bars(m.t("age.title"), d.ageBands().stream().map(s -> new Svg.Bar(m.label("age", s.key()), s.persons().value(),
                m.count(s.persons(), k))).toList(), "#3182bd"));
        table(List.of(m.t("col.age-band"), m.t("col.persons"), m.t("col.rate")), d.ageBands().stream()
                .map(s -> List.of(esc(m.label("age", s.key())), n(s.persons()), esc(m.rate(s.ratePer1000())))).toList());
        out.append("</div></section>\n");
    }

    private void classes() {
        out.append("<section id=\"classes\"><h2>").append(esc(m.t("classes.title"))).append("</h2>\n");
        out.append(Svg.bars(m.t("classes.title"), d.dataClasses().stream().map(s -> new Svg.Bar(m.label("class", s.key()),
                s.persons().value(), m.count(s.persons(), k) + " (" + share(s.persons(), d.headline().persons()) + ")")).toList(), "#6baed6"));
        out.append("<p class=\"note\">").append(esc(m.t("classes.note"))).append("</p>\n<h3>").append(esc(m.t("combinations.title"))).append("</h3>\n");
        table(List.of(m.t("col.combination"), m.t("col.persons"), m.t("col.share")), d.combinations().stream()
                .map(s -> List.of(esc(m.combination(s.key())), n(s.persons()), share(s.persons(), d.headline().persons()))).toList());
        out.append("</section>\n");
    }

    private void documents() {
        out.append("<section id=\"documents\"><h2>").append(esc(m.t("documents.title"))).append("</h2>\n");
        List<String> bands = d.ageBands().stream().map(ReportData.Share::key).toList();
        long max = d.documentTypeByAgeBand().stream().mapToLong(c -> c.persons().orZero()).max().orElse(1);
        out.append("<table class=\"heat\"><thead><tr><th>").append(esc(m.t("col.document"))).append("</th>");
        bands.forEach(b -> out.append("<th class=\"n\">").append(esc(m.label("age", b))).append("</th>"));
        out.append("<th class=\"n\">").append(esc(m.t("col.total"))).append("</th></tr></thead><tbody>");
        for (ReportData.Share type : d.documentTypes()) {
            out.append("<tr><th>").append(esc(m.label("document", type.key()))).append("</th>");
            for (String band : bands) {
                Count persons = d.documentPersons(type.key(), band);
                int cls = persons.suppressed() ? -1 : (int) Math.min(Svg.BLUES.size() - 1, Math.floor(Svg.BLUES.size() * persons.orZero() / (double) (max + 1)));
                String style = cls < 0 ? "background:#eee" : "background:" + Svg.BLUES.get(cls) + (cls >= 3 ? ";color:#fff" : "");
                out.append("<td class=\"n\" style=\"").append(style).append("\">").append(n(persons)).append("</td>");
            }
            out.append("<td class=\"n\"><b>").append(n(type.persons())).append("</b></td></tr>");
        }
        out.append("</tbody></table><p class=\"note\">").append(esc(m.t("documents.note"))).append("</p></section>\n");
    }

    private void plan() {
        ReportData.Plan p = d.plan();
        out.append("<section id=\"plan\"><h2>").append(esc(m.t("plan.title"))).append("</h2>\n");
        table(List.of(m.t("col.channel"), m.t("col.notices"), m.t("col.sends"), m.t("col.capacity"), m.t("col.first-wave"),
                m.t("col.last-wave"), m.t("col.days")), p.channels().stream().map(c -> List.of(esc(m.label("channel", c.channel())),
                n(p.noticesByChannel().getOrDefault(c.channel(), Count.of(0))), n(c.sends()), n(c.capacityPerDay()),
                esc(m.date(c.firstWave())), esc(m.date(c.lastWave())), n(c.days()))).toList());
        out.append(Svg.timeline(m.t("plan.timeline"), p.channels(), p.waves(), c -> m.label("channel", c), m::date));
        out.append("<p class=\"note\">").append(esc(m.t("plan.note"))).append("</p>\n<h3>").append(esc(m.t("plan.public"))).append("</h3>\n");
        table(List.of(m.t("col.reason"), m.t("col.persons")), p.publicCommunicationByReason().entrySet().stream()
                .map(e -> List.of(esc(m.label("reason", e.getKey())), n(e.getValue()))).toList());
        out.append("</section>\n");
    }

    private void offers() {
        ReportData.Offers o = d.offers();
        out.append("<section id=\"offers\"><h2>").append(esc(m.t("offers.title"))).append("</h2>\n");
        List<String> head = new ArrayList<>(List.of(m.t("col.offer"), m.t("col.months"), m.t("col.unit-cost"), m.t("col.eligible")));
        o.scenarios().forEach(s -> head.add(m.t("col.scenario", m.label("scenario", s), m.percent(o.tiers().isEmpty() ? 0
                : o.tiers().get(0).scenarios().getOrDefault(s, new ReportData.Scenario(0, 0L, BigDecimal.ZERO)).takeUp()))));
        List<List<String>> rows = new ArrayList<>();
        for (ReportData.Tier t : o.tiers()) {
            List<String> row = new ArrayList<>(List.of("<b>" + esc(t.code()) + "</b><br><span class=\"note\">" + esc(t.name()) + "</span>",
                    n(t.months()), esc(m.money(t.unitCostPerMonth(), o.currency(), 2)), n(t.eligible())));
            o.scenarios().forEach(s -> {
                ReportData.Scenario sc = t.scenarios().get(s);
                row.add(sc == null ? "—" : esc(m.money(sc.budget(), o.currency())) + "<br><span class=\"note\">"
                        + esc(m.t("offers.enrolments", m.number(sc.enrolments()))) + "</span>");
            });
            rows.add(row);
        }
        List<String> total = new ArrayList<>(List.of("<b>" + esc(m.t("col.total")) + "</b>", "", "", ""));
        o.scenarios().forEach(s -> {
            ReportData.Scenario sc = o.total().get(s);
            total.add(sc == null ? "—" : "<b>" + esc(m.money(sc.budget(), o.currency())) + "</b><br><span class=\"note\">"
                    + esc(m.t("offers.enrolments", m.number(sc.enrolments()))) + "</span>");
        });
        rows.add(total);
        table(head, rows);
        out.append("<p class=\"note\">").append(esc(m.t("offers.note"))).append("</p></section>\n");
    }

    private void quality() {
        ReportData.Quality q = d.quality();
        out.append("<section id=\"quality\"><h2>").append(esc(m.t("quality.title"))).append("</h2>\n<h3>")
                .append(esc(m.t("quality.reconciliation"))).append("</h3>\n");
        table(List.of(m.t("col.batch"), m.t("col.read"), m.t("col.bronze"), m.t("col.silver"), m.t("col.quarantine"), m.t("col.check")),
                q.batches().stream().map(b -> List.of(esc(b.batch()), n(b.read()), n(b.bronze()), n(b.accepted()), n(b.quarantined()),
                        b.reconciled() ? "<span class=\"ok\">" + esc(m.t("check.ok")) + "</span>"
                                : "<span class=\"bad\">" + esc(m.t("check.mismatch")) + "</span>")).toList());
        out.append("<h3>").append(esc(m.t("quality.outcomes"))).append("</h3>\n");
        table(List.of(m.t("col.outcome"), m.t("col.records")), q.outcomes().entrySet().stream()
                .map(e -> List.of(esc(m.label("outcome", e.getKey())), n(e.getValue()))).toList());
        out.append("<p>").append(esc(q.fieldsMissing().isEmpty() ? m.t("quality.fields-all")
                : m.t("quality.fields-missing", String.join(", ", q.fieldsMissing())))).append("</p>\n");
        out.append("<h3>").append(esc(m.t("quality.quarantine"))).append("</h3>\n");
        table(List.of(m.t("col.reason"), m.t("col.records")), q.quarantineByReason().entrySet().stream()
                .map(e -> List.of(esc(m.label("quarantine", e.getKey())), n(e.getValue()))).toList());
        out.append("<h3>").append(esc(m.t("quality.resolution"))).append("</h3>\n");
        ReportData.Resolution r = q.resolution();
        if (r == null) {
            out.append("<p>").append(esc(m.t("quality.no-resolution"))).append("</p>");
        } else {
            out.append("<p>").append(esc(m.t("quality.resolved", m.number(r.records()), m.number(r.persons()), m.number(r.cappedBlocks()))))
                    .append("</p>");
            out.append("<p>").append(esc(r.precision() == null ? m.t("quality.no-truth")
                    : m.t("quality.pairwise", m.decimal(r.precision(), 4), m.decimal(r.recall(), 4), m.decimal(r.f1(), 4)))).append("</p>");
        }
        out.append("<p class=\"note\">").append(esc(m.t("quality.note"))).append("</p></section>\n");
    }

    private void changes() {
        out.append("<section id=\"changes\"><h2>").append(esc(m.t("changes.title"))).append("</h2>\n");
        ReportData.Changes c = d.changes();
        if (c == null) {
            out.append("<p>").append(esc(m.t("changes.first"))).append("</p>");
        } else if (c.newPersons() == null) {
            out.append("<p>").append(esc(m.t("changes.unknown", c.previousRunId()))).append("</p>");
        } else {
            out.append("<p>").append(esc(m.t("changes.since", c.previousRunId(), c.previousAt()))).append("</p>");
            table(List.of(m.t("col.change"), m.t("col.persons")), List.of(
                    List.of(esc(m.t("changes.new-persons")), n(c.newPersons())),
                    List.of(esc(m.t("changes.raised")), n(c.levelRaised())),
                    List.of(esc(m.t("changes.lowered")), n(c.levelLowered())),
                    List.of(esc(m.t("changes.notifications")), n(c.newNotifications()))));
        }
        out.append("</section>\n");
    }

    private void method() {
        ReportData.Run run = d.run();
        out.append("<section id=\"method\"><h2>").append(esc(m.t("method.title"))).append("</h2>\n");
        for (String key : List.of("method.severity", "method.persons", "method.population")) {
            out.append("<p>").append(esc(m.t(key))).append("</p>\n");
        }
        out.append("<p>").append(esc(m.t("method.levels", m.label("level", run.individualNoticeFrom())))).append("</p>\n");
        out.append("<p>").append(esc(m.t("method.suppression", m.number(k)))).append("</p>\n");
        table(List.of(m.t("col.what"), m.t("col.value")), List.of(
                List.of(esc(m.t("method.run")), esc(run.runId())),
                List.of(esc(m.t("method.policy")), esc(run.policyVersion() + " (" + run.policyHash() + ")")),
                List.of(esc(m.t("method.decide-run")), esc(run.decideRunId() == null ? "—" : run.decideRunId())),
                List.of(esc(m.t("method.authority")), esc(run.decideReportDir() == null ? "—" : run.decideReportDir() + "/authority-notification.json"))));
        out.append("<h3>").append(esc(m.t("method.inputs"))).append("</h3>\n");
        table(List.of(m.t("col.table"), m.t("col.version")), run.inputVersions().entrySet().stream()
                .map(e -> List.of(esc(e.getKey()), n(e.getValue()))).toList());
        out.append("</section>\n");
    }

    /** A table; the first column is text, the others numbers (right-aligned) unless they hold markup. */
    private void table(List<String> head, List<List<String>> rows) {
        out.append("<table><thead><tr>");
        for (int i = 0; i < head.size(); i++) {
            out.append(i == 0 ? "<th>" : "<th class=\"n\">").append(esc(head.get(i))).append("</th>");
        }
        out.append("</tr></thead><tbody>");
        for (List<String> row : rows) {
            out.append("<tr>");
            for (int i = 0; i < row.size(); i++) {
                out.append(i == 0 ? "<td>" : "<td class=\"n\">").append(row.get(i)).append("</td>");
            }
            out.append("</tr>");
        }
        out.append("</tbody></table>\n");
    }
}
