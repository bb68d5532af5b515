package io.breachimpact.identity;

import io.breachimpact.pipeline.JobScope;
import io.breachimpact.pipeline.LakeTable;
import io.breachimpact.spark.DeltaTables;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.util.List;

import static org.apache.spark.sql.functions.col;

/**
 * A night's persons into the tables, row by row: the persons a night linked again replace those their
 * records belonged to, in silver/persons, silver/person_records and silver/person_links; a person
 * whose records all went elsewhere or were retracted is deleted; a person made again as it was is
 * left alone (its file untouched), so that what reads the persons' changes reads only real ones.
 */
final class PersonChanges {
    private PersonChanges() {
    }

    /**
     * @param compared each record against the last run ({@link ChangedBlocks.Night#compared})
     * @param changed  the persons of the records linked again ({@link Resolution#resolve} with a previous state)
     */
    static ResolveJob.Increment apply(JobScope scope, Dataset<Row> compared, Dataset<Row> changed) {
        // The block pass runs once, here; what the old state says is taken before any table moves.
        Dataset<Row> persons = changed.localCheckpoint(true);
        Dataset<Row> records = PersonLinks.records(persons).localCheckpoint(true);
        scope.stage("changes", "the persons that changed into silver/persons, person_records and person_links");
        // A record in no block now is either linked again among the undated (every run) or gone from silver.
        Dataset<Row> before = compared.filter(col("former_person").isNotNull()).select(col("record_id"), col("former_person").as("person_id"),
                col(ChangedBlocks.MATCH_DIGEST).isNull().as("unblocked"));
        Dataset<Row> gone = before.filter(col("unblocked")).join(records.select("record_id"), "record_id", "left_anti")
                .select("record_id", "person_id").localCheckpoint(true);
        Dataset<Row> former = before.join(records.select("record_id"), "record_id", "left_semi").select("person_id")
                .union(gone.select("person_id")).distinct().localCheckpoint(true);
        Dataset<Row> affected = former.union(persons.select("person_id")).distinct();
        Dataset<Row> formerLinks = scope.read(LakeTable.SILVER_PERSON_LINKS).join(affected, "person_id", "left_semi")
                .select("person_id", "record_a", "record_b").localCheckpoint(true);
        long goneRecords = gone.count();

        for (LakeTable t : List.of(LakeTable.SILVER_PERSONS, LakeTable.SILVER_PERSON_RECORDS, LakeTable.SILVER_PERSON_LINKS)) {
            DeltaTables.useDeletionVectors(scope.spark(), scope.path(t));
        }
        DeltaTables.RowChanges personChanges = DeltaTables.applyChanges(scope.spark(), scope.path(LakeTable.SILVER_PERSONS), persons, former,
                List.of("person_id"));
        io.breachimpact.pipeline.FailPoints.reach("resolve.between-person-tables");
        DeltaTables.applyChanges(scope.spark(), scope.path(LakeTable.SILVER_PERSON_RECORDS), records, gone.select(col("record_id")),
                List.of("record_id"));
        DeltaTables.applyChanges(scope.spark(), scope.path(LakeTable.SILVER_PERSON_LINKS), PersonLinks.table(persons), formerLinks,
                List.of("person_id", "record_a", "record_b"));
        if (goneRecords > 0) {
            // Retracted records: no file the persons use keeps their contacts, hidden or not.
            DeltaTables.purgeDeletedRows(scope.spark(), scope.path(LakeTable.SILVER_PERSONS));
        }
        return new ResolveJob.Increment(records.count(), personChanges.asMap());
    }
}
