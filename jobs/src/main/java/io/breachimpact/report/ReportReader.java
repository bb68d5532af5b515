package io.breachimpact.report;

import io.breachimpact.decide.DecisionPolicy;
import io.breachimpact.decide.OfferBudget;
import io.breachimpact.model.AgeBand;
import io.breachimpact.model.DocumentType;
import io.breachimpact.pipeline.RunLedger;
import io.breachimpact.reference.ReferenceData;
import io.breachimpact.reference.Region;
import io.breachimpact.spark.DeltaTables;
import io.breachimpact.spark.Lake;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import io.breachimpact.error.BreachImpactException;
import io.breachimpact.error.ExitCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.desc;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;

/**
 * Reads what the report shows from the gold tables and the run ledger. Published tables are read as
 * published (their suppression flags kept); figures the report aggregates itself from
 * {@code gold/decisions} and the notification ledger are suppressed here with the same k.
 */
public final class ReportReader {
    private static final Logger LOG = LoggerFactory.getLogger(ReportReader.class);
    static final List<String> LEVELS = List.of("LOW", "MEDIUM", "HIGH", "VERY_HIGH");
    static final List<String> OUTCOMES = List.of("INDIVIDUAL_NOTICE", "PUBLIC_COMMUNICATION", "MANUAL_REVIEW");
    static final String UNKNOWN = "UNKNOWN";
    private static final List<String> LABELS = Arrays.stream(AgeBand.values()).map(AgeBand::label).toList();

    private final SparkSession spark;
    private final Lake lake;
    private final RunLedger ledger;
    private final DecisionPolicy policy;
    private final int k;

    public ReportReader(SparkSession spark, Lake lake, DecisionPolicy policy, int k) {
        this.spark = spark;
        this.lake = lake;
        this.ledger = new RunLedger(spark, lake);
        this.policy = policy;
        this.k = k;
    }

    /** The tables a report reads, by the name the run ledger records them under. */
    public Map<String, String> inputs() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("silver/records", lake.silverRecords());
        m.put("silver/quarantine", lake.silverQuarantine());
        m.put("silver/persons", lake.silverPersons());
        m.put("gold/severity", lake.goldSeverity());
        m.put("gold/exposure_rollups", lake.goldExposureRollups());
        m.put("gold/exposure_combinations", lake.goldExposureCombinations());
        m.put("gold/decisions", lake.goldDecisions());
        m.put("gold/notification_ledger", lake.goldNotificationLedger());
        m.put("gold/offer_budget", lake.goldOfferBudget());
        return m;
    }

    private static final Map<String, String> MADE_BY = Map.of(
            "silver/records", "ingest", "silver/quarantine", "ingest", "silver/persons", "resolve",
            "gold/severity", "exposure", "gold/exposure_rollups", "exposure", "gold/exposure_combinations", "exposure",
            "gold/decisions", "decide", "gold/notification_ledger", "decide", "gold/offer_budget", "decide");

    public ReportData read(String runId, String policyHash, Map<String, Long> versions) {
        inputs().forEach((name, path) -> DeltaTables.require(spark, path, name, "breach-impact " + MADE_BY.get(name)));
        List<Row> rollups = DeltaTables.read(spark, lake.goldExposureRollups()).collectAsList();
        // One pass over the 13M decisions: persons by outcome, channel, first reason and policy version.
        List<Row> decided = DeltaTables.read(spark, lake.goldDecisions())
                .groupBy(col("outcome"), col("channel"), col("reasons").getItem(0).as("reason"), col("policy_version")).count()
                .collectAsList();
        requireCurrent(rollups, decided);
        Dataset<Row> notifications = DeltaTables.read(spark, lake.goldNotificationLedger());
        Optional<Row> decide = ledger.lastSucceeded(null, "decide");
        ReportData.Run run = new ReportData.Run(runId, Instant.now().toString(), policy.version(), policyHash, k,
                policy.individualFrom().name(), versions,
                decide.map(r -> r.<String>getAs("run_id")).orElse(null),
                decide.map(r -> lake.reports(r.getAs("run_id"))).orElse(null));
        ReportData.Headline headline = headline(rollups, decided);
        return new ReportData(ReportData.SCHEMA, run, headline, regions(rollups), ageBands(rollups),
                shares(rollups, "data_class", "data_class"), combinations(), documentTypes(rollups),
                documentTypeByAgeBand(rollups), plan(decided, notifications, Count.anyWithheld(headline.outcomes().values())), offers(),
                quality(), changes(versions));
    }

    /**
     * The report describes the tables under the policy it is given: tables built under another policy
     * version, or by an older exposure without a roll-up the report shows, are refused, not reported.
     */
    private void requireCurrent(List<Row> rollups, List<Row> decided) {
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

    private ReportData.Headline headline(List<Row> rollups, List<Row> decided) {
        Row total = rollup(rollups, "total").stream().findFirst()
                .orElseThrow(() -> new IllegalStateException("gold/exposure_rollups has no total row"));
        Map<String, Count> levels = new LinkedHashMap<>();
        for (String level : LEVELS) {
            // A level withheld inside a published row may be small or its complement: the table does not say which.
            Number n = total.getAs(level.toLowerCase());
            levels.put(level, n == null ? Count.complement() : Count.of(n.longValue()));
        }
        Map<String, Long> byOutcome = sumBy(decided, "outcome", r -> true);
        long records = DeltaTables.read(spark, lake.silverRecords()).count();
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

    private List<ReportData.Area> regions(List<Row> rollups) {
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

    private List<ReportData.Share> ageBands(List<Row> rollups) {
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

    private static List<ReportData.Share> documentTypes(List<Row> rollups) {
        Map<String, ReportData.Share> byType = new LinkedHashMap<>();
        shares(rollups, "document_type", "document_type").forEach(s -> byType.put(s.key(), s));
        return Arrays.stream(DocumentType.values()).map(t -> byType.getOrDefault(t.name(), new ReportData.Share(t.name(), Count.of(0), null)))
                .toList();
    }

    private static List<ReportData.Cross> documentTypeByAgeBand(List<Row> rollups) {
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

    private List<ReportData.Share> combinations() {
        List<ReportData.Share> shares = new ArrayList<>();
        for (Row r : DeltaTables.read(spark, lake.goldExposureCombinations()).collectAsList()) {
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
    private ReportData.Plan plan(List<Row> decided, Dataset<Row> notifications, boolean outcomesWithheld) {
        List<String> channels = policy.channels().stream().map(Enum::name).toList();
        java.util.function.Predicate<Row> notice = r -> "INDIVIDUAL_NOTICE".equals(r.getAs("outcome"));
        Map<String, Count> byChannel = parts(channels, sumBy(decided, "channel", notice));
        Map<String, Count> publicByReason = parts(List.of(), sumBy(decided, "reason", notice.negate()));

        Map<String, Row> perChannel = new TreeMap<>();
        for (Row r : notifications.groupBy("channel").agg(count(lit(1)), min("wave_date"), max("wave_date")).collectAsList()) {
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
        for (Row r : notifications.groupBy("channel", "wave_date").count().collectAsList()) {
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

    private ReportData.Offers offers() {
        List<Row> rows = DeltaTables.read(spark, lake.goldOfferBudget()).orderBy("offer_code", "scenario").collectAsList();
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

    private ReportData.Quality quality() {
        List<ReportData.BatchReconciliation> batches = new ArrayList<>();
        List<String> published = ledger.publishedBatches();
        // The counts of each published batch's latest successful ingest, in one query however many batches.
        List<Row> ingests = published.isEmpty() ? List.of() : ledger.runs()
                .filter(col("job").equalTo("ingest").and(col("status").equalTo(RunLedger.Status.SUCCEEDED.name()))
                        .and(col("batch_id").isin(published.toArray())))
                .groupBy("batch_id").agg(org.apache.spark.sql.functions.max_by(col("counts"), col("finished_at")).as("counts"))
                .orderBy("batch_id").collectAsList();
        for (Row r : ingests) {
            Map<String, Long> c = r.getJavaMap(1);
            long read = c.getOrDefault("records_read", 0L);
            long bronze = c.getOrDefault("bronze_rows", 0L);
            long accepted = c.getOrDefault("silver_accepted", 0L);
            long quarantined = c.getOrDefault("quarantined", 0L);
            batches.add(new ReportData.BatchReconciliation(r.getString(0), read, bronze, accepted, quarantined,
                    read == bronze && bronze == accepted + quarantined));
        }
        Map<String, Long> byReason = new LinkedHashMap<>();
        DeltaTables.read(spark, lake.silverQuarantine()).select(explode(col("reasons")).as("reason")).groupBy("reason").count()
                .orderBy(desc("count"), col("reason")).collectAsList().forEach(r -> byReason.put(r.getString(0), r.getLong(1)));
        ReportData.Resolution resolution = ledger.lastSucceeded(null, "resolve").map(r -> {
            Map<String, Long> c = r.getJavaMap(r.fieldIndex("counts"));
            return new ReportData.Resolution(c.getOrDefault("records", 0L), c.getOrDefault("persons", 0L),
                    c.getOrDefault("capped_blocks", 0L), ratio(c.get("precision_ppm")), ratio(c.get("recall_ppm")), ratio(c.get("f1_ppm")));
        }).orElse(null);
        return new ReportData.Quality(batches, byReason, resolution);
    }

    private static Double ratio(Long ppm) {
        return ppm == null ? null : ppm / 1e6;
    }

    /**
     * Against the previous successful report: persons that are new, whose level rose or fell, and the
     * notifications issued since, read from the tables at the versions that report read (time travel).
     */
    private ReportData.Changes changes(Map<String, Long> versions) {
        Optional<Row> previous = ledger.lastSucceeded(null, ReportJob.JOB);
        if (previous.isEmpty()) {
            return null;
        }
        Map<String, Long> before = previous.get().getJavaMap(previous.get().fieldIndex("table_versions"));
        Long severityThen = before.get("gold/severity");
        Long ledgerThen = before.get("gold/notification_ledger");
        String previousId = previous.get().getAs("run_id");
        String previousAt = previous.get().getAs("finished_at").toString();
        if (severityThen == null || ledgerThen == null) {
            return new ReportData.Changes(previousId, previousAt, null, null, null, null);
        }
        try {
            return compare(previousId, previousAt, severityThen, ledgerThen);
        } catch (RuntimeException e) {
            // The versions it read were vacuumed, or the tables replaced by hand: say so rather than fail.
            LOG.warn("cannot read the tables as the previous report read them ({}): no comparison", RunLedger.describe(e));
            return new ReportData.Changes(previousId, previousAt, null, null, null, null);
        }
    }

    private ReportData.Changes compare(String previousId, String previousAt, long severityThen, long ledgerThen) {
        Dataset<Row> now = DeltaTables.read(spark, lake.goldSeverity()).select(col("person_id"), col("level"));
        Dataset<Row> then = spark.read().format("delta").option("versionAsOf", severityThen).load(lake.goldSeverity())
                .select(col("person_id"), col("level").as("level_then"));
        Row changed = now.join(then, new String[] {"person_id"}, "left")
                .agg(count(org.apache.spark.sql.functions.when(col("level_then").isNull(), 1)),
                        count(org.apache.spark.sql.functions.when(rank(col("level")).gt(rank(col("level_then"))), 1)),
                        count(org.apache.spark.sql.functions.when(rank(col("level")).lt(rank(col("level_then"))), 1)))
                .first();
        long issuedNow = DeltaTables.read(spark, lake.goldNotificationLedger()).count();
        long issuedThen = spark.read().format("delta").option("versionAsOf", ledgerThen).load(lake.goldNotificationLedger()).count();
        return new ReportData.Changes(previousId, previousAt, Count.alone(changed.getLong(0), k), Count.alone(changed.getLong(1), k),
                Count.alone(changed.getLong(2), k), Count.alone(issuedNow - issuedThen, k));
    }

    private static org.apache.spark.sql.Column rank(org.apache.spark.sql.Column level) {
        org.apache.spark.sql.Column c = lit(null).cast("int");
        for (int i = LEVELS.size() - 1; i >= 0; i--) {
            c = org.apache.spark.sql.functions.when(level.equalTo(LEVELS.get(i)), i).otherwise(c);
        }
        return c;
    }
}
