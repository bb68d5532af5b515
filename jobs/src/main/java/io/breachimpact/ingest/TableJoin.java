package io.breachimpact.ingest;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The rows of an SQL dump that share one join key become records: each row of the records table (a
 * document) takes the fields of the joined row with its key (its account). A joined row that no record
 * points to is a record of its own (its person's name and address were stolen all the same); a record
 * whose key no joined row holds, or several that differ, is kept with that problem for the quarantine.
 * Every row ends in exactly one record, or joined into records: {@link Result#joinedFiles()} counts those.
 */
final class TableJoin {
    private TableJoin() {
    }

    /**
     * Where the tables' values are among the profile's columns.
     *
     * @param ofRecordsTable for each of the profile's columns, whether the records table holds it
     * @param recordIdSlot   the column of the record id
     * @param joinedTable    the joined table's name: an account that is a record of its own is given the id
     *                       {@code <table>:<key>}, stable from one delivery to the next
     */
    record Shape(boolean[] ofRecordsTable, int recordIdSlot, String joinedTable) implements java.io.Serializable {
    }

    /** One record and the file it is counted in (its records-table row's, or its own joined row's). */
    record Joined(String file, RawRecord record) {
    }

    /**
     * @param records     the records that the group's rows make
     * @param joinedFiles the file of each joined row taken into another row's record (once per row)
     */
    record Result(List<Joined> records, List<String> joinedFiles) {
    }

    /** @param group rows that share a key (or one row that takes no part in the join), in any order */
    static Result join(List<SourceRow> group, Shape shape) {
        List<Joined> out = new ArrayList<>();
        Group g = new Group(shape);
        group.stream().filter(r -> r.joinable() && r.joined()).forEach(g::addJoined);
        for (SourceRow r : group) {
            if (!r.joinable()) {
                out.add(unjoinable(r, shape));
            } else if (!r.joined()) {
                out.add(g.record(r));
            }
        }
        Result end = g.end();
        out.addAll(end.records());
        return new Result(out, end.joinedFiles());
    }

    /** A row without a key, or that could not be read: a record of its own, an account under its table's id. */
    static Joined unjoinable(SourceRow r, Shape shape) {
        return r.joined() && r.problem() == null ? account(r, shape)
                : alone(r, r.problem() != null ? r.problem() : ParseProblem.JOIN_KEY_NOT_FOUND);
    }

    /**
     * The rows of one key as they come, the joined table's first (its rows are few; the records pointing to
     * them may be millions, behind a placeholder key): each record is joined as it passes, never held.
     */
    static final class Group {
        private final Shape shape;
        private final List<SourceRow> joined = new ArrayList<>();
        private boolean sealed;
        private boolean allEqual;
        private boolean used;

        Group(Shape shape) {
            this.shape = shape;
        }

        void addJoined(SourceRow j) {
            if (sealed) {
                throw new IllegalStateException("the joined table's rows come before the records of their key");
            }
            joined.add(j);
        }

        /** A records-table row of this key, as a record. */
        Joined record(SourceRow r) {
            if (!sealed) {
                sealed = true;
                allEqual = joined.stream().allMatch(j -> Arrays.equals(j.values(), joined.get(0).values()));
            }
            if (joined.isEmpty()) {
                return alone(r, ParseProblem.JOIN_KEY_NOT_FOUND);
            }
            if (!allEqual) {
                return alone(r, ParseProblem.JOIN_KEY_AMBIGUOUS);
            }
            used = true;
            String[] parent = joined.get(0).values();
            String[] merged = new String[parent.length];
            for (int i = 0; i < merged.length; i++) {
                merged[i] = shape.ofRecordsTable()[i] ? r.values()[i] : parent[i];
            }
            return new Joined(r.file(), new RawRecord(r.line(), r.lineCount(), Arrays.asList(merged), null, null, List.of()));
        }

        /** What the joined rows become once the key's records have passed: joined into them, or records of their own. */
        Result end() {
            if (used) {
                return new Result(List.of(), joined.stream().map(SourceRow::file).toList());
            }
            return new Result(joined.stream().map(j -> account(j, shape)).toList(), List.of());
        }
    }

    /** A row of a dump whose profile joins no table: a record of its own. */
    static Joined single(SourceRow r) {
        return alone(r, r.problem());
    }

    /** A joined row (an account) as a record of its own, under an id made of its table and key. */
    private static Joined account(SourceRow r, Shape shape) {
        String[] values = r.values().clone();
        values[shape.recordIdSlot()] = r.key() == null ? null : shape.joinedTable() + ":" + r.key();
        return new Joined(r.file(), new RawRecord(r.line(), r.lineCount(), Arrays.asList(values), null, null, List.of()));
    }

    /** A row as a record of its own, with the problem it has or is given. */
    private static Joined alone(SourceRow r, ParseProblem problem) {
        if (r.values() == null) {
            return new Joined(r.file(), new RawRecord(r.line(), r.lineCount(), null, r.text(), r.problem(), List.of()));
        }
        return new Joined(r.file(), new RawRecord(r.line(), r.lineCount(), Arrays.asList(r.values()), problem == null ? null : text(r),
                problem, List.of()));
    }

    private static String text(SourceRow r) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < r.values().length; i++) {
            if (r.values()[i] != null) {
                sb.append(sb.length() == 1 ? "" : ", ").append('\'').append(r.values()[i].replace("'", "''")).append('\'');
            }
        }
        return sb.append(')').toString();
    }
}
