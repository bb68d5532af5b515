package io.breachimpact.generate;

/** How a duplicate record of a person differs from the person's first record. */
public enum Variation {
    NONE,
    TYPO,
    LOST_ACCENTS,
    SWAPPED_GIVEN_NAMES,
    EMAIL_CASE,
    MOVED_ADDRESS
}
