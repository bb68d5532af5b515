package io.breachimpact.ingest;

import java.util.Iterator;

/** The records of one dump file as read, whatever its format, with what was read to get them. */
interface RecordSource extends Iterator<RawRecord> {
    /** Physical lines read (after a header line). */
    long physicalLines();

    /** Bytes read. */
    long bytes();

    /** The number of the last physical line read (1 is the file's first line). */
    long lastLineNumber();
}
