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
     * @param purge    a batch was retracted since the last resolve ({@link #purgeAfterRetraction})
     */
    static ResolveJob.Increment apply(JobScope scope, Dataset<Row> compared, Dataset<Row> changed, boolean purge) {
        // The block pass runs once, here; what the old state says is taken before the table moves.
        Dataset<Row> persons = staged(changed);
        Dataset<Row> records = PersonLinks.records(persons).select("record_id").localCheckpoint(true);
        scope.stage("changes", "the persons that changed into silver/persons");
        // A record in no block now is either linked again among the undated (every run) or gone from silver.
        Dataset<Row> before = compared.filter(col("former_person").isNotNull()).select(col("record_id"), col("former_person").as("person_id"),
                col(ChangedBlocks.MATCH_DIGEST).isNull().as("unblocked"));
        Dataset<Row> gone = before.filter(col("unblocked")).join(records, "record_id", "left_anti").select("person_id");
        Dataset<Row> former = before.join(records, "record_id", "left_semi").select("person_id").union(gone).distinct().localCheckpoint(true);

        // Decide reads which persons changed from the feed rather than comparing every person (DecisionChanges).
        DeltaTables.useChangeDataFeed(scope.spark(), scope.path(LakeTable.SILVER_PERSONS));
        DeltaTables.useDeletionVectors(scope.spark(), scope.path(LakeTable.SILVER_PERSONS));
        DeltaTables.RowChanges personChanges = DeltaTables.applyChanges(scope.spark(), scope.path(LakeTable.SILVER_PERSONS), persons, former,
                List.of("person_id"), PersonDigest.COLUMN);
        if (purge) {
            DeltaTables.purgeDeletedRows(scope.spark(), scope.path(LakeTable.SILVER_PERSONS));
        }
        return new ResolveJob.Increment(records.count(), personChanges.asMap());
    }

    /**
     * A run over every record into silver/persons, row by row ({@link PersonDiff}): the persons made or
     * changed replace the table's, the persons not made again are deleted, the others keep their rows.
     *
     * @param changes the run's {@link PersonDiff#CHANGE} rows
     * @param purge   a batch was retracted since the last resolve ({@link #purgeAfterRetraction})
     */
    static java.util.Map<String, Long> applyDiff(JobScope scope, Dataset<Row> changes, boolean purge) {
        // The block pass runs once, here.
        Dataset<Row> staged = staged(changes);
        scope.stage("changes", "the persons that changed into silver/persons");
        String path = scope.path(LakeTable.SILVER_PERSONS);
        DeltaTables.useChangeDataFeed(scope.spark(), path);
        DeltaTables.useDeletionVectors(scope.spark(), path);
        // The ids of the persons not made again, read from the staged changes once, not by each use of them.
        Dataset<Row> gone = PersonDiff.goneIds(staged).localCheckpoint(true);
        DeltaTables.RowChanges personChanges = DeltaTables.applyChanges(scope.spark(), path, PersonDiff.persons(staged), gone,
                List.of("person_id"), PersonDigest.COLUMN);
        if (purge) {
            DeltaTables.purgeDeletedRows(scope.spark(), path);
        }
        return personChanges.asMap();
    }

    /**
     * The block pass's output kept, and read from then on in as many tasks as the session has cores
     * rather than in the block pass's partitions (20 at 4M records, up to 200 at 19M): a night's changes
     * are small, and each task of a job that reads them and shuffles costs about 50 ms of CPU whatever
     * it holds (at 4M, 33,541 persons read in 20 tasks took 1.0 s of CPU, in 2 tasks 0.1 s; README).
     */
    private static Dataset<Row> staged(Dataset<Row> blockPassOutput) {
        return blockPassOutput.localCheckpoint(true).coalesce(blockPassOutput.sparkSession().sparkContext().defaultParallelism());
    }

    /**
     * Whether the persons' deleted rows must leave the table's files in this run, not at the next
     * maintenance: a batch was retracted since the last resolve read silver/records. The persons that
     * held a retracted record, or a retracted correction of one (the record itself stays, restored to
     * its earlier version), are replaced or deleted row by row, and their old rows, with the retracted
     * contacts, would otherwise stay in the files behind deletion vectors. A run killed after its purge
     * purges again (a purge of a table with no deleted rows rewrites nothing).
     */
    static boolean purgeAfterRetraction(JobScope scope) {
        return scope.ledger().lastWrite(LakeTable.SILVER_PERSONS, ResolveJob.JOB)
                .map(last -> scope.ledger().retractedSince(last, LakeTable.SILVER_RECORDS)).orElse(false);
    }
}
