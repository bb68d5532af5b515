package io.breachimpact.decide;

import io.breachimpact.config.ConfigReader;
import io.breachimpact.config.PolicyConfig;
import io.breachimpact.exposure.Severity;
import io.breachimpact.exposure.SeverityPolicy;
import io.breachimpact.ingest.normalize.DataClass;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** The notification and offer parts of the policy, typed and checked. */
public record DecisionPolicy(String version, Severity.Level individualFrom, List<String> manualReviewFlags, List<Channel> channels,
                             Channel minorChannel, int letterAlsoFromAge, String language, List<Template> templates,
                             String followUpPrefix, Map<Channel, Long> capacityPerDay, LocalDate firstWaveDate, List<Tier> tiers,
                             String currency, Map<String, Double> takeUp, Authority authority) {

    /** How a notice travels. */
    public enum Channel { EMAIL, SMS, LETTER }

    /** What a notice says, when its condition holds. */
    public record Template(String id, String why, Set<String> classesAll) {
    }

    /** A monitoring offer and who is eligible. */
    public record Tier(String code, String name, Severity.Level levelAtLeast, Set<String> classesAll, int months, BigDecimal unitCostPerMonth) {
    }

    /** What the regulator's notification names. */
    public record Authority(String controller, String contactPoint, String nature) {
    }

    private static final Pattern ID = Pattern.compile("[A-Z0-9][A-Z0-9-]{0,63}");

    public static DecisionPolicy from(PolicyConfig policy) {
        ConfigReader r = policy.reader();
        String n = "policy.notification.";
        List<Channel> channels = new ArrayList<>();
        for (String c : r.strings(n + "channels")) {
            channels.add(channel(r, n + "channels", c));
        }
        if (channels.isEmpty() || new TreeSet<>(channels).size() != channels.size()) {
            throw r.invalid(n + "channels", "must list each of EMAIL, SMS, LETTER at most once, and at least one");
        }
        List<Template> templates = new ArrayList<>();
        for (ConfigReader t : r.objects(n + "templates", Set.of("id", "why", "classes-all"))) {
            templates.add(new Template(id(t, "id"), t.string("why"), classes(t)));
        }
        if (templates.isEmpty() || !templates.get(templates.size() - 1).classesAll().isEmpty()) {
            throw r.invalid(n + "templates", "must end with a template without conditions: every notice needs one");
        }
        Map<Channel, Long> capacity = new LinkedHashMap<>();
        for (Channel c : Channel.values()) {
            capacity.put(c, r.longAtLeast(n + "capacity-per-day." + c.name(), 1));
        }
        String o = "policy.offers.";
        List<Tier> tiers = new ArrayList<>();
        for (ConfigReader t : r.objects(o + "tiers", Set.of("code", "name", "level-at-least", "classes-all", "months", "unit-cost-per-month"))) {
            tiers.add(new Tier(id(t, "code"), t.string("name"), t.choice("level-at-least", Severity.Level.class), classes(t),
                    t.intBetween("months", 0, 120), BigDecimal.valueOf(t.numberBetween("unit-cost-per-month", 0, 1000))));
        }
        if (tiers.isEmpty() || tiers.get(tiers.size() - 1).levelAtLeast() != Severity.Level.LOW
                || !tiers.get(tiers.size() - 1).classesAll().isEmpty()) {
            throw r.invalid(o + "tiers", "must end with a tier for everyone (level-at-least = LOW, no classes-all)");
        }
        if (tiers.stream().map(Tier::code).distinct().count() != tiers.size()) {
            throw r.invalid(o + "tiers", "tier codes must be unique");
        }
        Map<String, Double> takeUp = new LinkedHashMap<>();
        for (String scenario : List.of("low", "central", "high")) {
            takeUp.put(scenario, r.share(o + "take-up." + scenario));
        }
        if (!(takeUp.get("low") <= takeUp.get("central") && takeUp.get("central") <= takeUp.get("high"))) {
            throw r.invalid(o + "take-up", "must be ordered low ≤ central ≤ high");
        }
        String language = r.string(n + "language");
        if (!language.matches("[a-z]{2}")) {
            throw r.invalid(n + "language", "must be a two-letter language code, got '" + language + "'");
        }
        List<String> flags = r.strings(n + "manual-review-flags");
        return new DecisionPolicy(policy.version(), r.choice(n + "individual-notice-from", Severity.Level.class), List.copyOf(flags),
                List.copyOf(channels), channel(r, n + "minor-channel", r.string(n + "minor-channel")),
                r.intBetween(n + "letter-also-from-age", 0, 150), language, List.copyOf(templates), id(r, n + "follow-up-prefix"),
                capacity, r.date(n + "first-wave-date"), List.copyOf(tiers), r.string(o + "currency"), takeUp,
                new Authority(r.string("policy.authority.controller"), r.string("policy.authority.contact-point"),
                        r.string("policy.authority.nature")));
    }

    private static Channel channel(ConfigReader r, String key, String value) {
        try {
            return Channel.valueOf(value);
        } catch (IllegalArgumentException e) {
            throw r.invalid(key, "'" + value + "' is not one of EMAIL, SMS, LETTER");
        }
    }

    private static String id(ConfigReader r, String key) {
        String id = r.string(key);
        if (!ID.matcher(id).matches()) {
            throw r.invalid(key, "must be capital letters, digits and '-', got '" + id + "'");
        }
        return id;
    }

    private static Set<String> classes(ConfigReader r) {
        if (!r.has("classes-all")) {
            return Set.of();
        }
        Set<String> known = new TreeSet<>();
        EnumSet.allOf(DataClass.class).forEach(c -> known.add(c.name()));
        Set<String> values = new TreeSet<>(r.strings("classes-all"));
        for (String v : values) {
            if (!known.contains(v)) {
                throw r.invalid("classes-all", "'" + v + "' is not one of " + known);
            }
        }
        return values;
    }

    /** The severity-rule condition a template or tier's classes make (for reuse of its column logic). */
    static SeverityPolicy.Condition condition(Set<String> classesAll) {
        return new SeverityPolicy.Condition(classesAll, Set.of(), Optional.empty(), Optional.empty());
    }
}
