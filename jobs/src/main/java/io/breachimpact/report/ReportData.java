package io.breachimpact.report;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * Everything the report shows, read from the gold tables and the run ledger, small cells already
 * suppressed. It is what {@code summary.json} holds, and what the HTML and Markdown renderings draw:
 * the renderers never read a table themselves, so every number on the page is one of these.
 */
public record ReportData(String schema, Run run, Headline headline, List<Area> regions, List<Share> ageBands,
                         List<Share> dataClasses, List<Share> combinations, List<Share> documentTypes,
                         List<Cross> documentTypeByAgeBand, Plan plan, Offers offers, Quality quality, Changes changes) {

    public static final String SCHEMA = "breach-impact/report-summary/1";

    /** Persons of one document type and age band (zero when the roll-up has no such cell). */
    public Count documentPersons(String documentType, String ageBand) {
        return documentTypeByAgeBand.stream().filter(c -> c.row().equals(documentType) && c.column().equals(ageBand))
                .findFirst().map(Cross::persons).orElse(Count.of(0));
    }

    /** Which run this is, under which policy, and the versions of the tables it read. */
    public record Run(String runId, String generatedAt, String policyVersion, String policyHash, int suppressionK,
                      String individualNoticeFrom, Map<String, Long> inputVersions, String decideRunId, String decideReportDir) {
    }

    /** The answer first: how many people, how serious, how many are written to. */
    public record Headline(long records, long persons, Map<String, Count> personsByLevel, Map<String, Count> outcomes) {
    }

    /** A région: persons, inhabitants (INSEE) and the rate per 1,000 inhabitants. */
    public record Area(String code, String name, boolean overseas, Count persons, Long population, Double ratePer1000) {
    }

    /** One row of a one-dimensional breakdown (age band, data class, combination, document type). */
    public record Share(String key, Count persons, Double ratePer1000) {
    }

    /** One cell of a two-way table. */
    public record Cross(String row, String column, Count persons, Double ratePer1000) {
    }

    /** The notification plan: notices by outcome reason and channel, and every send's wave. */
    public record Plan(Map<String, Count> noticesByChannel, Map<String, Count> publicCommunicationByReason,
                       List<ChannelPlan> channels, List<WaveDay> waves) {
    }

    /** A channel's schedule: sends, capacity, first and last wave, days to complete. */
    public record ChannelPlan(String channel, Count sends, long capacityPerDay, String firstWave, String lastWave, long days) {
    }

    /** Sends of one channel on one wave date. */
    public record WaveDay(String channel, String date, Count sends) {
    }

    /** Monitoring offers: per tier and take-up scenario, and the totals per scenario. */
    public record Offers(String currency, List<String> scenarios, List<Tier> tiers, Map<String, Scenario> total) {
    }

    /** An offer tier. */
    public record Tier(String code, String name, int months, BigDecimal unitCostPerMonth, Count eligible, Map<String, Scenario> scenarios) {
    }

    /** One take-up scenario: expected enrolments and the budget. */
    public record Scenario(double takeUp, Long enrolments, BigDecimal budget) {
    }

    /** Data quality: nothing lost in ingest, why records were refused, how persons were found. */
    /** @param outcomes records of the published batches per outcome (clean, repaired, weak identity, quarantined) */
    /** @param fieldsMissing canonical fields no ingested batch's dump had (its profile read none): their classes count nobody */
    public record Quality(List<BatchReconciliation> batches, Map<String, Long> outcomes, Map<String, Long> quarantineByReason,
                          Resolution resolution, List<String> fieldsMissing) {
    }

    /** A published batch: lines read = bronze rows = silver + quarantine. */
    public record BatchReconciliation(String batch, long read, long bronze, long accepted, long quarantined, boolean reconciled) {
    }

    /** The identity resolution: records into persons, and its measured quality when a ground truth was given. */
    public record Resolution(long records, long persons, long cappedBlocks, Double precision, Double recall, Double f1) {
    }

    /** What changed since the previous report: null fields when there is none to compare with. */
    public record Changes(String previousRunId, String previousAt, Count newPersons, Count levelRaised, Count levelLowered,
                          Count newNotifications) {
    }
}
