package io.breachimpact.exposure;

import io.breachimpact.config.ConfigReader;
import io.breachimpact.config.PolicyConfig;
import io.breachimpact.error.BreachImpactException;
import io.breachimpact.ingest.normalize.DataClass;
import io.breachimpact.model.DocumentType;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** The severity part of the policy, typed and checked: the ENISA factors and the rules that set them. */
public record SeverityPolicy(String version, BigDecimal dpcBase, List<Rule> dpcContext, List<Rule> ei, BigDecimal confidentiality,
                             BigDecimal integrity, BigDecimal availability, BigDecimal maliciousIntent) {

    /** When a rule applies: every condition given must hold (none given: always). */
    public record Condition(Set<String> classesAll, Set<String> documentsAny, Optional<Boolean> minor, Optional<Integer> recordsAtLeast) {
        public static final Condition ALWAYS = new Condition(Set.of(), Set.of(), Optional.empty(), Optional.empty());
    }

    /** A rule: its id (recorded with every person it applies to), why, when, and its amount (DPC: added; EI: the value). */
    public record Rule(String id, String why, Condition when, BigDecimal amount) {
    }

    private static final Pattern RULE_ID = Pattern.compile("[A-Z0-9][A-Z0-9-]{0,63}");
    private static final Set<String> CONDITION_KEYS = Set.of("classes-all", "documents-any", "minor", "records-at-least");

    public static SeverityPolicy from(PolicyConfig policy) {
        ConfigReader r = policy.reader();
        String prefix = "policy.severity.";
        List<Rule> context = new ArrayList<>();
        for (ConfigReader rule : r.objects(prefix + "dpc.context", union(CONDITION_KEYS, Set.of("id", "why", "add")))) {
            context.add(rule(rule, "add", -3, 3));
        }
        List<Rule> ei = new ArrayList<>();
        for (ConfigReader rule : r.objects(prefix + "ei", union(CONDITION_KEYS, Set.of("id", "why", "value")))) {
            ei.add(rule(rule, "value", 0.25, 1));
        }
        if (ei.isEmpty() || !ei.get(ei.size() - 1).when().equals(Condition.ALWAYS)) {
            throw r.invalid(prefix + "ei", "must end with a rule without conditions: every person needs an ease of identification");
        }
        List<String> ids = new ArrayList<>();
        context.forEach(x -> ids.add(x.id()));
        ei.forEach(x -> ids.add(x.id()));
        if (ids.stream().distinct().count() != ids.size()) {
            throw r.invalid(prefix + "ei", "rule ids must be unique across dpc.context and ei, got " + ids);
        }
        return new SeverityPolicy(policy.version(),
                decimal(r.numberBetween(prefix + "dpc.base", 1, 4)),
                List.copyOf(context), List.copyOf(ei),
                cb(r, prefix + "cb.confidentiality"), cb(r, prefix + "cb.integrity"), cb(r, prefix + "cb.availability"),
                decimal(r.numberBetween(prefix + "cb.malicious-intent", 0, 0.5)));
    }

    /** The method's steps for confidentiality, integrity and availability: 0, 0.25 or 0.5. */
    private static BigDecimal cb(ConfigReader r, String key) {
        double v = r.numberBetween(key, 0, 0.5);
        if (v != 0 && v != 0.25 && v != 0.5) {
            throw r.invalid(key, "must be 0, 0.25 or 0.5 (the ENISA method's steps), got " + v);
        }
        return decimal(v);
    }

    private static Rule rule(ConfigReader rule, String amountKey, double min, double max) {
        String id = rule.string("id");
        if (!RULE_ID.matcher(id).matches()) {
            throw rule.invalid("id", "must be capital letters, digits and '-', got '" + id + "'");
        }
        Set<String> classes = rule.has("classes-all") ? checked(rule, "classes-all", names(DataClass.class)) : Set.of();
        Set<String> documents = rule.has("documents-any") ? checked(rule, "documents-any", names(DocumentType.class)) : Set.of();
        Optional<Boolean> minor = rule.has("minor") ? Optional.of(rule.bool("minor")) : Optional.empty();
        Optional<Integer> records = rule.has("records-at-least") ? Optional.of(rule.intBetween("records-at-least", 1, 1000)) : Optional.empty();
        return new Rule(id, rule.string("why"), new Condition(classes, documents, minor, records),
                decimal(rule.numberBetween(amountKey, min, max)));
    }

    private static Set<String> checked(ConfigReader rule, String key, Set<String> allowed) {
        Set<String> values = new java.util.TreeSet<>(rule.strings(key));
        for (String v : values) {
            if (!allowed.contains(v)) {
                throw rule.invalid(key, "'" + v + "' is not one of " + new java.util.TreeSet<>(allowed));
            }
        }
        return values;
    }

    private static <E extends Enum<E>> Set<String> names(Class<E> type) {
        Set<String> names = new java.util.HashSet<>();
        for (E e : EnumSet.allOf(type)) {
            names.add(e.name());
        }
        return names;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> u = new java.util.HashSet<>(a);
        u.addAll(b);
        return u;
    }

    private static BigDecimal decimal(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            throw BreachImpactException.config("not a number: " + v);
        }
        return BigDecimal.valueOf(v);
    }

    /** CB: the same for everyone in this breach. */
    public BigDecimal circumstances() {
        return confidentiality.add(integrity).add(availability).add(maliciousIntent);
    }
}
