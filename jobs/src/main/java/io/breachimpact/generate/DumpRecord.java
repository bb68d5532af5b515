package io.breachimpact.generate;

import io.breachimpact.model.DocumentType;
import io.breachimpact.model.DumpColumns;

/** One line of the dump being generated, with the truth about it that never enters the dump. */
final class DumpRecord {
    final String[] fields = new String[DumpColumns.COUNT];
    String personId;
    RecordKind kind;
    Variation variation = Variation.NONE;
    boolean guardianContact;
    /** Bit i set when {@code Dirt.values()[i]} was injected. */
    int dirt;
    /** The data-entry errors of the hard model in this record. */
    java.util.Set<EntryError> entryErrors = java.util.Set.of();
    // For the generation summary.
    DocumentType documentType;
    String regionCode;
    int age;
    /** For layouts that write a civility ('F' or 'M'). */
    char sex;
    /** In a follow-up delivery, what a re-sent record corrects ({@link Correction#NONE} for a record sent once). */
    Correction correction = Correction.NONE;
    /** The person behind the record, while it is generated (a follow-up writes further records of known persons). */
    Person person;

    /** A record sent again with the same id: the same values and truth, to be corrected. */
    DumpRecord copy() {
        DumpRecord c = new DumpRecord();
        System.arraycopy(fields, 0, c.fields, 0, fields.length);
        c.personId = personId;
        c.kind = kind;
        c.variation = variation;
        c.guardianContact = guardianContact;
        c.dirt = dirt;
        c.entryErrors = entryErrors;
        c.documentType = documentType;
        c.regionCode = regionCode;
        c.age = age;
        c.sex = sex;
        c.person = person;
        return c;
    }

    boolean has(Dirt d) {
        return (dirt & (1 << d.ordinal())) != 0;
    }

    void mark(Dirt d) {
        dirt |= 1 << d.ordinal();
    }

    /** For a layout in which this dirt cannot exist (a JSON line is not cut into columns). */
    void unmark(Dirt d) {
        dirt &= ~(1 << d.ordinal());
    }

    /** The data-entry errors as "a|b|c", "" when none. */
    String entryErrorList() {
        StringBuilder sb = new StringBuilder();
        for (EntryError e : entryErrors) {
            if (sb.length() > 0) {
                sb.append('|');
            }
            sb.append(e.configName());
        }
        return sb.toString();
    }

    /** The injected dirt as "a|b|c", "" when clean. */
    String dirtList() {
        if (dirt == 0) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        for (Dirt d : Dirt.values()) {
            if (has(d)) {
                if (sb.length() > 0) {
                    sb.append('|');
                }
                sb.append(d.configName());
            }
        }
        return sb.toString();
    }
}
