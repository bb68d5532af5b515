package io.breachimpact.report;

import io.breachimpact.decide.DecisionPolicy;
import io.breachimpact.decide.OfferBudget;
import io.breachimpact.error.BreachImpactException;
import io.breachimpact.error.ExitCode;
import io.breachimpact.identity.ResolveJob;
import io.breachimpact.ingest.IngestJob;
import io.breachimpact.model.AgeBand;
import io.breachimpact.model.DocumentType;
import io.breachimpact.pipeline.RunLedger;
import io.breachimpact.reference.ReferenceData;
import io.breachimpact.reference.Region;
import org.apache.spark.sql.Row;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The report's figures from what {@link ReportReader} read, without reading anything: published rows
 * kept as published (their suppression flags), and what the report adds up itself (decisions by
 * outcome and channel, sends per channel and day, offers) suppressed here with the same k.
 */
final class ReportFigures {
    static final List<String> LEVELS = List.of("LOW", "MEDIUM", "HIGH", "VERY_HIGH");
    static final List<String> OUTCOMES = List.of("INDIVIDUAL_NOTICE", "PUBLIC_COMMUNICATION", "MANUAL_REVIEW");
    static final String UNKNOWN = "UNKNOWN";
    private static final List<String> LABELS = Arrays.stream(AgeBand.values()).map(AgeBand::label).toList();

    /**
     * What a report is made of, as read.
     *
     * @param decided         persons by outcome, channel, first reason and policy version ({@code count})
     * @param sendsPerChannel every notification in the ledger by channel: count, first and last wave date
     * @param sendsPerDay     by channel and wave date: count
     * @param budget          gold/offer_budget by offer and scenario
     * @param ingests         the latest successful ingest of each published batch
     */
    record Read(List<Row> rollups, List<Row> decided, long silverRecords, List<Row> combinations, List<Row> sendsPerChannel,
                List<Row> sendsPerDay, List<Row> budget, java.util.Collection<RunLedger.Run> ingests, Map<String, Long> quarantineByReason,
                Optional<RunLedger.Run> resolve) {
    }

    private final DecisionPolicy policy;
    private final int k;

    ReportFigures(DecisionPolicy policy, int k) {
        this.policy = policy;
        this.k = k;
    }

    /** The whole report: the run's facts, every figure, and the changes since the previous report. */
    ReportData report(ReportData.Run run, Read read, ReportData.Changes changes) {
        requireCurrent(read.rollups(), read.decided());
        List<Row> rollups = read.rollups();
        ReportData.Headline headline = headline(rollups, read.decided(), read.silverRecords());
        return new ReportData(ReportData.SCHEMA, run, headline, regions(rollups), ageBands(rollups),
                shares(rollups, "data_class", "data_class"), combinations(read.combinations()), documentTypes(rollups),
                documentTypeByAgeBand(rollups), plan(read.decided(), read.sendsPerChannel(), read.sendsPerDay(),
                        Count.anyWithheld(headline.outcomes().values())), offers(read.budget()),
                quality(read.ingests(), read.quarantineByReason(), read.resolve()), changes);
    }

    /**
     * The report describes the tables under the policy it is given: tables built under another policy
     * version, or by an older exposure without a roll-up the report shows, are refused, not reported.
     */
    void requireCurrent(List<Row> rollups, List<Row> decided) {
        for (String name : io.breachimpact.exposure.ExposureCube.ROLLUPS.keySet()) {
            if (rollup(rollups, name).isEmpty()) {
                throw BreachImpactException.badInput("gold/exposure_rollups has no '" + name
                        + "' roll-up (built by an older version): run breach-impact exposure again");
            }
        }
        String exposureVersion = rollups.get(0).getAs("policy_version");
        for (String built : java.util.stream.Stream.concat(java.util.stream.Stream.of(exposureVersion),
                decided.stream().map(r -> r.<String>getAs("policy_version"))).distinct().toList()) {
            if (!policy.version().equals(built)) {
                throw new BreachImpactException(ExitCode.USAGE_OR_CONFIG, "the gold tables were built under policy " + built
                        + ", the report is asked for policy " + policy.version() + ": pass that policy (--policy), or run exposure and decide with this one");
            }
        }
    }

    private static List<Row> rollup(List<Row> rollups, String name) {
        return rollups.stream().filter(r -> name.equals(r.getAs("rollup"))).toList();
    }

    private static Count persons(Row published) {
        return Count.published(published.getAs("persons"), published.<Boolean>getAs("suppressed"), published.getAs("suppression"));
    }

    private static Double rate(Row published) {
        return published.<Boolean>getAs("suppressed") ? null : published.getAs("rate_per_1000");
    }

    ReportData.Headline headline(List<Row> rollups, List<Row> decided, long records) {
        Row total = rollup(rollups, "total").stream().findFirst()
                .orElseThrow(() -> new IllegalStateException("gold/exposure_rollups has no total row"));
        Map<String, Count> levels = new LinkedHashMap<>();
        for (String level : LEVELS) {
            // A level withheld inside a published row may be small or its complement: the table does not say which.
            Number n = total.getAs(level.toLowerCase());
            levels.put(level, n == null ? Count.complement() : Count.of(n.longValue()));
        }
        Map<String, Long> byOutcome = sumBy(decided, "outcome", r -> true);
        Number published = total.getAs("persons");
        if (published == null) {
            throw new BreachImpactException(ExitCode.USAGE_OR_CONFIG, "the lake holds fewer persons than policy.suppression.k (" + k
                    + "): any figure would disclose them, no report is written");
        }
        long persons = published.longValue();
        return new ReportData.Headline(records, persons, levels, parts(OUTCOMES, byOutcome));
    }

    /** Keys in the order given, each with its count (zero when absent), suppressed as parts of one total. */
    private Map<String, Count> parts(List<String> keys, Map<String, Long> values) {
        List<String> all = new ArrayList<>(keys);
        values.keySet().stream().filter(key -> !all.contains(key)).sorted().forEach(all::add);
        List<Count> counts = Count.parts(all.stream().map(key -> values.getOrDefault(key, 0L)).toList(), k);
        Map<String, Count> m = new LinkedHashMap<>();
        for (int i = 0; i < all.size(); i++) {
            m.put(all.get(i), counts.get(i));
        }
        return m;
    }

    /** Persons of the decision counts that pass {@code which}, summed by one of their keys. */
    private static Map<String, Long> sumBy(List<Row> decided, String key, java.util.function.Predicate<Row> which) {
        Map<String, Long> m = new TreeMap<>();
        for (Row r : decided) {
            if (which.test(r)) {
                String value = r.getAs(key);
                m.merge(value == null ? "NONE" : value, r.<Long>getAs("count"), Long::sum);
            }
        }
        return m;
    }

    List<ReportData.Area> regions(List<Row> rollups) {
        Map<String, Row> byCode = new java.util.HashMap<>();
        rollup(rollups, "region").forEach(r -> byCode.put(r.getAs("region_code"), r));
        List<ReportData.Area> areas = new ArrayList<>();
        for (Region region : ReferenceData.get().regions().values()) {
            Row r = byCode.get(region.code());
            boolean overseas = region.code().length() == 2 && region.code().startsWith("0");
            areas.add(r == null
                    ? new ReportData.Area(region.code(), region.name(), overseas, Count.of(0), region.population(), 0.0)
                    : new ReportData.Area(region.code(), region.name(), overseas, persons(r), region.population(), rate(r)));
        }
        areas.sort(Comparator.comparing(ReportData.Area::code));
        // Persons without a placed address: not on the map, but in the table, so that the régions add up.
        rollup(rollups, "region").stream().filter(r -> r.getAs("region_code") == null).findFirst().ifPresent(r ->
                areas.add(new ReportData.Area(UNKNOWN, UNKNOWN, false, persons(r), null, null)));
        return areas;
    }

    List<ReportData.Share> ageBands(List<Row> rollups) {
        Map<String, Row> byBand = new TreeMap<>();
        rollup(rollups, "age_band").forEach(r -> byBand.put(r.getAs("age_band"), r));
        List<ReportData.Share> shares = new ArrayList<>();
        for (AgeBand band : AgeBand.values()) {
            Row r = byBand.get(band.label());
            shares.add(r == null ? new ReportData.Share(band.label(), Count.of(0), 0.0)
                    : new ReportData.Share(band.label(), persons(r), rate(r)));
        }
        // Persons whose birth date could not be read, so that the bands add up to the total.
        rollup(rollups, "age_band").stream().filter(r -> !LABELS.contains(r.<String>getAs("age_band"))).forEach(r ->
                shares.add(new ReportData.Share(r.getAs("age_band") == null ? UNKNOWN : r.getAs("age_band"), persons(r), null)));
        return shares;
    }

    /** A one-dimensional roll-up, largest first (suppressed rows last). */
    private static List<ReportData.Share> shares(List<Row> rollups, String name, String dimension) {
        return rollup(rollups, name).stream()
                .map(r -> new ReportData.Share(r.getAs(dimension), persons(r), null))
                .sorted(Comparator.comparingLong((ReportData.Share s) -> s.persons().orZero()).reversed().thenComparing(ReportData.Share::key))
                .toList();
    }

    static List<ReportData.Share> documentTypes(List<Row> rollups) {
        Map<String, ReportData.Share> byType = new LinkedHashMap<>();
        shares(rollups, "document_type", "document_type").forEach(s -> byType.put(s.key(), s));
        return Arrays.stream(DocumentType.values()).map(t -> byType.getOrDefault(t.name(), new ReportData.Share(t.name(), Count.of(0), null)))
                .toList();
    }

    static List<ReportData.Cross> documentTypeByAgeBand(List<Row> rollups) {
        Map<String, Row> cells = new TreeMap<>();
        rollup(rollups, "document_type_age_band").forEach(r -> cells.put(r.getAs("document_type") + "|" + r.getAs("age_band"), r));
        List<ReportData.Cross> crosses = new ArrayList<>();
        for (DocumentType type : DocumentType.values()) {
            for (AgeBand band : AgeBand.values()) {
                Row r = cells.get(type.name() + "|" + band.label());
                crosses.add(r == null ? new ReportData.Cross(type.name(), band.label(), Count.of(0), 0.0)
                        : new ReportData.Cross(type.name(), band.label(), persons(r), rate(r)));
            }
        }
        return crosses;
    }

    static List<ReportData.Share> combinations(List<Row> published) {
        List<ReportData.Share> shares = new ArrayList<>();
        for (Row r : published) {
            shares.add(new ReportData.Share(r.getAs("combination"), persons(r), null));
        }
        // OTHER (the combinations beyond the top N) goes last whatever its size.
        shares.sort(Comparator.comparing((ReportData.Share s) -> "OTHER".equals(s.key()))
                .thenComparing(Comparator.comparingLong((ReportData.Share s) -> s.persons().orZero()).reversed())
                .thenComparing(ReportData.Share::key));
        return shares;
    }

    /**
     * The plan: notices by channel (parts of the individual notices), sends per channel and per day
     * (every notification in the ledger, all runs). These figures are linked — channels add up to
     * the notices, sends contain the notices — so when any of them must be withheld, the channels'
     * notices and sends are withheld together, and a channel's days with it.
     */
    ReportData.Plan plan(List<Row> decided, List<Row> sendsPerChannel, List<Row> sendsPerDay, boolean outcomesWithheld) {
        List<String> channels = policy.channels().stream().map(Enum::name).toList();
        java.util.function.Predicate<Row> notice = r -> "INDIVIDUAL_NOTICE".equals(r.getAs("outcome"));
        Map<String, Count> byChannel = parts(channels, sumBy(decided, "channel", notice));
        Map<String, Count> publicByReason = parts(List.of(), sumBy(decided, "reason", notice.negate()));

        Map<String, Row> perChannel = new TreeMap<>();
        for (Row r : sendsPerChannel) {
            perChannel.put(r.getString(0), r);
        }
        Map<String, Count> sends = new LinkedHashMap<>();
        for (String channel : channels) {
            Row r = perChannel.get(channel);
            sends.put(channel, r == null ? Count.of(0) : Count.alone(r.getLong(1), k));
        }
        boolean linked = outcomesWithheld || Count.anyWithheld(byChannel.values()) || Count.anyWithheld(sends.values());
        byChannel.replaceAll((c, n) -> n.withheldIf(linked));
        sends.replaceAll((c, n) -> n.withheldIf(linked));

        List<ReportData.ChannelPlan> plans = new ArrayList<>();
        for (DecisionPolicy.Channel channel : policy.channels()) {
            Row r = perChannel.get(channel.name());
            long capacity = policy.capacityPerDay().getOrDefault(channel, 0L);
            if (r == null) {
                plans.add(new ReportData.ChannelPlan(channel.name(), sends.get(channel.name()), capacity, null, null, 0));
            } else {
                java.time.LocalDate first = java.time.LocalDate.parse(r.get(2).toString());
                java.time.LocalDate last = java.time.LocalDate.parse(r.get(3).toString());
                plans.add(new ReportData.ChannelPlan(channel.name(), sends.get(channel.name()), capacity, first.toString(), last.toString(),
                        java.time.temporal.ChronoUnit.DAYS.between(first, last) + 1));
            }
        }

        List<ReportData.WaveDay> waves = new ArrayList<>();
        Map<String, Map<String, Long>> days = new TreeMap<>();
        for (Row r : sendsPerDay) {
            days.computeIfAbsent(r.getString(0), c -> new TreeMap<>()).put(r.get(1).toString(), r.getLong(2));
        }
        days.forEach((channel, byDate) -> {
            List<String> dates = new ArrayList<>(byDate.keySet());
            List<Count> perDay = Count.parts(dates.stream().map(byDate::get).toList(), k);
            boolean channelWithheld = sends.getOrDefault(channel, Count.of(0)).suppressed();
            for (int i = 0; i < dates.size(); i++) {
                waves.add(new ReportData.WaveDay(channel, dates.get(i), perDay.get(i).withheldIf(channelWithheld)));
            }
        });
        return new ReportData.Plan(byChannel, publicByReason, plans, waves);
    }

    ReportData.Offers offers(List<Row> rows) {
        List<String> scenarios = new ArrayList<>(policy.takeUp().keySet());
        Map<String, List<Row>> byTier = new LinkedHashMap<>();
        for (DecisionPolicy.Tier tier : policy.tiers()) {
            byTier.put(tier.code(), new ArrayList<>());
        }
        rows.forEach(r -> byTier.computeIfAbsent(r.getAs("offer_code"), c -> new ArrayList<>()).add(r));
        List<String> codes = new ArrayList<>(byTier.keySet());
        List<Count> eligible = Count.parts(codes.stream()
                .map(c -> byTier.get(c).isEmpty() ? 0L : byTier.get(c).get(0).<Long>getAs("eligible_persons")).toList(), k);
        List<ReportData.Tier> tiers = new ArrayList<>();
        // Enrolments and budget are eligible × take-up: they would give a withheld tier's count away, and
        // so would the totals, which add the tiers up.
        boolean anyWithheld = Count.anyWithheld(eligible);
        for (int i = 0; i < codes.size(); i++) {
            List<Row> tierRows = byTier.get(codes.get(i));
            if (tierRows.isEmpty()) {
                continue;
            }
            boolean withheld = eligible.get(i).suppressed();
            Row first = tierRows.get(0);
            Map<String, ReportData.Scenario> byScenario = new LinkedHashMap<>();
            for (String scenario : scenarios) {
                tierRows.stream().filter(r -> scenario.equals(r.getAs("scenario"))).findFirst().ifPresent(r -> {
                    long enrolments = r.getAs("expected_enrolments");
                    BigDecimal budget = r.getAs("budget");
                    byScenario.put(scenario, withheld ? new ReportData.Scenario(r.<Double>getAs("take_up"), null, null)
                            : new ReportData.Scenario(r.<Double>getAs("take_up"), enrolments, budget.setScale(2, RoundingMode.HALF_UP)));
                });
            }
            tiers.add(new ReportData.Tier(codes.get(i), first.getAs("offer_name"), first.<Integer>getAs("months"),
                    first.getAs("unit_cost_per_month"), eligible.get(i), byScenario));
        }
        Map<String, ReportData.Scenario> total = new LinkedHashMap<>();
        Map<String, OfferBudget.Total> totals = OfferBudget.totals(rows);
        for (String scenario : scenarios) {
            OfferBudget.Total t = totals.get(scenario);
            if (t != null) {
                total.put(scenario, anyWithheld ? new ReportData.Scenario(policy.takeUp().get(scenario), null, null)
                        : new ReportData.Scenario(policy.takeUp().get(scenario), t.enrolments(), t.budget().setScale(2, RoundingMode.HALF_UP)));
            }
        }
        return new ReportData.Offers(policy.currency(), scenarios, tiers, total);
    }

    static ReportData.Quality quality(java.util.Collection<RunLedger.Run> ingests, Map<String, Long> quarantineByReason,
                                      Optional<RunLedger.Run> resolve) {
        List<ReportData.BatchReconciliation> batches = new ArrayList<>();
        Map<String, Long> outcomes = new LinkedHashMap<>();
        java.util.Set<String> held = new java.util.HashSet<>();
        java.util.Set<String> judged = new java.util.HashSet<>();
        for (RunLedger.Run ingest : ingests) {
            ingest.countsOf(IngestJob.Count.FIELD).forEach((field, n) -> {
                judged.add(field);
                if (n > 0) {
                    held.add(field);
                }
            });
            // Batches ingested before outcomes were counted have none: their records are in no outcome row.
            ingest.countsOf(IngestJob.Count.OUTCOME).forEach((outcome, n) -> outcomes.merge(outcome, n, Long::sum));
            long read = ingest.count(IngestJob.Count.RECORDS_READ).orElse(0L);
            long bronze = ingest.count(IngestJob.Count.BRONZE_ROWS).orElse(0L);
            long accepted = ingest.count(IngestJob.Count.SILVER_ACCEPTED).orElse(0L);
            long quarantined = ingest.count(IngestJob.Count.QUARANTINED).orElse(0L);
            batches.add(new ReportData.BatchReconciliation(ingest.batchId(), read, bronze, accepted, quarantined,
                    read == bronze && bronze == accepted + quarantined));
        }
        ReportData.Resolution resolution = resolve.map(r -> new ReportData.Resolution(
                r.count(ResolveJob.Count.RECORDS).orElse(0L), r.count(ResolveJob.Count.PERSONS).orElse(0L),
                r.count(ResolveJob.Count.CAPPED_BLOCKS).orElse(0L), ratio(r.count(ResolveJob.Count.PRECISION_PPM)),
                ratio(r.count(ResolveJob.Count.RECALL_PPM)), ratio(r.count(ResolveJob.Count.F1_PPM)))).orElse(null);
        Map<String, Long> ordered = new LinkedHashMap<>();
        for (io.breachimpact.ingest.RecordOutcome outcome : io.breachimpact.ingest.RecordOutcome.values()) {
            if (outcomes.containsKey(outcome.name())) {
                ordered.put(outcome.name(), outcomes.get(outcome.name()));
            }
        }
        // Batches ingested before fields were recorded had the generator's layout: every field.
        List<String> missing = io.breachimpact.model.DumpColumns.HEADER.stream().filter(f -> judged.contains(f) && !held.contains(f)).toList();
        return new ReportData.Quality(batches, ordered, quarantineByReason, resolution, missing);
    }

    private static Double ratio(Optional<Long> ppm) {
        return ppm.map(v -> v / 1e6).orElse(null);
    }
}
