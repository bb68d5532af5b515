package io.breachimpact.bench;

import io.breachimpact.spark.DeltaTables;
import io.breachimpact.spark.Lake;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

import java.nio.file.Path;

/**
 * What an analyst without this project would be handed: the lake's tables as plain Parquet (no Delta
 * log, no deletion vectors), only the columns the exposure cube needs. The yardstick's DuckDB reads
 * these; the project's own unsuppressed cube comes along, to be checked against.
 */
public final class CubeExports {
    /** The silver columns the cube is counted from: a person's place and age band are its most recent record's. */
    static final String[] RECORD_COLUMNS = {"record_id", "document_type", "data_classes", "departement_code", "region_code", "age_band",
            "birth_date", "request_date", "batch_seq", "line_number"};
    static final String[] PERSON_COLUMNS = {"person_id", "region_code", "departement_code", "age_band", "document_exposures"};
    static final String[] CUBE_COLUMNS = {"region_code", "departement_code", "age_band", "data_class", "document_type", "persons", "records"};

    private final Path dir;

    public CubeExports(Path dir) {
        this.dir = dir;
    }

    public Path records() {
        return dir.resolve("records");
    }

    /** silver/person_records: which person each record belongs to. */
    public Path personRecords() {
        return dir.resolve("person_records");
    }

    public Path persons() {
        return dir.resolve("persons");
    }

    /** internal/exposure_unsuppressed: the project's cube before suppression. */
    public Path projectCube() {
        return dir.resolve("project_cube");
    }

    public CubeExports write(SparkSession spark, Lake lake) {
        DeltaTables.read(spark, lake.silverRecords()).selectExpr(RECORD_COLUMNS).write().mode(SaveMode.Overwrite)
                .parquet(records().toString());
        DeltaTables.read(spark, lake.silverPersonRecords()).select("record_id", "person_id").write().mode(SaveMode.Overwrite)
                .parquet(personRecords().toString());
        DeltaTables.read(spark, lake.silverPersons()).selectExpr(PERSON_COLUMNS).write().mode(SaveMode.Overwrite)
                .parquet(persons().toString());
        DeltaTables.read(spark, lake.internalExposure()).selectExpr(CUBE_COLUMNS).write().mode(SaveMode.Overwrite)
                .parquet(projectCube().toString());
        return this;
    }
}
