package io.breachimpact.bench;

import io.breachimpact.ingest.normalize.DataClass;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The yardstick: what an analyst would do in DuckDB instead of this project, on the same data. It
 * converts the dump's CSV to Parquet, and counts the exposure cube (région × département × age band ×
 * data class × document type: distinct persons and records) from Parquet exports, once from the silver
 * records and the record-to-person table, once from the persons. Both cubes are then compared cell by
 * cell with the project's unsuppressed cube: an independent count of the same thing.
 */
public final class DuckDbCube implements AutoCloseable {
    private final Connection connection;

    /**
     * @param threads DuckDB's worker threads (the machine's cores, as the jobs' {@code local[*]} has)
     * @param memory  DuckDB's memory limit ("8GB"): it spills beyond it to {@code tempDir}
     */
    public DuckDbCube(int threads, String memory, Path tempDir) throws SQLException {
        connection = DriverManager.getConnection("jdbc:duckdb:");
        execute("SET threads = " + threads);
        execute("SET memory_limit = '" + memory.replace("'", "") + "'");
        execute("SET temp_directory = '" + quoted(tempDir) + "'");
        execute("SET preserve_insertion_order = false"); // a COPY of millions of rows need not keep them in order
    }

    /** (a) Every CSV file of the dump into one Parquet file, values as text; returns the rows written. */
    public long csvToParquet(Path dumpDir, Path parquet) throws SQLException {
        // Lines DuckDB cannot read (the dump's dirt: cut lines, stray quotes, invalid UTF-8) are skipped, as
        // an analyst's first conversion would; the project's ingest keeps or quarantines each of them.
        // The dialect is the default layout's, said outright: the sniffer gives up on the dirty lines.
        execute("COPY (SELECT * FROM read_csv('" + quoted(dumpDir.resolve("*.csv")) + "', header = true, all_varchar = true, "
                + "delim = ',', quote = '\"', escape = '\"', strict_mode = false, ignore_errors = true)) TO '"
                + quoted(parquet) + "' (FORMAT parquet)");
        return count("SELECT count(*) FROM read_parquet('" + quoted(parquet) + "')");
    }

    /**
     * (b) The cube from the records and which person each belongs to. A person's région and département
     * are those of its most recent record that has a département, its age band that of its most recent
     * record with a birth date (request date, then batch, then line, then record id), 'UNKNOWN' without.
     */
    public Cube fromRecords(CubeExports exports, String table) throws SQLException {
        String recency = "(coalesce(s.request_date, DATE '0001-01-01'), s.batch_seq, s.line_number, s.record_id)";
        execute("CREATE OR REPLACE TEMP TABLE " + table + " AS "
                + "WITH r AS (SELECT p.person_id, s.document_type, s.data_classes, s.departement_code, s.region_code, s.age_band, "
                + "    s.birth_date, " + recency + " AS recency "
                + "  FROM read_parquet('" + parquet(exports.records()) + "') s "
                + "  JOIN read_parquet('" + parquet(exports.personRecords()) + "') p ON p.record_id = s.record_id), "
                + "person AS (SELECT person_id, "
                + "    coalesce(arg_max_null(region_code, recency) FILTER (WHERE departement_code IS NOT NULL), 'UNKNOWN') AS region_code, "
                + "    coalesce(arg_max_null(departement_code, recency) FILTER (WHERE departement_code IS NOT NULL), 'UNKNOWN') AS departement_code, "
                + "    coalesce(arg_max_null(age_band, recency) FILTER (WHERE birth_date IS NOT NULL), 'UNKNOWN') AS age_band "
                + "  FROM r GROUP BY person_id), "
                + "exposed AS (SELECT person_id, document_type, unnest(data_classes) AS data_class FROM r) "
                + "SELECT person.region_code, person.departement_code, person.age_band, exposed.data_class, exposed.document_type, "
                + "  count(DISTINCT exposed.person_id) AS persons, count(*) AS records "
                + "FROM exposed JOIN person ON person.person_id = exposed.person_id "
                + "GROUP BY ALL");
        return cube(table);
    }

    /** (c) The same cube from the persons: each person's records of a document type and the data classes they expose. */
    public Cube fromPersons(CubeExports exports, String table) throws SQLException {
        List<String> perClass = new ArrayList<>();
        for (DataClass dc : DataClass.values()) {
            perClass.add("SELECT region_code, departement_code, age_band, '" + dc.name() + "' AS data_class, e.document_type AS document_type, "
                    + "e.n_" + dc.name() + " AS n FROM exposures WHERE e.n_" + dc.name() + " > 0");
        }
        execute("CREATE OR REPLACE TEMP TABLE " + table + " AS "
                + "WITH exposures AS (SELECT region_code, departement_code, age_band, unnest(document_exposures) AS e "
                + "  FROM read_parquet('" + parquet(exports.persons()) + "')) "
                + "SELECT region_code, departement_code, age_band, data_class, document_type, count(*) AS persons, sum(n) AS records "
                + "FROM (" + String.join(" UNION ALL ", perClass) + ") GROUP BY ALL");
        return cube(table);
    }

    /** The cells where a cube and the project's disagree on persons or records (or exist in one only). */
    public Comparison compare(String table, CubeExports exports) throws SQLException {
        String dims = "region_code, departement_code, age_band, data_class, document_type";
        execute("CREATE OR REPLACE TEMP TABLE project_cube AS SELECT " + dims + ", persons, records FROM read_parquet('"
                + parquet(exports.projectCube()) + "')");
        String differing = "SELECT " + dims + ", t.persons AS theirs_persons, t.records AS theirs_records, "
                + "p.persons AS project_persons, p.records AS project_records "
                + "FROM " + table + " t FULL OUTER JOIN project_cube p USING (" + dims + ") "
                + "WHERE t.persons IS DISTINCT FROM p.persons OR t.records IS DISTINCT FROM p.records";
        long count = count("SELECT count(*) FROM (" + differing + ")");
        List<String> examples = new ArrayList<>();
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(differing + " ORDER BY ALL LIMIT 5")) {
            while (rs.next()) {
                List<String> cell = new ArrayList<>();
                for (int i = 1; i <= 5; i++) {
                    cell.add(rs.getString(i));
                }
                examples.add(String.join(" × ", cell) + ": persons duckdb " + rs.getObject(6) + ", project " + rs.getObject(8)
                        + "; records duckdb " + rs.getObject(7) + ", project " + rs.getObject(9));
            }
        }
        return new Comparison(count, cube("project_cube"), examples);
    }

    /** A cube's size: cells, the persons summed over cells, and its (record, data class) pairs. */
    public record Cube(long cells, long personCells, long recordClassPairs) {
    }

    /** @param examples at most five differing cells: their dimensions, then DuckDB's counts and the project's */
    public record Comparison(long differingCells, Cube project, List<String> examples) {
        public boolean equal() {
            return differingCells == 0;
        }
    }

    private Cube cube(String table) throws SQLException {
        try (Statement st = connection.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*), coalesce(sum(persons), 0), coalesce(sum(records), 0) FROM " + table)) {
            rs.next();
            return new Cube(rs.getLong(1), rs.getLong(2), rs.getLong(3));
        }
    }

    private long count(String sql) throws SQLException {
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private void execute(String sql) throws SQLException {
        try (Statement st = connection.createStatement()) {
            st.execute(sql);
        }
    }

    private static String parquet(Path dir) {
        return quoted(dir.resolve("*.parquet"));
    }

    private static String quoted(Path path) {
        return path.toAbsolutePath().toString().replace("'", "''");
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
