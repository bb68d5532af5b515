package io.breachimpact.ingest.normalize;

/** The ways a record's contact details can actually reach someone: validity, not exposure. */
public enum ContactChannel {
    EMAIL,
    SMS,
    POSTAL
}
