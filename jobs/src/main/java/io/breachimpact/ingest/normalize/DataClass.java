package io.breachimpact.ingest.normalize;

/**
 * The kinds of personal data a record exposes, named after (and mapped in
 * {@code reference/data_classes.csv} to) Have I Been Pwned's data classes. Which document a number
 * belongs to is the document-type dimension, not a data class of its own.
 */
public enum DataClass {
    NAME,
    EMAIL,
    PHONE,
    DATE_OF_BIRTH,
    POSTAL_ADDRESS,
    ACCOUNT_ID,
    DOCUMENT_NUMBER
}
