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

    /** @param group rows that share a key (or one row that takes no part in the join) */
    static Result join(List<SourceRow> group, Shape shape) {
        List<SourceRow> records = new ArrayList<>();
        List<SourceRow> joined = new ArrayList<>();
        List<Joined> out = new ArrayList<>();
        for (SourceRow r : group) {
            if (!r.joinable()) {
                out.add(r.joined() && r.problem() == null ? account(r, shape) : alone(r, r.problem() != null ? r.problem()
                        : ParseProblem.JOIN_KEY_NOT_FOUND));
            } else if (r.joined()) {
                joined.add(r);
            } else {
                records.add(r);
            }
        }
        if (records.isEmpty()) {
            joined.forEach(j -> out.add(account(j, shape)));
            return new Result(out, List.of());
        }
        if (joined.isEmpty()) {
            records.forEach(r -> out.add(alone(r, ParseProblem.JOIN_KEY_NOT_FOUND)));
            return new Result(out, List.of());
        }
        boolean allEqual = joined.stream().allMatch(j -> Arrays.equals(j.values(), joined.get(0).values()));
        if (!allEqual) {
            records.forEach(r -> out.add(alone(r, ParseProblem.JOIN_KEY_AMBIGUOUS)));
            joined.forEach(j -> out.add(account(j, shape)));
            return new Result(out, List.of());
        }
        String[] parent = joined.get(0).values();
        for (SourceRow r : records) {
            String[] merged = new String[parent.length];
            for (int i = 0; i < merged.length; i++) {
                merged[i] = shape.ofRecordsTable()[i] ? r.values()[i] : parent[i];
            }
            out.add(new Joined(r.file(), new RawRecord(r.line(), r.lineCount(), Arrays.asList(merged), null, null, List.of())));
        }
        return new Result(out, joined.stream().map(SourceRow::file).toList());
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
