package io.breachimpact.generate;

/**
 * The kinds of dirt the generator injects, named as in {@code generate.dirt} of the configuration.
 * Each rate is a share of the records the dirt can apply to.
 */
public enum Dirt {
    MISSING_EMAIL("missing-email", false),
    MALFORMED_EMAIL("malformed-email", false),
    MISSING_PHONE("missing-phone", false),
    MALFORMED_PHONE("malformed-phone", false),
    IMPOSSIBLE_BIRTH_DATE("impossible-birth-date", false),
    POSTAL_CODE_CITY_MISMATCH("postal-code-city-mismatch", false),
    STRAY_WHITESPACE_AND_CASE("stray-whitespace-and-case", false),
    EMBEDDED_NEWLINE("embedded-newline", false),
    EMBEDDED_QUOTES("embedded-quotes", false),
    // Line-level: only a text dump can carry these.
    LATIN1_BYTES("latin1-bytes", true),
    CRLF_LINE_END("crlf-line-end", true),
    TRUNCATED_LINE("truncated-line", true),
    EXTRA_COLUMNS("extra-columns", true);

    private final String configName;
    private final boolean lineLevel;

    Dirt(String configName, boolean lineLevel) {
        this.configName = configName;
        this.lineLevel = lineLevel;
    }

    public String configName() {
        return configName;
    }

    /** True for dirt that lives in the bytes of a text line rather than in a value. */
    public boolean lineLevel() {
        return lineLevel;
    }
}
