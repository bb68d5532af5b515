package io.breachimpact.pipeline;

import java.util.Locale;

/**
 * A count a job records in its run (ops/runs {@code counts}): declared as an enum constant beside the
 * job that writes it, read back through the same constant.
 */
public interface CountKey {
    String name();

    /** The key in the ledger's map. */
    default String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** One of a family of counts: {@code issued_INITIAL}, {@code quarantine_MISSING_NAME}. */
    default String key(String member) {
        return key() + "_" + member;
    }
}
