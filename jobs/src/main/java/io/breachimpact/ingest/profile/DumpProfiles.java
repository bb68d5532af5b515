package io.breachimpact.ingest.profile;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.breachimpact.error.BreachImpactException;
import io.breachimpact.model.DocumentType;
import io.breachimpact.model.DumpColumns;

import java.io.File;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads and validates dump profiles. Every mistake is reported with the file, the line and the key:
 * an unknown key (with the allowed ones), an unknown canonical field, a date pattern that is not one,
 * a document type that does not exist.
 */
public final class DumpProfiles {
    private DumpProfiles() {
    }

    /** The generator's layout, bundled in the jar (and in {@code conf/dumps/}). */
    public static final String DEFAULT_RESOURCE = "breach-impact-defaults/dumps/agency-csv.conf";

    private static final Set<String> TOP = Set.of("name", "description", "format", "encoding", "repair-encoding", "delimited", "jsonl",
            "sql", "fields", "ignored-columns");
    private static final Set<String> SQL = Set.of("dialect", "records", "join", "ignored-tables", "columns");
    private static final Set<String> SQL_JOIN = Set.of("table", "key", "on");
    private static final Set<String> JSONL = Set.of("records");
    private static final Set<String> DELIMITED = Set.of("delimiter", "quote", "escape", "header", "columns");
    private static final Set<String> FIELD = Set.of("column", "columns", "separator", "date-formats", "values", "name-part");

    public static DumpProfile defaultProfile() {
        Config config = ConfigFactory.parseResources(DumpProfiles.class.getClassLoader(), DEFAULT_RESOURCE,
                ConfigParseOptions.defaults().setSyntax(ConfigSyntax.CONF).setAllowMissing(false));
        return from(config);
    }

    public static DumpProfile read(File file) {
        if (!file.isFile() || !file.canRead()) {
            throw BreachImpactException.config("dump profile not found or not readable: " + file.getPath());
        }
        try {
            return from(ConfigFactory.parseFile(file, ConfigParseOptions.defaults().setSyntax(ConfigSyntax.CONF).setAllowMissing(false)));
        } catch (ConfigException e) {
            throw BreachImpactException.config("cannot parse the dump profile " + file.getPath() + ": " + e.getMessage());
        }
    }

    /** The default when none is given, else the file. */
    public static DumpProfile fromOption(String file) {
        return file == null ? defaultProfile() : read(new File(file));
    }

    static DumpProfile from(Config c) {
        try {
            return parse(c);
        } catch (ConfigException.Missing e) {
            throw BreachImpactException.config("dump profile: " + e.getMessage());
        } catch (ConfigException e) {
            throw BreachImpactException.config("dump profile: " + e.getMessage());
        }
    }

    private static DumpProfile parse(Config c) {
        onlyKeys(c.root(), TOP, "the dump profile");
        String name = c.getString("name");
        String formatName = c.hasPath("format") ? c.getString("format") : "delimited";
        DumpProfile.Format format = switch (formatName) {
            case "delimited" -> DumpProfile.Format.DELIMITED;
            case "jsonl" -> DumpProfile.Format.JSONL;
            case "sql" -> DumpProfile.Format.SQL;
            case "parquet" -> DumpProfile.Format.PARQUET;
            default -> throw invalid(c, "format", "must be 'delimited' (CSV, semicolons, tabs…), 'jsonl' (JSON Lines), 'sql' "
                    + "(mysqldump, pg_dump) or 'parquet', got '" + formatName + "'");
        };
        if (format != DumpProfile.Format.DELIMITED && c.hasPath("delimited")) {
            throw invalid(c, "delimited", "applies to delimited text, not to format = " + formatName);
        }
        if (format != DumpProfile.Format.JSONL && c.hasPath("jsonl")) {
            throw invalid(c, "jsonl", "applies to format = jsonl");
        }
        if (format != DumpProfile.Format.SQL && c.hasPath("sql")) {
            throw invalid(c, "sql", "applies to format = sql");
        }
        if (format == DumpProfile.Format.PARQUET && (c.hasPath("encoding") || c.hasPath("repair-encoding"))) {
            throw invalid(c, c.hasPath("encoding") ? "encoding" : "repair-encoding", "applies to text, not to Parquet (its strings are UTF-8)");
        }
        if (format == DumpProfile.Format.SQL && c.hasPath("repair-encoding") && c.getBoolean("repair-encoding")) {
            throw invalid(c, "repair-encoding", "applies to line-based text, not to an SQL dump (its rows span lines)");
        }
        String recordsPath = null;
        if (c.hasPath("jsonl")) {
            onlyKeys(c.getObject("jsonl"), JSONL, "jsonl");
            recordsPath = c.hasPath("jsonl.records") ? c.getString("jsonl.records").strip().toLowerCase(Locale.ROOT) : null;
        }
        Charset encoding = charset(c);
        if (format == DumpProfile.Format.JSONL && !encoding.equals(StandardCharsets.UTF_8)) {
            throw invalid(c, "encoding", "must be UTF-8 for JSON Lines (JSON is UTF-8), got " + encoding.name());
        }
        boolean repair = !c.hasPath("repair-encoding") || c.getBoolean("repair-encoding");
        if (repair && !encoding.equals(StandardCharsets.UTF_8) && c.hasPath("repair-encoding")) {
            throw invalid(c, "repair-encoding", "applies to UTF-8 files only (a " + encoding.name() + " file has no invalid lines to repair)");
        }
        Config d = c.hasPath("delimited") ? c.getConfig("delimited") : ConfigFactory.empty();
        if (c.hasPath("delimited")) {
            onlyKeys(c.getObject("delimited"), DELIMITED, "delimited");
        }
        char delimiter = oneChar(d, "delimited.delimiter", d.hasPath("delimiter") ? d.getString("delimiter") : ",", c);
        char quote = oneChar(d, "delimited.quote", d.hasPath("quote") ? d.getString("quote") : "\"", c);
        Character escape = d.hasPath("escape") && !d.getString("escape").isEmpty()
                ? oneChar(d, "delimited.escape", d.getString("escape"), c) : null;
        boolean header = !d.hasPath("header") || d.getBoolean("header");
        List<String> columns = d.hasPath("columns") ? lower(d.getStringList("columns")) : List.of();
        if (!header && columns.isEmpty()) {
            throw invalid(c, "delimited.header", "is false: then delimited.columns must name the columns in file order");
        }
        if (header && !columns.isEmpty()) {
            throw invalid(c, "delimited.columns", "names the columns of a file without a header line: set delimited.header = false");
        }
        Set<String> ignored = c.hasPath("ignored-columns") ? new LinkedHashSet<>(lower(c.getStringList("ignored-columns"))) : Set.of();
        Map<String, FieldSource> fields = fields(c);
        if (!columns.isEmpty()) {
            List<String> unknown = new ArrayList<>();
            fields.values().forEach(f -> f.columns().stream().filter(col -> !columns.contains(col)).forEach(unknown::add));
            if (!unknown.isEmpty()) {
                throw invalid(c, "fields", "reads column(s) " + unknown + " that delimited.columns does not list");
            }
        }
        String recordsPrefix = recordsPath + ".";
        if (recordsPath != null && !fields.get("record_id").columns().stream().allMatch(col -> col.startsWith(recordsPrefix))) {
            throw invalid(c, "fields.record_id", "must be read inside jsonl.records (" + recordsPath + ".…): each element of the array "
                    + "is one record and needs its own id");
        }
        if (format == DumpProfile.Format.DELIMITED) {
            checkDialect(c, delimiter, quote, escape);
        }
        SqlTables sql = format == DumpProfile.Format.SQL ? sqlTables(c, fields) : null;
        boolean lineRepair = repair && encoding.equals(StandardCharsets.UTF_8) && (format == DumpProfile.Format.DELIMITED
                || format == DumpProfile.Format.JSONL);
        return new DumpProfile(name, format, encoding.name(), lineRepair, delimiter,
                quote, escape, format == DumpProfile.Format.DELIMITED && header, columns, ignored, fields, recordsPath, fingerprint(c), sql);
    }

    /** The sql block: the records table, the table joined to it, and every field read as table.column from one of them. */
    private static SqlTables sqlTables(Config c, Map<String, FieldSource> fields) {
        if (!c.hasPath("sql")) {
            throw invalid(c, "format", "is sql: then the sql block must name the dialect and the records table");
        }
        onlyKeys(c.getObject("sql"), SQL, "sql");
        Config s = c.getConfig("sql");
        String dialectName = s.hasPath("dialect") ? s.getString("dialect") : "";
        io.breachimpact.ingest.sql.SqlDialect dialect;
        try {
            dialect = io.breachimpact.ingest.sql.SqlDialect.fromName(dialectName);
        } catch (IllegalArgumentException e) {
            throw invalid(c, s.hasPath("dialect") ? "sql.dialect" : "sql", "must say whose dump it is: dialect = mysql (mysqldump, "
                    + "MariaDB) or postgresql (pg_dump); got '" + dialectName + "'");
        }
        if (!s.hasPath("records")) {
            throw invalid(c, "sql", "must name the table whose rows are the records: records = …");
        }
        String records = s.getString("records").strip().toLowerCase(Locale.ROOT);
        String joined = null;
        String key = null;
        String on = null;
        if (s.hasPath("join")) {
            onlyKeys(s.getObject("join"), SQL_JOIN, "sql.join");
            for (String k : List.of("table", "key", "on")) {
                if (!s.hasPath("join." + k)) {
                    throw invalid(c, "sql.join", "needs table (the joined table), key (its key column) and on (the records' column "
                            + "holding that key); '" + k + "' is missing");
                }
            }
            joined = s.getString("join.table").strip().toLowerCase(Locale.ROOT);
            key = s.getString("join.key").strip().toLowerCase(Locale.ROOT);
            on = s.getString("join.on").strip().toLowerCase(Locale.ROOT);
            if (joined.equals(records)) {
                throw invalid(c, "sql.join.table", "is the records table itself");
            }
        }
        Set<String> ignoredTables = s.hasPath("ignored-tables") ? new LinkedHashSet<>(lower(s.getStringList("ignored-tables"))) : Set.of();
        if (ignoredTables.contains(records) || (joined != null && ignoredTables.contains(joined))) {
            throw invalid(c, "sql.ignored-tables", "lists a table the profile reads");
        }
        Map<String, List<String>> tableColumns = new LinkedHashMap<>();
        if (s.hasPath("columns")) {
            for (Map.Entry<String, ConfigValue> e : s.getObject("columns").entrySet()) {
                String table = e.getKey().strip().toLowerCase(Locale.ROOT);
                if (!table.equals(records) && !table.equals(joined)) {
                    throw invalid(c, "sql.columns", "names the columns of '" + table + "', a table the profile does not read");
                }
                tableColumns.put(table, lower(s.getStringList("columns." + e.getKey())));
            }
        }
        List<String> outside = new ArrayList<>();
        for (Map.Entry<String, FieldSource> f : fields.entrySet()) {
            for (String column : f.getValue().columns()) {
                int dot = column.indexOf('.');
                String table = dot < 0 ? "" : column.substring(0, dot);
                boolean known = table.equals(records) || table.equals(joined);
                List<String> listed = tableColumns.get(table);
                if (!known || (listed != null && !listed.contains(column.substring(dot + 1)))) {
                    outside.add(f.getKey() + " = " + column);
                }
            }
        }
        if (!outside.isEmpty()) {
            throw invalid(c, "fields", "must read table.column from " + records + (joined == null ? "" : " or " + joined)
                    + " (and a column sql.columns lists, when it lists them): " + outside);
        }
        if (!fields.get("record_id").columns().stream().allMatch(col -> col.startsWith(records + "."))) {
            throw invalid(c, "fields.record_id", "must be read from the records table (" + records + ".…): each of its rows is one record");
        }
        return new SqlTables(dialect, records, joined, key, on, ignoredTables, tableColumns);
    }

    private static Map<String, FieldSource> fields(Config c) {
        if (!c.hasPath("fields")) {
            throw BreachImpactException.config("dump profile (" + c.origin().description() + "): 'fields' is missing: say where "
                    + "each field comes from, at least record_id");
        }
        ConfigObject fields = c.getObject("fields");
        Map<String, FieldSource> result = new LinkedHashMap<>();
        for (Map.Entry<String, ConfigValue> e : fields.entrySet()) {
            String field = e.getKey();
            String where = e.getValue().origin().description();
            if (!DumpColumns.HEADER.contains(field)) {
                throw BreachImpactException.config("dump profile: unknown field '" + field + "' at " + where + ": the fields are "
                        + DumpColumns.HEADER);
            }
            result.put(field, source(field, e.getValue(), where));
        }
        if (!result.containsKey("record_id")) {
            throw BreachImpactException.config("dump profile (" + fields.origin().description() + "): fields.record_id is missing: "
                    + "every record needs its id");
        }
        Map<String, FieldSource> ordered = new LinkedHashMap<>();
        DumpColumns.HEADER.stream().filter(result::containsKey).forEach(f -> ordered.put(f, result.get(f)));
        return ordered;
    }

    private static FieldSource source(String field, ConfigValue value, String where) {
        if (value.valueType() == ConfigValueType.STRING) {
            return FieldSource.column(((String) value.unwrapped()).strip().toLowerCase(Locale.ROOT));
        }
        if (value.valueType() != ConfigValueType.OBJECT) {
            throw BreachImpactException.config("dump profile: fields." + field + " at " + where
                    + " must be a column name or an object { column = …, … }");
        }
        ConfigObject object = (ConfigObject) value;
        onlyKeys(object, FIELD, "fields." + field);
        Config f = object.toConfig();
        List<String> columns;
        if (f.hasPath("column") == f.hasPath("columns")) {
            throw BreachImpactException.config("dump profile: fields." + field + " at " + where + " needs exactly one of 'column' or 'columns'");
        }
        columns = f.hasPath("column") ? List.of(f.getString("column").strip().toLowerCase(Locale.ROOT)) : lower(f.getStringList("columns"));
        String separator = f.hasPath("separator") ? f.getString("separator") : " ";
        List<String> dateFormats = f.hasPath("date-formats") ? f.getStringList("date-formats") : List.of();
        for (String pattern : dateFormats) {
            try {
                FieldSource.formatter(pattern);
            } catch (IllegalArgumentException e) {
                throw BreachImpactException.config("dump profile: fields." + field + ".date-formats at "
                        + f.getValue("date-formats").origin().description() + ": '" + pattern + "' is not a date pattern (" + e.getMessage() + ")");
            }
        }
        Map<String, String> values = new LinkedHashMap<>();
        if (f.hasPath("values")) {
            for (Map.Entry<String, ConfigValue> v : f.getObject("values").entrySet()) {
                String target = String.valueOf(v.getValue().unwrapped());
                if (field.equals("document_type")) {
                    target = documentCode(target, "fields." + field + ".values." + v.getKey() + " at " + v.getValue().origin().description());
                }
                values.put(v.getKey().strip().toLowerCase(Locale.ROOT), target);
            }
        }
        FieldSource.NamePart part = null;
        if (f.hasPath("name-part")) {
            part = namePart(field, f.getString("name-part"), f.getValue("name-part").origin().description());
        }
        return new FieldSource(columns, separator, dateFormats, values, part);
    }

    /** A document type named as the configuration names it (passport…), by its enum name or its dump code. */
    private static String documentCode(String target, String where) {
        for (DocumentType t : DocumentType.values()) {
            if (t.name().equalsIgnoreCase(target) || t.configName().equalsIgnoreCase(target) || t.dumpCode().equalsIgnoreCase(target)) {
                return t.dumpCode();
            }
        }
        List<String> names = new ArrayList<>();
        for (DocumentType t : DocumentType.values()) {
            names.add(t.configName());
        }
        throw BreachImpactException.config("dump profile: " + where + ": '" + target + "' is not a document type; one of " + names);
    }

    private static FieldSource.NamePart namePart(String field, String order, String where) {
        boolean surnameFirst = switch (order) {
            case "surname-first" -> true;
            case "given-names-first" -> false;
            default -> throw BreachImpactException.config("dump profile: fields." + field + ".name-part at " + where
                    + " must be 'surname-first' or 'given-names-first' (how the full name is written), got '" + order + "'");
        };
        return switch (field) {
            case "surname" -> surnameFirst ? FieldSource.NamePart.SURNAME_FIRST_SURNAME : FieldSource.NamePart.GIVEN_FIRST_SURNAME;
            case "given_names" -> surnameFirst ? FieldSource.NamePart.SURNAME_FIRST_GIVEN_NAMES : FieldSource.NamePart.GIVEN_FIRST_GIVEN_NAMES;
            default -> throw BreachImpactException.config("dump profile: fields." + field + ".name-part at " + where
                    + ": only surname and given_names are parts of a full name");
        };
    }

    private static Charset charset(Config c) {
        String name = c.hasPath("encoding") ? c.getString("encoding") : "UTF-8";
        try {
            Charset charset = Charset.forName(name);
            if (charset.name().equals("ISO-8859-1")) {
                return Charset.forName("windows-1252"); // what "Latin-1" means in practice: it also has œ, Œ and €
            }
            return charset;
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            throw invalid(c, "encoding", "is not an encoding this Java knows: '" + name + "' (UTF-8, windows-1252, UTF-16…)");
        }
    }

    /** Characters that cannot serve together: refused here, with the key, rather than by the parser in a task. */
    private static void checkDialect(Config c, char delimiter, char quote, Character escape) {
        if (delimiter == quote) {
            throw invalid(c, "delimited.quote", "is the delimiter too");
        }
        if (delimiter == '\n' || delimiter == '\r' || quote == '\n' || quote == '\r') {
            throw invalid(c, "delimited.delimiter", "cannot be a line break");
        }
        if (escape != null && (escape == delimiter || escape == quote || escape == '\n' || escape == '\r')) {
            throw invalid(c, "delimited.escape", "must differ from the delimiter, the quote and line breaks");
        }
    }

    private static char oneChar(Config d, String key, String value, Config top) {
        String v = value.equals("\\t") || value.equalsIgnoreCase("tab") ? "\t" : value;
        if (v.length() != 1) {
            throw invalid(top, key, "must be one character, got '" + value + "'");
        }
        return v.charAt(0);
    }

    private static List<String> lower(List<String> names) {
        return names.stream().map(n -> n.strip().toLowerCase(Locale.ROOT)).toList();
    }

    private static void onlyKeys(ConfigObject object, Set<String> allowed, String what) {
        for (Map.Entry<String, ConfigValue> e : object.entrySet()) {
            if (!allowed.contains(e.getKey())) {
                throw BreachImpactException.config("dump profile: unknown key '" + e.getKey() + "' in " + what + " at "
                        + e.getValue().origin().description() + ": allowed are " + new TreeSet<>(allowed));
            }
        }
    }

    private static BreachImpactException invalid(Config c, String key, String problem) {
        String where = c.hasPath(key) ? c.getValue(key).origin().description() : c.origin().description();
        return BreachImpactException.config("dump profile: '" + key + "' (" + where + ") " + problem);
    }

    private static String fingerprint(Config c) {
        try {
            // What changes how the files are read: not the profile's name or description.
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(c.withoutPath("name").withoutPath("description").root()
                    .render(ConfigRenderOptions.concise().setJson(true)).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
