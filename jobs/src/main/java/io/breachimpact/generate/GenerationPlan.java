package io.breachimpact.generate;

import java.io.Serializable;
import java.util.Map;

/** The files one generation run writes: how many rows in how many files, and each file's records. */
interface GenerationPlan extends Serializable {
    long rows();

    int files();

    /** The records of one file (one Spark task), the same each time it is asked. */
    RecordSource open(int file);

    /** The batch's population and where its numbering stops: what a follow-up of this batch continues from. */
    Lineage lineage();

    /** The follow-up section of the generation report; empty for a population's first batch. */
    Map<String, Object> followUp();

    /** A population's first batch: {@code config.rows()} records of new persons. */
    static GenerationPlan first(GenerateConfig config) {
        return new GenerationPlan() {
            @Override
            public long rows() {
                return config.rows();
            }

            @Override
            public int files() {
                return config.files();
            }

            @Override
            public RecordSource open(int file) {
                return new PartitionGenerator(config, file);
            }

            @Override
            public Lineage lineage() {
                return Lineage.first(config);
            }

            @Override
            public Map<String, Object> followUp() {
                return Map.of();
            }
        };
    }
}
