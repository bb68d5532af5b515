package io.breachimpact.ingest.sql;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads the rows out of an SQL dump as it streams by, without a database: the column names of each
 * {@code CREATE TABLE}, and each row of {@code INSERT … VALUES (…), (…);} (mysqldump's extended inserts,
 * pg_dump's --inserts and --column-inserts) and of {@code COPY … FROM stdin} (pg_dump's default). Every
 * other statement is skipped, quotes, comments and dollar-quoted bodies included. A row that cannot be
 * read is returned with its problem and its text, and reading goes on at the next row.
 */
public final class SqlDumpParser {
    /** The longest text kept for a row that cannot be read. */
    static final int TEXT_LIMIT = 16_384;
    /** Returned by the value readers for what cannot be read; compared by identity, never equal to a value read. */
    @SuppressWarnings("StringOperationCanBeSimplified")
    private static final String MALFORMED = new String("(malformed)");

    /** Something the dump says: a table's columns, or one of its rows. */
    public sealed interface Event permits Columns, Row {
    }

    /** A table's columns, in order, from its {@code CREATE TABLE}. */
    public record Columns(String table, List<String> names, long line) implements Event {
    }

    /**
     * One row of a table.
     *
     * @param columns the columns the statement names ({@code INSERT INTO t (a, b)}, {@code COPY t (a, b)}), or null
     * @param values  null when the row could not be read
     * @param problem why it could not be read, else null
     * @param text    the row's text when it could not be read (capped), else null
     */
    public record Row(String table, List<String> columns, long line, int lineCount, List<String> values, String problem, String text)
            implements Event {
    }

    private enum State { STATEMENTS, VALUES, COPY }

    private final Reader in;
    private final SqlDialect dialect;
    private final char[] buffer = new char[1 << 16];
    private int pos;
    private int limit;
    private boolean eof;
    private long line = 1;
    private State state = State.STATEMENTS;
    private String table;
    private List<String> statementColumns;
    private final StringBuilder raw = new StringBuilder();
    private boolean capturing;

    public SqlDumpParser(Reader in, SqlDialect dialect) {
        this.in = in;
        this.dialect = dialect;
    }

    private boolean started;
    private boolean midLine;

    /** The line the parser is on (1 is the first). */
    public long line() {
        return line;
    }

    /** Lines read so far, a last line without its line break included. */
    public long linesRead() {
        return line - 1 + (midLine ? 1 : 0);
    }

    /** The next table or row, or null at the end of the dump. */
    public Event next() {
        if (!started) {
            started = true;
            if (peek() == '\uFEFF') {
                read(); // a byte-order mark
            }
        }
        while (true) {
            switch (state) {
                case VALUES -> {
                    Row row = tuple();
                    if (row != null) {
                        return row;
                    }
                }
                case COPY -> {
                    Row row = copyLine();
                    if (row != null) {
                        return row;
                    }
                }
                case STATEMENTS -> {
                    skipSpaceAndComments();
                    int c = peek();
                    if (c < 0) {
                        return null;
                    }
                    if (c == '\\') {
                        skipLine(); // a psql meta-command (\connect, \restrict)
                        continue;
                    }
                    if (c == ';') {
                        read();
                        continue;
                    }
                    String word = word().toUpperCase(Locale.ROOT);
                    Event event = switch (word) {
                        case "DELIMITER" -> {
                            skipRoutines();
                            yield null;
                        }
                        case "INSERT", "REPLACE" -> insert();
                        case "CREATE" -> create();
                        case "COPY" -> copy();
                        default -> {
                            skipStatement();
                            yield null;
                        }
                    };
                    if (event != null) {
                        return event;
                    }
                }
            }
        }
    }

    // --- statements ---

    /** After INSERT: the table and its column list; then the rows are read one by one. */
    private Event insert() {
        String w;
        do {
            skipSpaceAndComments();
            w = peekIsWordStart() ? word().toUpperCase(Locale.ROOT) : "";
        } while (w.equals("IGNORE") || w.equals("LOW_PRIORITY") || w.equals("DELAYED") || w.equals("HIGH_PRIORITY"));
        if (!w.equals("INTO")) {
            skipStatement();
            return null;
        }
        long at = line;
        String name = tableName();
        skipSpaceAndComments();
        List<String> columns = peek() == '(' ? identifierList() : null;
        skipSpaceAndComments();
        String values = peekIsWordStart() ? word().toUpperCase(Locale.ROOT) : "";
        if (values.equals("OVERRIDING")) { // pg_dump --inserts of a GENERATED ALWAYS identity: OVERRIDING SYSTEM VALUE VALUES
            identifier();
            identifier();
            skipSpaceAndComments();
            values = peekIsWordStart() ? word().toUpperCase(Locale.ROOT) : "";
        }
        if (name == null) {
            skipStatement();
            return null;
        }
        if (!(values.equals("VALUES") || values.equals("VALUE"))) {
            // INSERT … SELECT, … SET a = …, … DEFAULT VALUES: rows this reader cannot see, said rather than skipped.
            raw.setLength(0);
            capturing = true;
            raw.append("INSERT INTO ").append(name).append(' ').append(values).append(' ');
            skipStatement();
            capturing = false;
            return new Row(name, columns, at, (int) (line - at + 1), null, "an INSERT without VALUES rows (" + values
                    + " …): its rows are not in the dump", raw.toString().strip());
        }
        table = name;
        statementColumns = columns;
        state = State.VALUES;
        return null;
    }

    /** CREATE TABLE name (column definitions…): the column names. Any other CREATE is skipped. */
    private Event create() {
        String w;
        do {
            skipSpaceAndComments();
            w = peekIsWordStart() ? word().toUpperCase(Locale.ROOT) : "";
        } while (w.equals("TEMPORARY") || w.equals("UNLOGGED") || w.equals("OR") || w.equals("REPLACE"));
        if (!w.equals("TABLE")) {
            skipStatement();
            return null;
        }
        skipSpaceAndComments();
        long at = line;
        String name = tableName();
        if ("if".equals(name)) {
            identifier(); // IF NOT EXISTS
            identifier();
            name = tableName();
        }
        skipSpaceAndComments();
        if (name == null || peek() != '(') {
            skipStatement(); // CREATE TABLE … AS SELECT, … PARTITION OF …
            return null;
        }
        read();
        List<String> names = new ArrayList<>();
        while (true) {
            skipSpaceAndComments();
            int c = peek();
            if (c < 0) {
                return null;
            }
            if (c == ')') {
                read();
                break;
            }
            boolean quoted = c == '`' || c == '"';
            String first = identifier();
            if (first != null && (quoted || !constraintWord(first, dialect))) {
                names.add(first);
            }
            if (skipDefinition()) {
                break;
            }
        }
        skipStatement();
        return new Columns(name, List.copyOf(names), at);
    }

    /** A table constraint's first word: mysqldump quotes every column name; pg_dump leaves non-reserved ones bare (key, index). */
    private static boolean constraintWord(String w, SqlDialect dialect) {
        return switch (w.toUpperCase(Locale.ROOT)) {
            case "PRIMARY", "UNIQUE", "CONSTRAINT", "FOREIGN", "CHECK", "LIKE" -> true;
            case "KEY", "INDEX", "FULLTEXT", "SPATIAL", "EXCLUDE", "PERIOD" -> dialect == SqlDialect.MYSQL;
            default -> false;
        };
    }

    /** Skips to the end of a column definition; true when it ended the list. */
    private boolean skipDefinition() {
        int depth = 0;
        while (true) {
            int c = peek();
            if (c < 0) {
                return true;
            }
            if (c == '\'' || c == '"' || c == '`') {
                read();
                skipQuoted((char) c, c == '\'' && dialect == SqlDialect.MYSQL);
                continue;
            }
            read();
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                if (depth == 0) {
                    return true;
                }
                depth--;
            } else if (c == ',' && depth == 0) {
                return false;
            }
        }
    }

    /** COPY name (columns) FROM stdin; then one row per line up to a line "\.". */
    private Event copy() {
        String name = tableName();
        skipSpaceAndComments();
        List<String> columns = peek() == '(' ? identifierList() : null;
        StringBuilder rest = new StringBuilder();
        while (true) {
            int c = read();
            if (c < 0 || c == ';') {
                break;
            }
            rest.append((char) c);
        }
        if (name == null || !rest.toString().toUpperCase(Locale.ROOT).replaceAll("\\s+", " ").contains("FROM STDIN")) {
            return null; // COPY … TO …, or from a file this dump does not hold
        }
        skipLine();
        table = name;
        statementColumns = columns;
        state = State.COPY;
        return null;
    }

    // --- rows ---

    /** The next row of an INSERT's VALUES, or null when the statement ends. */
    private Row tuple() {
        skipSpaceAndComments();
        int c = peek();
        if (c == ',') {
            read();
            skipSpaceAndComments();
            c = peek();
        }
        if (c < 0 || c == ';') {
            read();
            state = State.STATEMENTS;
            return null;
        }
        long start = line;
        raw.setLength(0);
        capturing = true;
        if (c != '(') {
            if (peekIsWordStart()) {
                String w = word();
                if (w.equalsIgnoreCase("ON") || w.equalsIgnoreCase("RETURNING") || w.equalsIgnoreCase("AS")) {
                    capturing = false;
                    skipStatement(); // ON DUPLICATE KEY UPDATE …, ON CONFLICT …, AS alias ON DUPLICATE …
                    state = State.STATEMENTS;
                    return null;
                }
            }
            while (peek() >= 0 && peek() != '(' && peek() != ';') {
                read(); // on to the next row, or the statement's end
            }
            return malformed(start, "text that is not a row where a row was expected");
        }
        read();
        List<String> values = new ArrayList<>();
        while (true) {
            skipSpaceAndComments();
            c = peek();
            if (c < 0) {
                state = State.STATEMENTS;
                return malformed(start, "the dump ends inside this row");
            }
            if (c == ')' && values.isEmpty()) {
                read();
                break;
            }
            String value = value();
            if (value == MALFORMED) {
                if (peek() < 0) {
                    state = State.STATEMENTS;
                    return malformed(start, "the dump ends inside this row");
                }
                skipToRowEnd();
                return malformed(start, "a value that cannot be read");
            }
            values.add(value);
            skipSpaceAndComments();
            c = read();
            if (c == ',') {
                continue;
            }
            if (c == ')') {
                break;
            }
            if (c < 0) {
                state = State.STATEMENTS;
                return malformed(start, "the dump ends inside this row");
            }
            skipToRowEnd();
            return malformed(start, "a value followed by '" + (char) c + "' instead of ',' or ')'");
        }
        capturing = false;
        return new Row(table, statementColumns, start, (int) (line - start + 1), values, null, null);
    }

    private Row malformed(long start, String problem) {
        capturing = false;
        String text = raw.toString().strip();
        return new Row(table, statementColumns, start, (int) Math.max(1, line - start + 1), null, problem, text);
    }

    /**
     * After a row that cannot be read: on to where the next row starts ({@code ),(}, left for the next row)
     * or the statement ends ({@code );}). Quotes are not trusted here — a broken row's quotes are what broke
     * it — so one bad row never takes the rows after it along.
     */
    private void skipToRowEnd() {
        while (true) {
            int c = read();
            if (c < 0) {
                state = State.STATEMENTS;
                return;
            }
            if (c == ')') {
                int after = peekAt(0) == ',' ? 1 : 0;
                if (after == 1 && nextNonSpaceIs('(')) {
                    return;
                }
                if (peekAt(0) == ';') {
                    return;
                }
            }
        }
    }

    /** Whether the first character after the one at pos (a comma) and any spaces is c, without consuming. */
    private boolean nextNonSpaceIs(char c) {
        for (int ahead = 1; ahead < 64; ahead++) {
            int d = peekAt(ahead);
            if (d < 0) {
                return false;
            }
            if (!Character.isWhitespace(d)) {
                return d == c;
            }
        }
        return false;
    }

    /** One value: a string, NULL, a number or keyword, a function call; a PostgreSQL cast (::type) is dropped. */
    private String value() {
        int c = peek();
        String value;
        if (c == '\'') {
            read();
            value = string('\'', dialect == SqlDialect.MYSQL);
        } else if (c == '"' && dialect == SqlDialect.MYSQL) {
            read();
            value = string('"', true);
        } else {
            StringBuilder token = new StringBuilder();
            while (true) {
                c = peek();
                if (c < 0 || c == ',' || c == ')' || c == '(' || c == '\'' || Character.isWhitespace(c)) {
                    break;
                }
                if (c == ':' && token.length() > 0) {
                    break;
                }
                token.append((char) read());
            }
            skipSpaceAndComments();
            c = peek();
            String t = token.toString();
            if (c == '\'' && stringPrefix(t)) {
                read();
                value = string('\'', dialect == SqlDialect.MYSQL || t.equalsIgnoreCase("E"));
            } else if (c == '(') {
                value = t + balanced();
            } else if (t.isEmpty()) {
                return MALFORMED;
            } else {
                value = t.equalsIgnoreCase("NULL") ? null : t;
            }
        }
        if (value == MALFORMED) {
            return value;
        }
        skipSpaceAndComments();
        if (peek() == ':') {
            read();
            if (peek() != ':') {
                return MALFORMED;
            }
            read();
            skipCast();
        }
        return value;
    }

    /** E'…', N'…', X'…', B'…', and MySQL's character set introducers (_utf8mb4'…', _binary '…'). */
    private static boolean stringPrefix(String t) {
        return t.equalsIgnoreCase("E") || t.equalsIgnoreCase("N") || t.equalsIgnoreCase("X") || t.equalsIgnoreCase("B")
                || (t.startsWith("_") && t.length() > 1);
    }

    /** A type after "::": up to the next ',' or ')' at this level (numeric(10,2), timestamp without time zone). */
    private void skipCast() {
        int depth = 0;
        while (true) {
            int c = peek();
            if (c < 0 || (depth == 0 && (c == ',' || c == ')'))) {
                return;
            }
            read();
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            }
        }
    }

    /** A parenthesised expression's text, parentheses included. */
    private String balanced() {
        StringBuilder sb = new StringBuilder();
        int depth = 0;
        while (true) {
            int c = read();
            if (c < 0) {
                return MALFORMED;
            }
            sb.append((char) c);
            if (c == '\'') {
                String s = string('\'', dialect == SqlDialect.MYSQL);
                if (s == MALFORMED) {
                    return s;
                }
                sb.append(s.replace("'", "''")).append('\'');
            } else if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
                if (depth == 0) {
                    return sb.toString();
                }
            }
        }
    }

    /** A quoted string's content, after its opening quote; a doubled quote is one quote. */
    private String string(char quote, boolean backslashEscapes) {
        StringBuilder sb = new StringBuilder();
        while (true) {
            int c = read();
            if (c < 0) {
                return MALFORMED;
            }
            if (c == quote) {
                if (peek() == quote) {
                    read();
                    sb.append(quote);
                    continue;
                }
                return sb.toString();
            }
            if (c == '\\' && backslashEscapes) {
                int e = read();
                if (e < 0) {
                    return MALFORMED;
                }
                if (dialect == SqlDialect.POSTGRESQL && (e == 'x' || e == 'u' || (e >= '0' && e <= '7'))) {
                    sb.append(postgresEscape(e));
                    continue;
                }
                switch (e) {
                    case 'n' -> sb.append('\n');
                    case 'r' -> sb.append('\r');
                    case 't' -> sb.append('\t');
                    case 'b' -> sb.append('\b');
                    case 'f' -> sb.append('\f');
                    case '0' -> sb.append('\0');
                    case 'Z' -> sb.append('\u001A');
                    case '%', '_' -> sb.append('\\').append((char) e); // MySQL keeps these for LIKE patterns
                    default -> sb.append((char) e);
                }
                continue;
            }
            sb.append((char) c);
        }
    }

    /** An E'…' string's \\xHH, \\ooo or \\uXXXX (the backslash and its letter or first digit read). */
    private String postgresEscape(int first) {
        int radix = first == 'x' ? 16 : first == 'u' ? 16 : 8;
        int max = first == 'x' ? 2 : first == 'u' ? 4 : 2;
        StringBuilder digits = new StringBuilder();
        if (radix == 8) {
            digits.append((char) first);
        }
        while (digits.length() < max + (radix == 8 ? 1 : 0) && peek() >= 0 && Character.digit(peek(), radix) >= 0) {
            digits.append((char) read());
        }
        if (digits.isEmpty()) {
            return String.valueOf((char) first);
        }
        return new String(Character.toChars(Integer.parseInt(digits.toString(), radix)));
    }

    /** One line of COPY data: tab-separated, \N for null, backslash escapes; "\." ends the data. */
    private Row copyLine() {
        long start = line;
        if (peek() < 0) {
            state = State.STATEMENTS;
            return null;
        }
        raw.setLength(0);
        capturing = true;
        List<String> values = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean isNull = false;
        boolean ended = false;
        while (true) {
            int c = read();
            if (c < 0 || c == '\n') {
                ended = c == '\n';
                break;
            }
            if (c == '\t') {
                values.add(isNull ? null : field.toString());
                field.setLength(0);
                isNull = false;
                continue;
            }
            if (c == '\\') {
                int e = read();
                if (e < 0 || e == '\n') {
                    ended = e == '\n';
                    break;
                }
                switch (e) {
                    case 'N' -> isNull = field.length() == 0;
                    case 'n' -> field.append('\n');
                    case 'r' -> field.append('\r');
                    case 't' -> field.append('\t');
                    case 'b' -> field.append('\b');
                    case 'f' -> field.append('\f');
                    case 'v' -> field.append('\u000B');
                    case '.' -> field.append("\\.");
                    default -> field.append((char) e);
                }
                continue;
            }
            field.append((char) c);
        }
        capturing = false;
        String text = raw.toString();
        if (text.equals("\\.\n") || text.equals("\\.") || text.equals("\\.\r\n")) {
            state = State.STATEMENTS;
            return null;
        }
        if (field.length() > 0 && field.charAt(field.length() - 1) == '\r') {
            field.setLength(field.length() - 1);
        }
        values.add(isNull ? null : field.toString());
        if (!ended) {
            state = State.STATEMENTS;
            if (text.isBlank()) {
                return null;
            }
            // No line break and no "\." after it: the file was cut inside this line.
            return new Row(table, statementColumns, start, 1, null, "the dump ends inside this row", text);
        }
        return new Row(table, statementColumns, start, 1, values, null, null);
    }

    // --- names ---

    /** A possibly schema-qualified table name, lower case, without its schema; null when there is none. */
    private String tableName() {
        skipSpaceAndComments();
        String name = identifier();
        while (name != null && peek() == '.') {
            read();
            name = identifier();
        }
        return name == null ? null : name.toLowerCase(Locale.ROOT);
    }

    /** A bare, `backquoted` or "double-quoted" identifier (lower case), or null. */
    private String identifier() {
        skipSpaceAndComments();
        int c = peek();
        if (c == '`' || c == '"') {
            read();
            String s = string((char) c, false);
            return s == MALFORMED ? null : s.toLowerCase(Locale.ROOT);
        }
        if (!peekIsWordStart()) {
            return null;
        }
        return word().toLowerCase(Locale.ROOT);
    }

    /** (a, b, c) */
    private List<String> identifierList() {
        read();
        List<String> names = new ArrayList<>();
        while (true) {
            String name = identifier();
            if (name == null) {
                break;
            }
            names.add(name);
            skipSpaceAndComments();
            if (peek() == ',') {
                read();
            } else {
                break;
            }
        }
        skipSpaceAndComments();
        if (peek() == ')') {
            read();
        }
        return List.copyOf(names);
    }

    private boolean peekIsWordStart() {
        int c = peek();
        return c >= 0 && (Character.isLetter(c) || c == '_');
    }

    private String word() {
        StringBuilder sb = new StringBuilder();
        while (true) {
            int c = peek();
            if (c < 0 || !(Character.isLetterOrDigit(c) || c == '_' || c == '$')) {
                return sb.toString();
            }
            sb.append((char) read());
        }
    }

    // --- skipping ---

    private void skipSpaceAndComments() {
        while (true) {
            int c = peek();
            if (c < 0) {
                return;
            }
            if (Character.isWhitespace(c)) {
                read();
            } else if (c == '-' && peekAt(1) == '-') {
                skipLine();
            } else if (c == '#' && dialect == SqlDialect.MYSQL && state == State.STATEMENTS) {
                skipLine();
            } else if (c == '/' && peekAt(1) == '*') {
                read();
                read();
                int previous = 0;
                while (true) {
                    int d = read();
                    if (d < 0 || (previous == '*' && d == '/')) {
                        break;
                    }
                    previous = d;
                }
            } else {
                return;
            }
        }
    }

    /** After DELIMITER: a block of routines under another delimiter, up to "DELIMITER ;" (their bodies hold no rows). */
    private void skipRoutines() {
        StringBuilder delimiter = new StringBuilder();
        while (true) {
            int c = read();
            if (c < 0 || c == '\n') {
                break;
            }
            delimiter.append((char) c);
        }
        if (delimiter.toString().strip().equals(";")) {
            return;
        }
        StringBuilder lineText = new StringBuilder();
        while (true) {
            int c = read();
            if (c < 0) {
                return;
            }
            if (c == '\n') {
                String l = lineText.toString().strip();
                if (l.regionMatches(true, 0, "DELIMITER", 0, 9) && l.substring(9).strip().equals(";")) {
                    return;
                }
                lineText.setLength(0);
            } else if (lineText.length() < 64) {
                lineText.append((char) c);
            }
        }
    }

    private void skipLine() {
        while (true) {
            int c = read();
            if (c < 0 || c == '\n') {
                return;
            }
        }
    }

    /** To the ';' that ends the statement, over strings, quoted names, comments and $tag$ bodies $tag$. */
    private void skipStatement() {
        while (true) {
            int c = peek();
            if (c < 0) {
                return;
            }
            if ((c == '-' && peekAt(1) == '-') || (c == '/' && peekAt(1) == '*')) {
                skipSpaceAndComments();
                continue;
            }
            read();
            if (c == ';') {
                return;
            }
            if (c == '\'' || c == '"' || c == '`') {
                skipQuoted((char) c, c == '\'' && dialect == SqlDialect.MYSQL);
            } else if (c == '$' && dialect == SqlDialect.POSTGRESQL) {
                skipDollarQuoted();
            }
        }
    }

    private void skipQuoted(char quote, boolean backslashEscapes) {
        while (true) {
            int c = read();
            if (c < 0) {
                return;
            }
            if (c == '\\' && backslashEscapes) {
                read();
            } else if (c == quote) {
                if (peek() == quote) {
                    read();
                } else {
                    return;
                }
            }
        }
    }

    /** After a '$': a $tag$ … $tag$ body (a function's), or a lone '$'. */
    private void skipDollarQuoted() {
        StringBuilder tag = new StringBuilder("$");
        while (true) {
            int c = peek();
            if (c == '$') {
                read();
                tag.append('$');
                break;
            }
            if (c < 0 || !(Character.isLetterOrDigit(c) || c == '_')) {
                return; // $1, or a '$' in a name
            }
            tag.append((char) read());
        }
        String end = tag.toString();
        int matched = 0;
        while (matched < end.length()) {
            int c = read();
            if (c < 0) {
                return;
            }
            matched = c == end.charAt(matched) ? matched + 1 : (c == '$' ? 1 : 0);
        }
    }

    // --- characters ---

    private int peek() {
        if (pos == limit && !fill()) {
            return -1;
        }
        return buffer[pos];
    }

    private int peekAt(int ahead) {
        if (pos + ahead >= limit) {
            compactAndFill(ahead + 1);
        }
        return pos + ahead < limit ? buffer[pos + ahead] : -1;
    }

    private int read() {
        if (pos == limit && !fill()) {
            return -1;
        }
        char c = buffer[pos++];
        if (c == '\n') {
            line++;
        }
        midLine = c != '\n';
        if (capturing && raw.length() < TEXT_LIMIT) {
            raw.append(c);
        }
        return c;
    }

    private boolean fill() {
        if (eof) {
            return false;
        }
        try {
            int n = in.read(buffer, 0, buffer.length);
            if (n < 0) {
                eof = true;
                return false;
            }
            pos = 0;
            limit = n;
            return n > 0 || fill();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void compactAndFill(int wanted) {
        if (eof) {
            return;
        }
        System.arraycopy(buffer, pos, buffer, 0, limit - pos);
        limit -= pos;
        pos = 0;
        try {
            while (limit < wanted) {
                int n = in.read(buffer, limit, buffer.length - limit);
                if (n < 0) {
                    eof = true;
                    return;
                }
                limit += n;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
