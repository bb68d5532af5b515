package io.breachimpact.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code report.md}: the page's figures as text tables (without the charts), for mail, wikis and diffs between runs. */
final class MarkdownReport {
    private final ReportData d;
    private final Messages m;
    private final int k;
    private final StringBuilder out = new StringBuilder(16 * 1024);

    private MarkdownReport(ReportData data, Messages messages) {
        this.d = data;
        this.m = messages;
        this.k = data.run().suppressionK();
    }

    static String render(ReportData data, Messages messages) {
        return new MarkdownReport(data, messages).document();
    }

    private String document() {
        out.append("# ").append(m.t("title")).append("\n\n").append(cell(m.t("meta", d.run().runId(), d.run().generatedAt(),
                d.run().policyVersion()))).append("\n\n## ").append(m.t("answer.title")).append("\n\n");
        Sentences.answer(d, m).forEach(s -> out.append(cell(s)).append("\n\n"));

        section("severity.title");
        Map<String, Count> levels = d.headline().personsByLevel();
        table(List.of(m.t("col.level"), m.t("col.persons")), levels.entrySet().stream()
                .map(e -> List.of(m.label("level", e.getKey()), c(e.getValue()))).toList());

        section("map.title");
        table(List.of(m.t("col.region"), m.t("col.persons"), m.t("col.population"), m.t("col.rate")), d.regions().stream()
                .map(a -> List.of(ReportFigures.UNKNOWN.equals(a.code()) ? m.t("region.unknown") : a.name(), c(a.persons()),
                        a.population() == null ? "—" : m.number(a.population().longValue()), m.rate(a.ratePer1000()))).toList());

        section("age.title");
        table(List.of(m.t("col.age-band"), m.t("col.persons"), m.t("col.rate")), d.ageBands().stream()
                .map(s -> List.of(m.label("age", s.key()), c(s.persons()), m.rate(s.ratePer1000()))).toList());

        section("classes.title");
        table(List.of(m.t("col.data-class"), m.t("col.persons")), d.dataClasses().stream()
                .map(s -> List.of(m.label("class", s.key()), c(s.persons()))).toList());
        out.append("### ").append(m.t("combinations.title")).append("\n\n");
        table(List.of(m.t("col.combination"), m.t("col.persons")), d.combinations().stream()
                .map(s -> List.of(m.combination(s.key()), c(s.persons()))).toList());

        section("documents.title");
        List<String> head = new ArrayList<>(List.of(m.t("col.document")));
        d.ageBands().forEach(b -> head.add(m.label("age", b.key())));
        head.add(m.t("col.total"));
        List<List<String>> rows = new ArrayList<>();
        for (ReportData.Share type : d.documentTypes()) {
            List<String> row = new ArrayList<>(List.of(m.label("document", type.key())));
            d.ageBands().forEach(b -> row.add(c(d.documentPersons(type.key(), b.key()))));
            row.add(c(type.persons()));
            rows.add(row);
        }
        table(head, rows);

        section("plan.title");
        table(List.of(m.t("col.channel"), m.t("col.notices"), m.t("col.sends"), m.t("col.capacity"), m.t("col.first-wave"),
                m.t("col.last-wave"), m.t("col.days")), d.plan().channels().stream().map(p -> List.of(m.label("channel", p.channel()),
                c(d.plan().noticesByChannel().getOrDefault(p.channel(), Count.of(0))), c(p.sends()), m.number(p.capacityPerDay()),
                m.date(p.firstWave()), m.date(p.lastWave()), m.number(p.days()))).toList());
        out.append("### ").append(m.t("plan.public")).append("\n\n");
        table(List.of(m.t("col.reason"), m.t("col.persons")), d.plan().publicCommunicationByReason().entrySet().stream()
                .map(e -> List.of(m.label("reason", e.getKey()), c(e.getValue()))).toList());

        section("offers.title");
        ReportData.Offers o = d.offers();
        List<String> offerHead = new ArrayList<>(List.of(m.t("col.offer"), m.t("col.months"), m.t("col.eligible")));
        o.scenarios().forEach(s -> offerHead.add(m.label("scenario", s)));
        List<List<String>> offerRows = new ArrayList<>();
        for (ReportData.Tier t : o.tiers()) {
            List<String> row = new ArrayList<>(List.of(t.code(), m.number(t.months()), c(t.eligible())));
            o.scenarios().forEach(s -> row.add(t.scenarios().containsKey(s) ? m.money(t.scenarios().get(s).budget(), o.currency()) : "—"));
            offerRows.add(row);
        }
        List<String> total = new ArrayList<>(List.of(m.t("col.total"), "", ""));
        o.scenarios().forEach(s -> total.add(o.total().containsKey(s) ? m.money(o.total().get(s).budget(), o.currency()) : "—"));
        offerRows.add(total);
        table(offerHead, offerRows);

        section("quality.title");
        table(List.of(m.t("col.batch"), m.t("col.read"), m.t("col.bronze"), m.t("col.silver"), m.t("col.quarantine"), m.t("col.check")),
                d.quality().batches().stream().map(b -> List.of(b.batch(), m.number(b.read()), m.number(b.bronze()), m.number(b.accepted()),
                        m.number(b.quarantined()), b.reconciled() ? m.t("check.ok") : m.t("check.mismatch"))).toList());
        table(List.of(m.t("col.outcome"), m.t("col.records")), d.quality().outcomes().entrySet().stream()
                .map(e -> List.of(m.label("outcome", e.getKey()), m.number(e.getValue()))).toList());
        out.append(cell(d.quality().fieldsMissing().isEmpty() ? m.t("quality.fields-all")
                : m.t("quality.fields-missing", String.join(", ", d.quality().fieldsMissing())))).append("\n\n");
        table(List.of(m.t("col.reason"), m.t("col.records")), d.quality().quarantineByReason().entrySet().stream()
                .map(e -> List.of(m.label("quarantine", e.getKey()), m.number(e.getValue()))).toList());
        ReportData.Resolution r = d.quality().resolution();
        if (r != null) {
            out.append(cell(m.t("quality.resolved", m.number(r.records()), m.number(r.persons()), m.number(r.cappedBlocks())))).append(' ')
                    .append(cell(r.precision() == null ? m.t("quality.no-truth")
                            : m.t("quality.pairwise", m.decimal(r.precision(), 4), m.decimal(r.recall(), 4), m.decimal(r.f1(), 4)))).append("\n\n");
        }

        section("changes.title");
        ReportData.Changes ch = d.changes();
        if (ch == null) {
            out.append(m.t("changes.first")).append("\n\n");
        } else if (ch.newPersons() == null) {
            out.append(cell(m.t("changes.unknown", ch.previousRunId()))).append("\n\n");
        } else {
            out.append(cell(m.t("changes.since", ch.previousRunId(), ch.previousAt()))).append("\n\n");
            table(List.of(m.t("col.change"), m.t("col.persons")), List.of(List.of(m.t("changes.new-persons"), c(ch.newPersons())),
                    List.of(m.t("changes.raised"), c(ch.levelRaised())), List.of(m.t("changes.lowered"), c(ch.levelLowered())),
                    List.of(m.t("changes.notifications"), c(ch.newNotifications()))));
        }

        section("method.title");
        for (String key : List.of("method.severity", "method.persons", "method.population")) {
            out.append(cell(m.t(key))).append("\n\n");
        }
        out.append(cell(m.t("method.levels", m.label("level", d.run().individualNoticeFrom())))).append("\n\n");
        out.append(cell(m.t("method.suppression", m.number(k)))).append("\n\n");
        List<List<String>> runRows = new ArrayList<>(List.of(List.of(m.t("method.run"), d.run().runId()),
                List.of(m.t("method.policy"), d.run().policyVersion() + " (" + d.run().policyHash() + ")"),
                List.of(m.t("method.decide-run"), d.run().decideRunId() == null ? "—" : d.run().decideRunId())));
        d.run().inputVersions().forEach((table, version) -> runRows.add(List.of(table, m.t("col.version") + " " + version)));
        table(List.of(m.t("col.what"), m.t("col.value")), runRows);
        return out.toString();
    }

    private String c(Count count) {
        return m.count(count, k);
    }

    private void section(String key) {
        out.append("\n## ").append(m.t(key)).append("\n\n");
    }

    /** Text inside a table cell or a paragraph: Markdown's own characters would change the layout. */
    static String cell(String s) {
        return s == null ? "" : s.replace("\\", "\\\\").replace("|", "\\|").replace("*", "\\*").replace("_", "\\_")
                .replaceAll("<(?=[A-Za-z/!?])", "&lt;").replace("\n", " ");
    }

    private void table(List<String> head, List<List<String>> rows) {
        out.append("| ").append(String.join(" | ", head.stream().map(MarkdownReport::cell).toList())).append(" |\n|");
        for (int i = 0; i < head.size(); i++) {
            out.append(i == 0 ? "---|" : "---:|");
        }
        out.append('\n');
        for (List<String> row : rows) {
            out.append("| ").append(String.join(" | ", row.stream().map(MarkdownReport::cell).toList())).append(" |\n");
        }
        out.append('\n');
    }
}
