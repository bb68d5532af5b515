package io.breachimpact.exposure;

import io.breachimpact.pipeline.JobScope;
import io.breachimpact.pipeline.LakeJob;
import io.breachimpact.pipeline.LakeTable;
import io.breachimpact.pipeline.RunLedger;
import io.breachimpact.spark.DeltaTables;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.util.List;
import java.util.Optional;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.when;

/**
 * Exposure after a night from the persons that changed, when silver/persons changed row by row since
 * the last exposure read it (an incremental resolve: a MERGE that deletes, an append; its change data
 * feed holds each changed person's former row and new row). Every figure is a sum over persons of the
 * cells they fall in ({@link ExposureCube#personCells}, {@link ExposureCube#documentCells}), so the
 * cells after the night are the cells the last exposure kept plus the new rows' cells minus the former
 * rows': exactly the counts a pass over every person gives (integers, no rounding). gold/severity
 * changes by the changed persons' rows. The cube, roll-ups, checks and suppression are then made from
 * the cells as in a full run: suppression is always applied to the whole published result.
 */
final class ExposureChanges {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ExposureChanges.class);

    private ExposureChanges() {
    }

    /** What exposure reads of a person. */
    static final List<String> PERSON_COLUMNS = List.of("person_id", "region_code", "departement_code", "age_band", "minor", "record_count",
            "data_classes", "documents_held", "document_exposures");

    /** The cells after the night and how many rows of the feed made them (a person changed counts its former and new rows). */
    record Night(Dataset<Row> personCells, Dataset<Row> documentCells, long feedRows) {
    }

    /**
     * The version of silver/persons the last exposure read, when this run may start from what it left;
     * empty when every person is scored (the log says why).
     */
    static Optional<Long> basis(JobScope scope, LakeJob<?> job, boolean incremental) {
        Optional<RunLedger.Run> last = incremental ? job.previous(scope.ledger()) : Optional.empty();
        String why = !incremental ? "exposure.incremental is off"
                : last.isEmpty() ? "no earlier exposure in the run ledger"
                : io.breachimpact.pipeline.StartingPoint.whyNot(scope, job, last.get(), List.of(LakeTable.GOLD_SEVERITY,
                        LakeTable.INTERNAL_PERSON_CELLS, LakeTable.INTERNAL_DOCUMENT_CELLS), LakeTable.SILVER_PERSONS);
        if (why == null) {
            return last.get().tableVersion(LakeTable.SILVER_PERSONS);
        }
        LOG.info("Every person is scored: {}", why);
        return Optional.empty();
    }

    /**
     * The cells after the persons' changes since version {@code from} of silver/persons, with
     * gold/severity changed row by row; empty, with nothing written, when the change data feed cannot
     * say what changed (a full resolve rewrote the table, the feed was not recorded or was vacuumed) or
     * the cells would not add up (a count below zero: the kept cells are not those of the persons).
     */
    static Optional<Night> apply(JobScope scope, long from, SeverityPolicy policy, String policyVersion) {
        String path = scope.path(LakeTable.SILVER_PERSONS);
        Optional<Dataset<Row>> feed = DeltaTables.changedRows(scope.spark(), path, from, scope.inputVersion(LakeTable.SILVER_PERSONS),
                PERSON_COLUMNS);
        if (feed.isEmpty()) {
            LOG.info("Every person is scored: silver/persons changed otherwise than row by row since version {} (or its change data feed "
                    + "does not cover it)", from);
            return Optional.empty();
        }
        Dataset<Row> scored = Severity.score(feed.get().withColumn(ExposureCube.WEIGHT, when(DeltaTables.rowAdded(), lit(1L)).otherwise(lit(-1L))),
                        policy)
                .localCheckpoint(true);
        Dataset<Row> personCells = ExposureCube.addedUp(scope.read(LakeTable.INTERNAL_PERSON_CELLS), ExposureCube.personCells(scored),
                ExposureCube.PERSON_CELL).localCheckpoint(true);
        Dataset<Row> documentCells = ExposureCube.addedUp(scope.read(LakeTable.INTERNAL_DOCUMENT_CELLS),
                ExposureCube.documentCells(ExposureCube.personDocuments(scored)), ExposureCube.DOCUMENT_CELL).localCheckpoint(true);
        Optional<String> broken = belowZero(personCells).or(() -> belowZero(documentCells));
        if (broken.isPresent()) {
            LOG.warn("Every person is scored: the kept cells and the night's changes give {}", broken.get());
            return Optional.empty();
        }
        SeverityChanges changes = severityChanges(scored, policyVersion);
        // The report reads what changed since the last one from the feed (ReportReader) rather than comparing every person.
        String severity = scope.path(LakeTable.GOLD_SEVERITY);
        DeltaTables.useChangeDataFeed(scope.spark(), severity);
        DeltaTables.useDeletionVectors(scope.spark(), severity);
        long replaced = changes.deleted().count();
        long written = changes.appended().count();
        DeltaTables.deleteKeys(scope.spark(), severity, changes.deleted(), List.of("person_id"), replaced);
        if (written > 0) {
            scope.append(LakeTable.GOLD_SEVERITY, changes.appended());
        }
        long feedRows = feed.get().count();
        LOG.info("Only the persons that changed since silver/persons version {} were scored again: {} rows of its change data feed; "
                + "gold/severity: {} rows taken out, {} added", from, feedRows, replaced, written);
        return Optional.of(new Night(personCells, documentCells, feedRows));
    }

    /**
     * gold/severity's changes, from the feed alone: the rows of the persons whose first row in the feed
     * was taken out are in gold/severity (it holds the persons of the version the feed starts from),
     * those whose last row was added are the persons now; a person scored as it was is left alone.
     *
     * @param deleted the ids whose rows go
     * @param appended the rows that come, as gold/severity holds them
     */
    record SeverityChanges(Dataset<Row> deleted, Dataset<Row> appended) {
    }

    static SeverityChanges severityChanges(Dataset<Row> scored, String policyVersion) {
        Dataset<Row> rows = scored.drop("document_exposures", ExposureCube.WEIGHT).withColumn("policy_version", lit(policyVersion));
        Column row = org.apache.spark.sql.functions.struct(java.util.Arrays.stream(rows.columns())
                .filter(c -> !List.of(DeltaTables.CHANGE_TYPE, DeltaTables.COMMIT_VERSION).contains(c))
                .map(org.apache.spark.sql.functions::col).toArray(Column[]::new));
        Dataset<Row> changed = DeltaTables.beforeAndAfter(rows, "person_id", row).filter(not(col("before").eqNullSafe(col("after"))))
                .localCheckpoint(true);
        return new SeverityChanges(changed.filter(col("before").isNotNull()).select("person_id"),
                changed.filter(col("after").isNotNull()).select(col("after.*")));
    }

    /** A cell with a count below zero, described by its dimensions, if any. */
    private static Optional<String> belowZero(Dataset<Row> cells) {
        Column negative = lit(false);
        for (String c : cells.columns()) {
            if (cells.schema().apply(c).dataType() == org.apache.spark.sql.types.DataTypes.LongType) {
                negative = negative.or(col(c).lt(0));
            }
        }
        List<Row> found = cells.filter(negative).limit(1).collectAsList();
        return found.isEmpty() ? Optional.empty() : Optional.of("a cell below zero: " + found.get(0).mkString("|"));
    }
}
