package io.breachimpact.identity;

import io.breachimpact.pipeline.JobScope;
import io.breachimpact.pipeline.LakeTable;
import io.breachimpact.spark.DeltaTables;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.util.List;

import static org.apache.spark.sql.functions.col;

/**
 * A night's persons into silver/persons, row by row: the persons a night linked again replace those
 * their records belonged to; a person whose records all went elsewhere or were retracted is deleted;
 * a person made again as it was (the same {@link PersonDigest}) is left alone (its file untouched), so
 * that what reads the persons' changes reads only real ones. silver/person_records and silver/person_links are then made again
 * from the persons, as a full run makes them ({@link ResolveJob}): nothing reads their changes, and
 * rewriting both cost less than bringing them up to date row by row (at 4M records, 52 s for the
 * three tables' changes; README).
 */
final class PersonChanges {
    private PersonChanges() {
    }

    /**
     * @param compared each record against the last run ({@link ChangedBlocks.Night#compared})
     * @param changed  the persons of the records linked again ({@link Resolution#resolve} with a previous state)
     */
    static ResolveJob.Increment apply(JobScope scope, Dataset<Row> compared, Dataset<Row> changed) {
        // The block pass runs once, here; what the old state says is taken before the table moves.
        Dataset<Row> persons = changed.localCheckpoint(true);
        Dataset<Row> records = PersonLinks.records(persons).select("record_id").localCheckpoint(true);
        scope.stage("changes", "the persons that changed into silver/persons");
        // A record in no block now is either linked again among the undated (every run) or gone from silver.
        Dataset<Row> before = compared.filter(col("former_person").isNotNull()).select(col("record_id"), col("former_person").as("person_id"),
                col(ChangedBlocks.MATCH_DIGEST).isNull().as("unblocked"));
        Dataset<Row> gone = before.filter(col("unblocked")).join(records, "record_id", "left_anti").select("person_id").localCheckpoint(true);
        Dataset<Row> former = before.join(records, "record_id", "left_semi").select("person_id").union(gone).distinct();
        long goneRecords = gone.count();

        // Decide reads which persons changed from the feed rather than comparing every person (DecisionChanges).
        DeltaTables.useChangeDataFeed(scope.spark(), scope.path(LakeTable.SILVER_PERSONS));
        DeltaTables.useDeletionVectors(scope.spark(), scope.path(LakeTable.SILVER_PERSONS));
        DeltaTables.RowChanges personChanges = DeltaTables.applyChanges(scope.spark(), scope.path(LakeTable.SILVER_PERSONS), persons, former,
                List.of("person_id"), PersonDigest.COLUMN);
        if (goneRecords > 0) {
            // Retracted records: no file the persons use keeps their contacts, hidden or not.
            DeltaTables.purgeDeletedRows(scope.spark(), scope.path(LakeTable.SILVER_PERSONS));
        }
        return new ResolveJob.Increment(records.count(), personChanges.asMap());
    }

    /**
     * A run over every record into silver/persons, row by row ({@link PersonDiff}): the persons made or
     * changed replace the table's, the persons not made again are deleted, the others keep their rows.
     *
     * @param changes the run's {@link PersonDiff#CHANGE} rows
     */
    static java.util.Map<String, Long> applyDiff(JobScope scope, Dataset<Row> changes) {
        // The block pass runs once, here.
        Dataset<Row> staged = changes.localCheckpoint(true);
        scope.stage("changes", "the persons that changed into silver/persons");
        Dataset<Row> persons = PersonDiff.persons(staged);
        Dataset<Row> gone = PersonDiff.goneIds(staged);
        String path = scope.path(LakeTable.SILVER_PERSONS);
        // The records of the persons replaced or deleted that silver no longer holds (retracted): their
        // contacts must leave the table's files at once, as after an incremental night. Each record silver
        // holds is in one person this run made, and a person made as the table holds it keeps the same
        // records: so a record of those persons is still held if and only if a person that changed holds
        // it (no scan of silver).
        Dataset<Row> concerned = persons.select("person_id").union(gone).distinct().localCheckpoint(true);
        Dataset<Row> theirRecords = scope.read(LakeTable.SILVER_PERSONS)
                .join(DeltaTables.keysToJoin(concerned, concerned.count()), "person_id", "left_semi")
                .select(org.apache.spark.sql.functions.explode(col("record_ids")).as("record_id")).localCheckpoint(true);
        long theirCount = theirRecords.count();
        long stillHeld = persons.select(org.apache.spark.sql.functions.explode(col("record_ids")).as("record_id"))
                .join(DeltaTables.keysToJoin(theirRecords, theirCount), "record_id", "left_semi").count();

        DeltaTables.useChangeDataFeed(scope.spark(), path);
        DeltaTables.useDeletionVectors(scope.spark(), path);
        DeltaTables.RowChanges personChanges = DeltaTables.applyChanges(scope.spark(), path, persons, gone, List.of("person_id"),
                PersonDigest.COLUMN);
        if (stillHeld < theirCount) {
            DeltaTables.purgeDeletedRows(scope.spark(), path);
        }
        return personChanges.asMap();
    }
}
