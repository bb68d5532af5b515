package io.breachimpact.ingest;

import java.io.Serializable;

/** Rows of one file that were joined into records of other rows (an account into its documents), not records of their own. */
public record FileJoinCount(String file, long rows) implements Serializable {
}
