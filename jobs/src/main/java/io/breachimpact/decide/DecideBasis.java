package io.breachimpact.decide;

import io.breachimpact.pipeline.JobScope;
import io.breachimpact.pipeline.LakeJob;
import io.breachimpact.pipeline.LakeTable;
import io.breachimpact.pipeline.RunLedger;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Optional;

/**
 * Whether a decide can decide again only the persons that changed since the last one: when the last
 * successful decide ran under the same configuration and policy, and its decisions and the ledger are
 * as it left them (not a rekey's rewrite, not a decide killed between its commits), its decisions are
 * those of silver/persons as it read it, which Delta still holds. Otherwise every person is decided.
 */
final class DecideBasis {
    private static final Logger LOG = LoggerFactory.getLogger(DecideBasis.class);

    private DecideBasis() {
    }

    /** silver/persons as the last decide read it: its version and its rows. */
    record Last(long version, Dataset<Row> persons) {
    }

    /** silver/persons as the last decide read it, when only what changed since needs deciding; empty: decide every person. */
    static Optional<Last> personsDecidedLast(JobScope scope, LakeJob<?> job, boolean incremental) {
        Optional<RunLedger.Run> last = incremental ? job.previous(scope.ledger()) : Optional.empty();
        String why = !incremental ? "decide.incremental is off"
                : last.isEmpty() ? "no earlier decide in the run ledger"
                : fullBecause(scope, job, last.get());
        if (why == null) {
            long version = last.get().tableVersion(LakeTable.SILVER_PERSONS).orElseThrow();
            try {
                Dataset<Row> then = scope.spark().read().format("delta").option("versionAsOf", version).load(scope.path(LakeTable.SILVER_PERSONS));
                if (List.of(then.columns()).containsAll(DecisionRows.personColumns())) {
                    LOG.info("Only the persons that changed since the last decide ({}, silver/persons version {}) are decided again",
                            last.get().runId(), version);
                    return Optional.of(new Last(version, then));
                }
                why = "silver/persons as the last decide read it (version " + version + ") is of an older shape";
            } catch (RuntimeException e) {
                why = "silver/persons as the last decide read it (version " + version + ") is no longer readable ("
                        + e.getClass().getSimpleName() + ")";
            }
        }
        LOG.info("Every person is decided: {}", why);
        return Optional.empty();
    }

    /** Why the last decide's decisions cannot be kept for the persons that did not change; null when they can. */
    private static String fullBecause(JobScope scope, LakeJob<?> job, RunLedger.Run last) {
        String why = io.breachimpact.pipeline.StartingPoint.whyNot(scope, job, last,
                List.of(LakeTable.GOLD_DECISIONS, LakeTable.GOLD_NOTIFICATION_LEDGER), LakeTable.SILVER_PERSONS);
        if (why != null) {
            return why;
        }
        List<String> columns = List.of(scope.read(LakeTable.GOLD_DECISIONS).columns());
        if (!LakeTable.GOLD_DECISIONS.breaches(scope.read(LakeTable.GOLD_DECISIONS).schema()).isEmpty()
                || !java.util.Set.copyOf(columns).equals(java.util.Set.copyOf(DecisionRows.TABLE_COLUMNS))) {
            return LakeTable.GOLD_DECISIONS + " is of another shape than this version writes";
        }
        return null;
    }
}
