package io.breachimpact.ingest;

import io.breachimpact.config.AppConfig;
import io.breachimpact.config.ConfigReader;
import io.breachimpact.ingest.normalize.AgeBands;

import java.time.LocalDate;

/** The ingest job's settings, validated, from the {@code breach} and {@code ingest} sections. */
public record IngestConfig(LocalDate referenceDate, AgeBands ageBands, int maxLineBytes, int maxLinesPerRecord,
                           boolean requirePersonKey) {

    public static IngestConfig from(AppConfig config) {
        ConfigReader r = config.reader();
        return new IngestConfig(
                r.date("breach.reference-date"),
                AgeBands.from(r),
                r.intBetween("ingest.max-line-bytes", 1024, 256 << 20),
                r.intBetween("ingest.max-lines-per-record", 1, 1000),
                r.bool("ingest.require-person-key"));
    }
}
