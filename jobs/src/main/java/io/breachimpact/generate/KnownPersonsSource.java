package io.breachimpact.generate;

import io.breachimpact.model.DumpColumns;
import io.breachimpact.reference.ReferenceData;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashSet;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * A follow-up's file for one file of the population: that file's records generated again exactly as
 * first written (the writer's random draws included), and at offsets drawn in advance, a record sent
 * again corrected or a further record of the same person under a new record id. Stops reading the
 * population's file after the last drawn offset.
 */
final class KnownPersonsSource implements RecordSource {
    private final PartitionGenerator population;
    private final RecordFactory records;
    private final RecordCorrector corrector;
    private final DirtInjector dirt;
    private final long[] corrected;
    private final long[] extended;
    private final ArrayDeque<DumpRecord> pending = new ArrayDeque<>();
    private int nextCorrected;
    private int nextExtended;
    private long offset;
    private long nextRecordNumber;

    KnownPersonsSource(GenerateConfig populationConfig, FollowUpConfig followUp, FollowUpPlan.Task task) {
        this.population = new PartitionGenerator(populationConfig, task.baseFile());
        SplittableRandom random = new SplittableRandom(Seeds.forFile(populationConfig.seed(), task.fileIndex()));
        ReferenceData reference = ReferenceData.get();
        SyntheticPopulation people = new SyntheticPopulation(reference, populationConfig);
        this.records = new RecordFactory(people, populationConfig, random, new AccountIds(populationConfig.seed(), task.fileIndex()));
        this.dirt = new DirtInjector(populationConfig, random, reference.communes());
        this.corrector = new RecordCorrector(people, followUp.correctionPicker(), random, dirt);
        long fileRows = populationConfig.firstRow(task.baseFile() + 1) - populationConfig.firstRow(task.baseFile());
        this.corrected = distinctOffsets(random, task.corrections(), fileRows);
        this.extended = distinctOffsets(random, task.newRecords(), fileRows);
        this.nextRecordNumber = task.firstRecordNumber();
    }

    /** {@code k} distinct offsets in {@code [0, n)}, sorted (Floyd's sampling: k draws, whatever n). */
    static long[] distinctOffsets(SplittableRandom random, long k, long n) {
        if (k > n) {
            throw new IllegalArgumentException(k + " distinct offsets asked among " + n);
        }
        Set<Long> chosen = new HashSet<>();
        for (long j = n - k; j < n; j++) {
            long t = random.nextLong(j + 1);
            chosen.add(chosen.contains(t) ? j : t);
        }
        long[] offsets = chosen.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(offsets);
        return offsets;
    }

    @Override
    public boolean hasNext() {
        while (pending.isEmpty() && (nextCorrected < corrected.length || nextExtended < extended.length)) {
            DumpRecord r = population.next();
            population.dirt().csvLineDraws(r); // as its writer drew, so that the records after it come out the same
            long at = offset++;
            if (nextCorrected < corrected.length && corrected[nextCorrected] == at) {
                nextCorrected++;
                pending.add(corrector.correct(r));
            }
            if (nextExtended < extended.length && extended[nextExtended] == at) {
                nextExtended++;
                DumpRecord later = records.laterRecord(r.person);
                later.fields[DumpColumns.RECORD_ID] = PartitionGenerator.recordId(nextRecordNumber++ - 1);
                dirt.inject(later);
                pending.add(later);
            }
        }
        return !pending.isEmpty();
    }

    @Override
    public DumpRecord next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return pending.poll();
    }

    @Override
    public DirtInjector dirt() {
        return dirt;
    }

    @Override
    public long personCount() {
        return 0;
    }
}
