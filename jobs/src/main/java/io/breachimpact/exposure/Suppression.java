package io.breachimpact.exposure;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Small-cell suppression for published tables. A count of persons under k (but not zero) is
 * suppressed (primary). Then, in every group of cells that add up to a published total, a lone
 * suppressed cell could be recovered by subtraction, so the smallest other non-zero cell of the group
 * is suppressed too (complementary), until no group has exactly one. Pure Java on small aggregates:
 * the tables it works on have thousands of cells, not millions.
 */
public final class Suppression {
    private Suppression() {
    }

    /** Why a count is not published. */
    public enum Status { PUBLISHED, PRIMARY, COMPLEMENTARY }

    /** A cell: its dimension values, its count of persons, and its status once suppression ran. */
    public static final class Cell {
        private final Map<String, String> dimensions;
        private final long persons;
        private Status status = Status.PUBLISHED;

        public Cell(Map<String, String> dimensions, long persons) {
            this.dimensions = dimensions;
            this.persons = persons;
        }

        public Map<String, String> dimensions() {
            return dimensions;
        }

        public long persons() {
            return persons;
        }

        public Status status() {
            return status;
        }

        public boolean suppressed() {
            return status != Status.PUBLISHED;
        }

        @Override
        public String toString() {
            return dimensions + "=" + persons + "(" + status + ")";
        }
    }

    /**
     * @param groups each a list of dimension names: cells agreeing on them add up to a published
     *               total (e.g. the départements of one région add up to the région's row)
     */
    public static void apply(List<Cell> cells, int k, List<List<String>> groups) {
        for (Cell c : cells) {
            if (c.persons > 0 && c.persons < k) {
                c.status = Status.PRIMARY;
            }
        }
        boolean changed = true;
        while (changed) {
            changed = false;
            for (List<String> group : groups) {
                for (List<Cell> members : byGroup(cells, group).values()) {
                    changed |= protect(members);
                }
            }
        }
    }

    /** One group: if exactly one non-zero cell is suppressed, suppress the smallest other non-zero one. */
    private static boolean protect(List<Cell> members) {
        long suppressed = members.stream().filter(Cell::suppressed).count();
        if (suppressed != 1) {
            return false;
        }
        Optional<Cell> next = members.stream().filter(c -> !c.suppressed() && c.persons > 0)
                .min(Comparator.comparingLong(Cell::persons));
        next.ifPresent(c -> c.status = Status.COMPLEMENTARY);
        return next.isPresent();
    }

    private static Map<List<String>, List<Cell>> byGroup(List<Cell> cells, List<String> group) {
        Map<List<String>, List<Cell>> groups = new LinkedHashMap<>();
        for (Cell c : cells) {
            List<String> key = new ArrayList<>(group.size());
            for (String d : group) {
                key.add(c.dimensions.get(d));
            }
            groups.computeIfAbsent(key, x -> new ArrayList<>()).add(c);
        }
        return groups;
    }

    /**
     * Parts of one published count (persons by severity level): each part under k is suppressed, and
     * a lone suppressed part takes the smallest other non-zero part with it.
     *
     * @return which parts are suppressed
     */
    public static boolean[] parts(long[] parts, int k) {
        boolean[] hidden = new boolean[parts.length];
        int count = 0;
        for (int i = 0; i < parts.length; i++) {
            if (parts[i] > 0 && parts[i] < k) {
                hidden[i] = true;
                count++;
            }
        }
        if (count == 1) {
            int smallest = -1;
            for (int i = 0; i < parts.length; i++) {
                if (!hidden[i] && parts[i] > 0 && (smallest < 0 || parts[i] < parts[smallest])) {
                    smallest = i;
                }
            }
            if (smallest >= 0) {
                hidden[smallest] = true;
            }
        }
        return hidden;
    }
}
