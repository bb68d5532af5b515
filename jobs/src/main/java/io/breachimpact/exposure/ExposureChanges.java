package io.breachimpact.exposure;

import io.breachimpact.pipeline.JobScope;
import io.breachimpact.pipeline.LakeJob;
import io.breachimpact.pipeline.LakeTable;
import io.breachimpact.pipeline.RunLedger;
import io.breachimpact.spark.DeltaTables;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

import java.util.List;
import java.util.Optional;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.row_number;
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
                : fullBecause(scope, job, last.get());
        if (why == null) {
            return last.get().tableVersion(LakeTable.SILVER_PERSONS);
        }
        LOG.info("Every person is scored: {}", why);
        return Optional.empty();
    }

    private static String fullBecause(JobScope scope, LakeJob<?> job, RunLedger.Run last) {
        if (!scope.run().configHash().equals(last.configHash())) {
            return "the configuration differs from the last exposure's";
        }
        String fingerprint = last.inputFingerprint() == null ? "" : last.inputFingerprint();
        if (!fingerprint.endsWith(";" + job.dependsOn())) {
            return "the policy or the tables' shape differs from the last exposure's";
        }
        for (LakeTable t : List.of(LakeTable.GOLD_SEVERITY, LakeTable.INTERNAL_PERSON_CELLS, LakeTable.INTERNAL_DOCUMENT_CELLS)) {
            if (!scope.exists(t) || !scope.asLeftBy(last, t)) {
                return t + " is not as the last exposure left it (a rekey, an exposure that did not finish, or a change by hand)";
            }
        }
        if (last.tableVersion(LakeTable.SILVER_PERSONS).isEmpty()) {
            return "the last exposure did not record the version of silver/persons it read";
        }
        return null;
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
        Column added = col(DeltaTables.CHANGE_TYPE).isin(DeltaTables.INSERT, DeltaTables.UPDATE_POSTIMAGE);
        Dataset<Row> scored = Severity.score(feed.get().withColumn(ExposureCube.WEIGHT, when(added, lit(1L)).otherwise(lit(-1L))), policy)
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
        // Each changed person's last row in the feed: its row now when it was added, gone when it was taken out.
        Dataset<Row> last = scored.withColumn("change_rank", row_number().over(Window.partitionBy("person_id")
                        .orderBy(col(DeltaTables.COMMIT_VERSION).desc(), added.desc())))
                .filter(col("change_rank").equalTo(1));
        Dataset<Row> now = last.filter(added).drop("document_exposures", ExposureCube.WEIGHT, DeltaTables.CHANGE_TYPE, DeltaTables.COMMIT_VERSION,
                "change_rank").withColumn("policy_version", lit(policyVersion));
        Dataset<Row> gone = last.filter(not(added)).select("person_id");
        // The report reads what changed since the last one from the feed (ReportReader) rather than comparing every person.
        DeltaTables.useChangeDataFeed(scope.spark(), scope.path(LakeTable.GOLD_SEVERITY));
        DeltaTables.RowChanges changes = scope.changeRows(LakeTable.GOLD_SEVERITY, now, gone, List.of("person_id"));
        long feedRows = feed.get().count();
        LOG.info("Only the persons that changed since silver/persons version {} were scored again: {} rows of its change data feed; "
                + "gold/severity: {}", from, feedRows, changes.asMap());
        return Optional.of(new Night(personCells, documentCells, feedRows));
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
