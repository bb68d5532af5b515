package io.breachimpact.generate;

import io.breachimpact.error.BreachImpactException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The next delivery of a synthetic population: its rows split into corrections and further records of
 * known persons (drawn while the population's first batch is generated again, file by file, each
 * task for one of its files) and records of new persons (tasks of their own). Record numbers and
 * generator streams continue where the base batch's lineage stopped, so nothing is reused.
 */
final class FollowUpPlan implements GenerationPlan {
    enum TaskKind { KNOWN_PERSONS, NEW_PERSONS }

    /**
     * One file of the follow-up.
     *
     * @param baseFile          the population's file whose records it corrects or extends (known persons)
     * @param fileIndex         the generator stream it draws from, never used before in the population
     * @param firstRecordNumber the number of its first new record id
     * @param newRecords        records with new ids: further records of known persons, or new persons' records
     * @param corrections       known records sent again
     */
    record Task(TaskKind kind, int baseFile, int fileIndex, long firstRecordNumber, long newRecords, long corrections)
            implements java.io.Serializable {
        long rows() {
            return newRecords + corrections;
        }
    }

    private final GenerateConfig population;
    private final FollowUpConfig followUp;
    private final String of;
    private final List<Task> tasks;
    private final long newPersonRows;
    private final long knownPersonRows;
    private final long corrections;
    private final Lineage lineage;

    private FollowUpPlan(GenerateConfig population, FollowUpConfig followUp, String of, List<Task> tasks, long newPersonRows,
                         long knownPersonRows, long corrections, Lineage lineage) {
        this.population = population;
        this.followUp = followUp;
        this.of = of;
        this.tasks = List.copyOf(tasks);
        this.newPersonRows = newPersonRows;
        this.knownPersonRows = knownPersonRows;
        this.corrections = corrections;
        this.lineage = lineage;
    }

    /**
     * @param population  the configuration that generates the population's first batch again
     * @param of          the batch this one follows (for the report)
     * @param base        that batch's lineage
     * @param rows        rows of the follow-up
     * @param rowsPerFile rows per file of new persons
     */
    static FollowUpPlan of(GenerateConfig population, FollowUpConfig followUp, String of, Lineage base, long rows, long rowsPerFile) {
        long corrections = Math.round(rows * followUp.corrections());
        long known = Math.min(Math.round(rows * followUp.knownPersons()), rows - corrections);
        long fresh = rows - corrections - known;
        for (long[] asked : new long[][] {{corrections, 0}, {known, 1}}) {
            if (asked[0] > population.rows()) {
                throw BreachImpactException.config("a follow-up of " + rows + " rows asks for " + asked[0]
                        + (asked[1] == 0 ? " corrections" : " further records of known persons") + ", more than the " + population.rows()
                        + " records of the population's first batch: ask for fewer rows, or change generate.follow-up.records");
            }
        }
        int baseFiles = population.files();
        int newFiles = fresh == 0 ? 0 : Math.toIntExact((fresh + rowsPerFile - 1) / rowsPerFile);
        long cursor = base.nextRecordNumber();
        List<Task> tasks = new ArrayList<>();
        for (int f = 0; f < baseFiles; f++) {
            long c = apportion(corrections, population.firstRow(f), population.firstRow(f + 1), population.rows());
            long k = apportion(known, population.firstRow(f), population.firstRow(f + 1), population.rows());
            if (c + k > 0) {
                tasks.add(new Task(TaskKind.KNOWN_PERSONS, f, base.nextFileIndex() + newFiles + f, cursor, k, c));
            }
            cursor += k;
        }
        for (int j = 0; j < newFiles; j++) {
            long n = apportion(fresh, j, j + 1, newFiles);
            tasks.add(new Task(TaskKind.NEW_PERSONS, -1, base.nextFileIndex() + j, cursor, n, 0));
            cursor += n;
        }
        Lineage after = base.after(cursor - base.nextRecordNumber(), newFiles + baseFiles);
        if (after.nextFileIndex() > 100_000) {
            throw BreachImpactException.config("this population has used " + after.nextFileIndex() + " generator streams, the most a"
                    + " population can hold is 100000: start a new population (generate without --follow-up-of)");
        }
        return new FollowUpPlan(population, followUp, of, tasks, fresh, known, corrections, after);
    }

    /** The share of {@code total} that falls in {@code [from, to)} of {@code whole}, so that the shares add up exactly. */
    static long apportion(long total, long from, long to, long whole) {
        return Math.multiplyExact(total, to) / whole - Math.multiplyExact(total, from) / whole;
    }

    List<Task> tasks() {
        return tasks;
    }

    @Override
    public long rows() {
        return newPersonRows + knownPersonRows + corrections;
    }

    @Override
    public int files() {
        return tasks.size();
    }

    @Override
    public RecordSource open(int file) {
        Task task = tasks.get(file);
        if (task.kind() == TaskKind.NEW_PERSONS) {
            long first = task.firstRecordNumber() - 1;
            return new PartitionGenerator(population, task.fileIndex(), first, first + task.newRecords());
        }
        return new KnownPersonsSource(population, followUp, task);
    }

    @Override
    public Lineage lineage() {
        return lineage;
    }

    @Override
    public Map<String, Object> followUp() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("of", of);
        m.put("new_person_records", newPersonRows);
        m.put("known_person_records", knownPersonRows);
        m.put("corrections", corrections);
        return m;
    }

}
