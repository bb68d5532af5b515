package io.breachimpact.exposure;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.breachimpact.exposure.Suppression.Status.COMPLEMENTARY;
import static io.breachimpact.exposure.Suppression.Status.PRIMARY;
import static io.breachimpact.exposure.Suppression.Status.PUBLISHED;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Small-cell suppression on tables small enough to check by hand (k = 10). */
class SuppressionTest {

    private static Suppression.Cell cell(String region, String band, long persons) {
        return new Suppression.Cell(Map.of("region", region, "band", band), persons);
    }

    private static List<Suppression.Status> statuses(List<Suppression.Cell> cells) {
        List<Suppression.Status> s = new ArrayList<>();
        cells.forEach(c -> s.add(c.status()));
        return s;
    }

    private static org.apache.spark.sql.Row cube(String region, long persons) {
        org.apache.spark.sql.types.StructType schema = Publication.schema(List.of("region_code"));
        Object[] v = new Object[schema.size()];
        v[schema.fieldIndex("region_code")] = region;
        v[schema.fieldIndex("persons")] = persons;
        v[schema.fieldIndex("records")] = persons;
        for (String level : ExposureCube.LEVELS) {
            v[schema.fieldIndex(level)] = level.equals("low") ? persons : 0L;
        }
        v[schema.fieldIndex("suppressed")] = false;
        v[schema.fieldIndex("policy_version")] = "p";
        return new org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema(v, schema);
    }

    @Test
    void theSameCellsAreWithheldWhateverOrderTheRowsComeIn() {
        // 3 needs one complement; B and C tie at 20: which one goes must not depend on the order read.
        List<org.apache.spark.sql.Row> oneWay = List.of(cube("A", 3), cube("B", 20), cube("C", 20), cube("D", 40));
        List<org.apache.spark.sql.Row> another = List.of(cube("D", 40), cube("C", 20), cube("A", 3), cube("B", 20));
        java.util.function.Function<List<org.apache.spark.sql.Row>, java.util.Set<String>> withheld = rows ->
                Publication.publish(rows, List.of("region_code"), 10, List.of(List.of()), "p").stream()
                        .filter(Publication::suppressed).map(r -> r.getString(0)).collect(java.util.stream.Collectors.toSet());
        assertEquals(withheld.apply(oneWay), withheld.apply(another));
        assertEquals(2, withheld.apply(oneWay).size());
    }

    @Test
    void aLoneSmallCellTakesTheSmallestOtherWithIt() {
        // 3 could be recovered as total − 15 − 20: 15 goes too.
        List<Suppression.Cell> cells = List.of(cell("A", "x", 3), cell("B", "x", 20), cell("C", "x", 15));
        Suppression.apply(cells, 10, List.of(List.of()));
        assertEquals(List.of(PRIMARY, PUBLISHED, COMPLEMENTARY), statuses(cells));
    }

    @Test
    void twoSmallCellsProtectEachOther() {
        List<Suppression.Cell> cells = List.of(cell("A", "x", 3), cell("B", "x", 4), cell("C", "x", 50));
        Suppression.apply(cells, 10, List.of(List.of()));
        assertEquals(List.of(PRIMARY, PRIMARY, PUBLISHED), statuses(cells));
    }

    @Test
    void emptyCellsAreNeitherSuppressedNorUsedAsComplements() {
        List<Suppression.Cell> cells = List.of(cell("A", "x", 0), cell("B", "x", 5), cell("C", "x", 50));
        Suppression.apply(cells, 10, List.of(List.of()));
        assertEquals(List.of(PUBLISHED, PRIMARY, COMPLEMENTARY), statuses(cells));
    }

    @Test
    void exactlyKIsPublished() {
        List<Suppression.Cell> cells = List.of(cell("A", "x", 10), cell("B", "x", 9), cell("C", "x", 11));
        Suppression.apply(cells, 10, List.of(List.of()));
        assertEquals(List.of(COMPLEMENTARY, PRIMARY, PUBLISHED), statuses(cells));
    }

    @Test
    void rowsAndColumnsOfATwoWayTableAreBothProtected() {
        //            x    y   (row totals and column totals are published)
        //   A        5   30
        //   B       40   50
        // (A,x) primary → row A needs (A,y); column x needs (B,x); column y then needs (B,y).
        List<Suppression.Cell> cells = List.of(cell("A", "x", 5), cell("A", "y", 30), cell("B", "x", 40), cell("B", "y", 50));
        Suppression.apply(cells, 10, List.of(List.of("region"), List.of("band")));
        assertEquals(List.of(PRIMARY, COMPLEMENTARY, COMPLEMENTARY, COMPLEMENTARY), statuses(cells));
    }

    @Test
    void aTwoWayTableWithTwoSmallCellsInARowNeedsOnlyTheColumns() {
        //            x    y    z
        //   A        5    6   30
        //   B       40   50   60
        // Row A is safe (two suppressed); columns x and y each need a second cell: (B,x) and (B,y).
        // Row B then has two suppressed: safe.
        List<Suppression.Cell> cells = List.of(cell("A", "x", 5), cell("A", "y", 6), cell("A", "z", 30),
                cell("B", "x", 40), cell("B", "y", 50), cell("B", "z", 60));
        Suppression.apply(cells, 10, List.of(List.of("region"), List.of("band")));
        assertEquals(List.of(PRIMARY, PRIMARY, PUBLISHED, COMPLEMENTARY, COMPLEMENTARY, PUBLISHED), statuses(cells));
    }

    @Test
    void partsOfACount() {
        assertArrayEquals(new boolean[] {true, false, false, true}, Suppression.parts(new long[] {5, 100, 0, 30}, 10));
        assertArrayEquals(new boolean[] {true, true, false, false}, Suppression.parts(new long[] {5, 7, 0, 30}, 10));
        assertArrayEquals(new boolean[] {false, false, false, false}, Suppression.parts(new long[] {10, 100, 0, 30}, 10));
    }
}
