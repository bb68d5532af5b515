package io.breachimpact.ingest;

import java.io.Serializable;

/**
 * One file of a dump batch, with its layout: how many columns its lines have and how they become the
 * canonical fields (a dump may order, name and write its columns its own way).
 */
record InputFile(String path, long size, DumpHeader.Layout layout) implements Serializable {
}
