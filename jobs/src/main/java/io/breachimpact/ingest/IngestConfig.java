package io.breachimpact.ingest;

import io.breachimpact.ingest.profile.DumpProfile;
import io.breachimpact.ingest.profile.DumpProfiles;

import io.breachimpact.config.AppConfig;
import io.breachimpact.config.ConfigReader;
import io.breachimpact.ingest.normalize.AgeBands;

import java.time.LocalDate;

/** The ingest job's settings, validated, from the {@code breach} and {@code ingest} sections. */
public record IngestConfig(LocalDate referenceDate, AgeBands ageBands, int maxLineBytes, int maxLinesPerRecord,
                           boolean requirePersonKey, DumpProfile dumpProfile) {

    public static IngestConfig from(AppConfig config) {
        ConfigReader r = config.reader();
        return new IngestConfig(
                r.date("breach.reference-date"),
                AgeBands.from(r),
                r.intBetween("ingest.max-line-bytes", 1024, 256 << 20),
                r.intBetween("ingest.max-lines-per-record", 1, 1000),
                r.bool("ingest.require-person-key"),
                profile(r));
    }

    /** {@code ingest.dump-profile}: a profile file, or empty for the generator's layout. */
    private static DumpProfile profile(ConfigReader r) {
        String file = r.has("ingest.dump-profile") ? r.string("ingest.dump-profile").strip() : "";
        return file.isEmpty() ? DumpProfiles.defaultProfile() : DumpProfiles.read(new java.io.File(file));
    }

    /** The same settings, reading the dump through another profile ({@code ingest --dump-profile}). */
    public IngestConfig withProfile(DumpProfile profile) {
        return new IngestConfig(referenceDate, ageBands, maxLineBytes, maxLinesPerRecord, requirePersonKey, profile);
    }
}
