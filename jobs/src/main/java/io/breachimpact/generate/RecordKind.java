package io.breachimpact.generate;

/** Why a person has this record: ground truth for identity resolution. */
public enum RecordKind {
    /** The person's first record. */
    FIRST,
    /** A request for another document (or a renewal) from the same account. */
    ANOTHER_DOCUMENT,
    /** A second account opened by the same person, with other contact details. */
    SECOND_ACCOUNT,
    /** The same person entered again, with a variation (typo, lost accents, move, …). */
    DUPLICATE
}
