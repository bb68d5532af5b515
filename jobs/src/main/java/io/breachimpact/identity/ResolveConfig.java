package io.breachimpact.identity;

import io.breachimpact.config.AppConfig;
import io.breachimpact.config.ConfigReader;

/**
 * The resolve job's settings, from the {@code resolve} section.
 *
 * @param retrainAfterChange the share by which the records may grow or shrink before the lake's match
 *                           model is trained again (0: every run trains)
 * @param incremental        whether a run whose model, settings and corrections are the last run's links
 *                           again only the records that changed and what they reach (false: every run
 *                           resolves all records)
 * @param comparePersonsFrom from this many records, a run over all records changes silver/persons row by
 *                           row by the persons that differ ({@link PersonDiff}); a smaller lake's are rewritten
 * @param keepSlipsFrom      from this many records, the last run's birth-date slip search is moved by what
 *                           changed ({@link KeptSlips}); a smaller lake's is searched whole
 */
public record ResolveConfig(int maxBlockSize, double matchProbability, double retrainAfterChange, boolean incremental,
                            long comparePersonsFrom, long keepSlipsFrom) {

    public static ResolveConfig from(AppConfig config) {
        ConfigReader r = config.reader();
        return new ResolveConfig(r.intBetween("resolve.max-block-size", 2, 100_000),
                r.numberBetween("resolve.match-probability", 0.5, 0.999_999_999),
                r.numberBetween("resolve.model.retrain-after-change", 0, 1_000_000), r.bool("resolve.incremental"),
                r.longAtLeast("resolve.compare-persons-from", 0), r.longAtLeast("resolve.keep-slips-from", 0));
    }
}
