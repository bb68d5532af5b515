package io.breachimpact.ingest;

import java.io.Serializable;

/**
 * One file of a dump batch, with where each expected column sits in it (a dump may order its
 * columns differently).
 */
record InputFile(String path, long size, int[] columnPositions) implements Serializable {
}
