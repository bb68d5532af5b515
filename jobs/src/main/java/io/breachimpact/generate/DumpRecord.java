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
