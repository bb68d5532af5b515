package io.breachimpact.generate;

import java.util.Iterator;

/** The records of one file of a generated delivery, in order, and what its writer needs besides. */
interface RecordSource extends Iterator<DumpRecord> {
    /** The dirt injector whose line-level decisions the file's writer applies. */
    DirtInjector dirt();

    /** Persons this file introduced (a follow-up's corrections and records of known persons introduce none). */
    long personCount();
}
