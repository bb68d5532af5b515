package io.breachimpact.generate;

/**
 * How the generated dump is written: the same records in the layouts a real export or a leaked copy
 * comes in. Each has its dump profile in {@code conf/dumps/<name>.conf}.
 */
public enum DumpLayout {
    /** RFC 4180 CSV, UTF-8, English column names, ISO dates, the agency's document codes. */
    AGENCY_CSV("agency-csv"),
    /**
     * A French export from a Windows tool: semicolons, Windows-1252, French column names, dd/MM/yyyy
     * dates, a civility column, the street number apart, document types in words.
     */
    FR_SEMICOLON("fr-semicolon"),
    /**
     * JSON Lines, one line per account as a web service exports it: identity, contact and address nested,
     * the account's successive records in a {@code documents} array (consecutive records with the same
     * account fields share a line).
     */
    AGENCY_JSONL("agency-jsonl"),
    /**
     * A mysqldump of the agency's database: an {@code accounts} table and a {@code documents} table pointing
     * to it, created and filled by extended INSERTs.
     */
    AGENCY_SQL("agency-sql");

    private final String configName;

    DumpLayout(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }

    public static DumpLayout fromName(String name) {
        for (DumpLayout l : values()) {
            if (l.configName.equalsIgnoreCase(name) || l.name().equalsIgnoreCase(name)) {
                return l;
            }
        }
        throw new IllegalArgumentException(name);
    }
}
