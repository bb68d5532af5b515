package io.breachimpact.pipeline;

import io.breachimpact.config.AppConfig;
import io.breachimpact.config.ConfigReader;
import io.breachimpact.error.BreachImpactException;

/** The {@code maintenance} section: how long old table files and old run directories are kept, when small files are compacted. */
public record MaintenanceConfig(int retentionDays, boolean allowShortRetention, int compactWhenFilesOver, int everyHours) {
    /** Delta's own safety check refuses to VACUUM with a shorter retention: readers may still use older snapshots. */
    static final int DELTA_SAFE_DAYS = 7;

    public static MaintenanceConfig from(AppConfig config) {
        ConfigReader r = config.reader();
        int days = r.intBetween("maintenance.retention-days", 0, 3650);
        boolean allowShort = r.bool("maintenance.allow-short-retention");
        if (days < DELTA_SAFE_DAYS && !allowShort) {
            throw BreachImpactException.config("maintenance.retention-days = " + days + " is below Delta's safety check of "
                    + DELTA_SAFE_DAYS + " days (a reader on an older snapshot would lose its files): set "
                    + "maintenance.allow-short-retention = true to mean it");
        }
        return new MaintenanceConfig(days, allowShort, r.intBetween("maintenance.compact-when-files-over", 2, 1_000_000),
                r.intBetween("maintenance.every-hours", 0, 24 * 365));
    }
}
