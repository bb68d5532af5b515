package io.breachimpact.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** The report's first paragraph: what happened to how many people, and what is being done, in sentences. */
final class Sentences {
    private Sentences() {
    }

    static List<String> answer(ReportData d, Messages m) {
        int k = d.run().suppressionK();
        ReportData.Headline h = d.headline();
        List<String> s = new ArrayList<>();
        s.add(m.t("answer.persons", m.number(h.persons()), m.number(h.records())));
        Count high = sum(h.personsByLevel().get("HIGH"), h.personsByLevel().get("VERY_HIGH"));
        s.add(high.suppressed() ? m.t("answer.severity-withheld")
                : m.t("answer.severity", m.count(high, k), m.count(h.personsByLevel().get("VERY_HIGH"), k)));
        Map<String, Count> byChannel = d.plan().noticesByChannel();
        List<String> channels = byChannel.entrySet().stream().filter(e -> e.getValue().suppressed() || e.getValue().value() > 0)
                .map(e -> m.label("channel.word", e.getKey()) + " " + m.count(e.getValue(), k)).toList();
        s.add(m.t("answer.notices", m.count(h.outcomes().get("INDIVIDUAL_NOTICE"), k),
                channels.isEmpty() ? "—" : String.join(", ", channels), m.count(h.outcomes().get("PUBLIC_COMMUNICATION"), k)));
        Count review = h.outcomes().get("MANUAL_REVIEW");
        if (review != null && (review.suppressed() || review.value() > 0)) {
            s.add(m.t("answer.review", m.count(review, k)));
        }
        d.plan().channels().stream().filter(c -> c.lastWave() != null).max(Comparator.comparing(ReportData.ChannelPlan::lastWave))
                .ifPresent(last -> s.add(m.t("answer.waves", m.date(d.plan().channels().stream().filter(c -> c.firstWave() != null)
                        .map(ReportData.ChannelPlan::firstWave).min(String::compareTo).orElseThrow()), m.date(last.lastWave()),
                        m.label("channel.word", last.channel()), m.number(last.days()))));
        ReportData.Scenario low = d.offers().total().get("low");
        ReportData.Scenario central = d.offers().total().get("central");
        ReportData.Scenario highScenario = d.offers().total().get("high");
        if (low != null && central != null && highScenario != null) {
            String c = d.offers().currency();
            s.add(m.t("answer.offers", m.number(central.enrolments()), m.money(central.budget(), c), m.money(low.budget(), c),
                    m.money(highScenario.budget(), c), m.percent(central.takeUp())));
        }
        d.regions().stream().filter(a -> a.ratePer1000() != null && !a.persons().suppressed())
                .max(Comparator.comparingDouble(ReportData.Area::ratePer1000))
                .ifPresent(a -> s.add(m.t("answer.region", a.name(), m.rate(a.ratePer1000()))));
        return s;
    }

    /** The sum of two published counts: hidden if either is. */
    static Count sum(Count a, Count b) {
        return a == null || b == null || a.suppressed() || b.suppressed() ? Count.complement() : Count.of(a.value() + b.value());
    }
}
