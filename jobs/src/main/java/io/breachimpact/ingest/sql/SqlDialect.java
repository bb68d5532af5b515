package io.breachimpact.ingest.sql;

/** Whose dump it is: the two write strings and identifiers differently. */
public enum SqlDialect {
    /** mysqldump, MariaDB: backslash escapes in strings ({@code 'l\'Haÿ'}), identifiers in backticks. */
    MYSQL,
    /**
     * pg_dump: standard strings (a backslash is a backslash; {@code E'…'} strings have escapes), identifiers
     * in double quotes, rows as {@code INSERT} (--inserts, --column-inserts) or {@code COPY … FROM stdin}.
     */
    POSTGRESQL;

    public static SqlDialect fromName(String name) {
        return switch (name.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "mysql", "mariadb", "mysqldump" -> MYSQL;
            case "postgresql", "postgres", "pg_dump" -> POSTGRESQL;
            default -> throw new IllegalArgumentException(name);
        };
    }
}
