package io.breachimpact.generate;

import io.breachimpact.model.DumpColumns;
import io.breachimpact.reference.ReferenceData;

import java.util.ArrayDeque;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;

/**
 * The records of one file of the dump, in order. Depends only on the configuration, the file index
 * (the random stream, account and person ids) and the row range (the record ids), so any executor,
 * any number of times, produces the same records for the same file.
 */
final class PartitionGenerator implements RecordSource {
    private final GenerateConfig config;
    private final long endRow;
    private long nextRow;
    private final PersonFactory persons;
    private final RecordFactory records;
    private final DirtInjector dirt;
    private final SplittableRandom random;
    private final ArrayDeque<DumpRecord> pending = new ArrayDeque<>();
    private long personCount;

    PartitionGenerator(GenerateConfig config, int file) {
        this(config, file, config.firstRow(file), config.firstRow(file + 1));
    }

    /**
     * The rows {@code [firstRow, endRow)} (record ids REC{firstRow + 1}…), drawn from the stream of file
     * index {@code file}: a follow-up delivery's new persons come from file indexes its population never used.
     */
    PartitionGenerator(GenerateConfig config, int file, long firstRow, long endRow) {
        this.config = config;
        this.nextRow = firstRow;
        this.endRow = endRow;
        this.random = new SplittableRandom(Seeds.forFile(config.seed(), file));
        ReferenceData reference = ReferenceData.get();
        SyntheticPopulation population = new SyntheticPopulation(reference, config);
        AccountIds accountIds = new AccountIds(config.seed(), file);
        this.persons = new PersonFactory(population, config, random, accountIds, file);
        this.records = new RecordFactory(population, config, random, accountIds);
        this.dirt = new DirtInjector(config, random, reference.communes());
    }

    @Override
    public boolean hasNext() {
        return nextRow < endRow;
    }

    @Override
    public DumpRecord next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        if (pending.isEmpty()) {
            addPerson();
        }
        DumpRecord r = pending.poll();
        r.fields[DumpColumns.RECORD_ID] = recordId(nextRow++);
        dirt.inject(r);
        return r;
    }

    /** Persons (whole people) started so far; the file's last person may be cut short by the row count. */
    @Override
    public long personCount() {
        return personCount;
    }

    @Override
    public DirtInjector dirt() {
        return dirt;
    }

    private void addPerson() {
        Person person = persons.newPerson();
        addRecords(person);
        if (person.minor() && random.nextDouble() < config.minorSiblingShare()) {
            addRecords(persons.sibling(person));
        }
    }

    private void addRecords(Person person) {
        personCount++;
        pending.addAll(records.records(person, records.recordCount()));
    }

    static String recordId(long row) {
        StringBuilder sb = new StringBuilder(13).append("REC");
        Text.appendPadded(sb, row + 1, 10);
        return sb.toString();
    }
}
