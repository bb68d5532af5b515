package io.breachimpact.generate;

/** The file format of a generated dump. */
public enum OutputFormat {
    CSV,
    PARQUET
}
