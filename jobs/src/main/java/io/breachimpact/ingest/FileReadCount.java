package io.breachimpact.ingest;

import java.io.Serializable;

/** What a task read from one file: the left-hand side of the reconciliation. */
public record FileReadCount(String file, long records, long physicalLines, long bytes) implements Serializable {
}
