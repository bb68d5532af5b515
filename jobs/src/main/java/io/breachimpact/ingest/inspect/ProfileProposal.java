package io.breachimpact.ingest.inspect;

import com.typesafe.config.ConfigUtil;
import io.breachimpact.model.DocumentType;
import io.breachimpact.model.DumpColumns;

import java.text.Normalizer;
import java.time.Year;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A dump profile proposed from what {@link DumpInspector} found: each column's field (by its name, else
 * by the shape of its values), date formats, a value map for document types written in words, and the
 * columns nobody recognised, left for the user to map or ignore. Rendered as a table of shapes and as
 * the profile's HOCON text.
 */
public final class ProfileProposal {
    /** A join's key column: read by the join, not a field. */
    private static final String KEY = "(join key)";
    private final DumpInspector.Findings findings;
    /** Column index → its field (canonical, or FieldGuess's full name, street number, nothing), or null. */
    private final String[] fields;
    private final String[] why;

    private ProfileProposal(DumpInspector.Findings findings) {
        this.findings = findings;
        int n = findings.columns().size();
        this.fields = new String[n];
        this.why = new String[n];
        guess();
    }

    public static ProfileProposal of(DumpInspector.Findings findings) {
        return new ProfileProposal(findings);
    }

    private void guess() {
        List<ColumnStats> columns = findings.columns();
        Structure structure = findings.structure();
        for (int c = 0; c < columns.size(); c++) {
            String name = columns.get(c).name;
            if (structure.keyColumns().contains(name)) {
                fields[c] = KEY;
                why[c] = "join";
                continue;
            }
            String field = !findings.header() ? null
                    : structure.format() == io.breachimpact.ingest.profile.DumpProfile.Format.DELIMITED ? FieldGuess.byName(name)
                    : FieldGuess.byPath(name);
            if ("record_id".equals(field) && !structure.recordLevel(name)) {
                field = null; // an account's own id: each record needs its own
            }
            if (field != null && (field.equals(FieldGuess.NOTHING) || !taken(field))) {
                fields[c] = field;
                why[c] = "name";
            }
        }
        for (int c = 0; c < columns.size(); c++) {
            if (fields[c] != null) {
                continue;
            }
            String field = byValues(columns.get(c));
            if ("record_id".equals(field) && !structure.recordLevel(columns.get(c).name)) {
                field = null;
            }
            if (field != null && !taken(field)) {
                fields[c] = field;
                why[c] = "values";
            }
        }
        if (taken(FieldGuess.FULL_NAME) && (taken("surname") || taken("given_names"))) {
            for (int c = 0; c < fields.length; c++) {
                if (FieldGuess.FULL_NAME.equals(fields[c])) {
                    fields[c] = null; // the names are also in their own columns: those are read
                }
            }
        }
    }

    private boolean taken(String field) {
        for (String f : fields) {
            if (field.equals(f)) {
                return true;
            }
        }
        return false;
    }

    private String byValues(ColumnStats s) {
        if (s.present() == 0) {
            return null;
        }
        if (s.share(s.emails) >= 0.8) {
            return "email";
        }
        String date = s.dateFormat();
        if (date != null) {
            return s.meanYear(date) < Year.now().getValue() - 25 ? "birth_date" : "request_date";
        }
        if (s.share(s.postalCodes) >= 0.8) {
            return "postal_code";
        }
        if (s.share(s.phones) >= 0.8) {
            return "phone";
        }
        if (s.distinct != null && s.distinct.size() <= 12 && documentWords(s) * 2 >= s.present()) {
            return "document_type";
        }
        if (s.allDistinct && s.empty == 0 && !taken("record_id")) {
            return "record_id";
        }
        return null;
    }

    private static long documentWords(ColumnStats s) {
        return s.distinct.entrySet().stream().filter(e -> documentType(e.getKey()).isPresent()).mapToLong(Map.Entry::getValue).sum();
    }

    /**
     * Document types as exports name them, French and English. A value is recognised only when it is one
     * of these words exactly (accents, case, punctuation aside): it is then written into the profile, and
     * nothing else of the file ever is.
     */
    private static final Map<String, DocumentType> DOCUMENT_WORDS = documentWords();

    private static Map<String, DocumentType> documentWords() {
        Map<String, DocumentType> m = new LinkedHashMap<>();
        for (String w : List.of("passeport", "passport", "passeport biometrique", "passeport electronique")) {
            m.put(w, DocumentType.PASSPORT);
        }
        for (String w : List.of("cni", "carte nationale d identite", "carte d identite", "carte nationale", "carte identite",
                "national id card", "identity card", "id card", "national identity card")) {
            m.put(w, DocumentType.NATIONAL_ID_CARD);
        }
        for (String w : List.of("permis", "permis de conduire", "permis conduire", "driving licence", "driving license",
                "driver s license", "drivers license")) {
            m.put(w, DocumentType.DRIVING_LICENCE);
        }
        for (String w : List.of("titre de sejour", "titre sejour", "carte de sejour", "residence permit", "permis de sejour")) {
            m.put(w, DocumentType.RESIDENCE_PERMIT);
        }
        for (DocumentType t : DocumentType.values()) {
            m.put(key(t.dumpCode()), t);
            m.put(key(t.name()), t);
        }
        return m;
    }

    private static String key(String value) {
        return Normalizer.normalize(value, Normalizer.Form.NFD).replaceAll("\\p{M}+", "").toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z]+", " ").strip();
    }

    static Optional<DocumentType> documentType(String value) {
        if (value.chars().anyMatch(Character::isDigit) || value.length() > 40) {
            return Optional.empty();
        }
        return Optional.ofNullable(DOCUMENT_WORDS.get(key(value)));
    }

    /** The share of a column's non-empty values that its field would flag, or null when not judged. */
    private Double malformed(int c) {
        ColumnStats s = findings.columns().get(c);
        String f = fields[c];
        if (f == null || s.present() == 0) {
            return null;
        }
        return switch (f) {
            case "email" -> 1 - s.share(s.emails);
            case "phone" -> 1 - s.share(s.phones);
            case "postal_code" -> 1 - s.share(s.postalCodes);
            case "birth_date", "request_date" -> {
                String format = dateFormatOf(s);
                yield 1 - s.share(s.datesByFormat.get(format));
            }
            default -> null;
        };
    }

    private static String dateFormatOf(ColumnStats s) {
        String format = s.dateFormat();
        if (format != null) {
            return format;
        }
        return s.datesByFormat.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse("yyyy-MM-dd");
    }

    /** The table an analyst reads: per column, its guessed field, empties, malformed values and shapes. */
    public String summary() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "Inspected %d file(s): %,d bytes sampled, %,d records%n", findings.files().size(),
                findings.sampledBytes(), findings.rows()));
        sb.append(formatLine()).append("\n\n");
        sb.append(String.format(Locale.ROOT, "  %-24s %-16s %-7s %7s %10s  %s%n", "column", "field", "by", "empty", "malformed",
                "shapes (share of non-empty values)"));
        for (int c = 0; c < fields.length; c++) {
            ColumnStats s = findings.columns().get(c);
            Double bad = malformed(c);
            StringBuilder shapes = new StringBuilder();
            s.topShapes(3).forEach((shape, share) -> shapes.append(shapes.length() == 0 ? "" : ", ")
                    .append(shape).append(String.format(Locale.ROOT, " (%.0f%%)", share * 100)));
            sb.append(String.format(Locale.ROOT, "  %-24s %-16s %-7s %6.1f%% %10s  %s%n", cut(s.name, 24),
                    fields[c] == null ? "?" : fields[c], why[c] == null ? "" : why[c], s.values == 0 ? 0.0 : 100.0 * s.empty / s.values,
                    bad == null ? "—" : String.format(Locale.ROOT, "%.1f%%", bad * 100), shapes));
        }
        List<String> missing = new ArrayList<>();
        for (String f : DumpColumns.HEADER) {
            if (!taken(f) && !(taken(FieldGuess.FULL_NAME) && (f.equals("surname") || f.equals("given_names")))) {
                missing.add(f);
            }
        }
        sb.append("\nFields the dump does not seem to have: ").append(missing.isEmpty() ? "none" : String.join(", ", missing))
                .append(missing.isEmpty() ? "" : " (nobody's data of these kinds is counted as exposed)").append('\n');
        long unknown = java.util.Arrays.stream(fields).filter(java.util.Objects::isNull).count();
        if (unknown > 0) {
            sb.append(unknown).append(" column(s) not recognised ('?'): the profile lists them in ignored-columns; map any that holds "
                    + "personal data before ingesting.\n");
        }
        return sb.toString();
    }

    private String formatLine() {
        Structure st = findings.structure();
        String encoding = "encoding " + findings.encoding() + " (" + findings.encodingReason() + ")";
        return switch (st.format()) {
            case JSONL -> "Format: JSON Lines; " + encoding + "; " + (st.recordsPath() == null ? "one record per line"
                    : "records in the array " + st.recordsPath() + " (each element one record, with its line's fields)") + "; "
                    + findings.columns().size() + " paths";
            case SQL -> "Format: SQL dump (" + st.dialect().name().toLowerCase(Locale.ROOT) + "); " + encoding + "; records: the rows of "
                    + st.recordsTable() + (st.joinedTable() == null ? "" : ", joined to " + st.joinedTable() + " on " + st.recordsTable()
                    + "." + st.joinOn() + " = " + st.joinedTable() + "." + st.joinKey())
                    + (st.otherTables().isEmpty() ? "" : "; other tables (ignored, review): " + st.otherTables());
            default -> "Format: delimited text; " + encoding + "; delimiter " + printable(findings.dialect().delimiter()) + "; header line: "
                    + (findings.header() ? "yes" : "not recognised (columns numbered: if the first line names them, set "
                    + "delimited.header = true and map its names)") + "; " + findings.columns().size() + " columns";
        };
    }

    /** The proposal as a profile file, to edit and pass to {@code ingest --dump-profile}. */
    public String profile(String name) {
        StringBuilder sb = new StringBuilder();
        sb.append("# Proposed by `breach-impact inspect` from ").append(findings.files().size()).append(" file(s). Review it: every\n")
                .append("# guess below is from column names and value shapes, never from a person's values.\n");
        sb.append("name = ").append(ConfigUtil.quoteString(name)).append('\n');
        Structure st = findings.structure();
        switch (st.format()) {
            case JSONL -> {
                sb.append("format = jsonl\nencoding = UTF-8\nrepair-encoding = true\n");
                if (st.recordsPath() != null) {
                    sb.append("jsonl {\n  records = ").append(ConfigUtil.quoteString(st.recordsPath())).append("\n}\n");
                }
            }
            case SQL -> {
                sb.append("format = sql\nencoding = ").append(findings.encoding()).append('\n');
                sb.append("sql {\n  dialect = ").append(st.dialect().name().toLowerCase(Locale.ROOT)).append("\n  records = ")
                        .append(ConfigUtil.quoteString(st.recordsTable())).append('\n');
                if (st.joinedTable() != null) {
                    sb.append("  join { table = ").append(ConfigUtil.quoteString(st.joinedTable())).append(", key = ")
                            .append(ConfigUtil.quoteString(st.joinKey())).append(", on = ").append(ConfigUtil.quoteString(st.joinOn()))
                            .append(" }\n");
                }
                sb.append("  ignored-tables = [").append(String.join(", ", st.otherTables().stream().map(ConfigUtil::quoteString).toList()))
                        .append("]").append(st.otherTables().isEmpty() ? "" : "  # review: rows that are not records?").append("\n}\n");
            }
            default -> {
                sb.append("format = delimited\n");
                sb.append("encoding = ").append(findings.encoding()).append('\n');
                if (findings.encoding().equals("UTF-8")) {
                    sb.append("repair-encoding = true\n");
                }
                sb.append("delimited {\n  delimiter = ").append(ConfigUtil.quoteString(String.valueOf(findings.dialect().delimiter())))
                        .append("\n  quote = ").append(ConfigUtil.quoteString(String.valueOf(findings.dialect().quote())))
                        .append("\n  header = ").append(findings.header()).append('\n');
                if (!findings.header()) {
                    sb.append("  columns = [").append(String.join(", ", findings.columns().stream().map(s -> s.name).toList())).append("]\n");
                }
                sb.append("}\n");
            }
        }
        List<String> ignored = new ArrayList<>();
        for (int c = 0; c < fields.length; c++) {
            if (KEY.equals(fields[c])) {
                continue;
            }
            if (fields[c] == null || fields[c].equals(FieldGuess.NOTHING)) {
                ignored.add(ConfigUtil.quoteString(findings.columns().get(c).name) + (fields[c] == null ? "  # not recognised: review" : ""));
            }
        }
        sb.append("ignored-columns = [").append(ignored.isEmpty() ? "" : "\n  " + String.join("\n  ", ignored) + "\n").append("]\n");
        sb.append("fields {\n");
        Map<String, String> lines = new LinkedHashMap<>();
        int number = indexOf(FieldGuess.STREET_NUMBER);
        for (int c = 0; c < fields.length; c++) {
            String f = fields[c];
            String column = ConfigUtil.quoteString(findings.columns().get(c).name);
            if (f == null || f.equals(FieldGuess.NOTHING) || f.equals(FieldGuess.STREET_NUMBER) || f.equals(KEY)) {
                continue;
            }
            if (f.equals(FieldGuess.FULL_NAME)) {
                String order = nameOrder(findings.columns().get(c));
                lines.put("surname", "{ column = " + column + ", name-part = " + order + " }");
                lines.put("given_names", "{ column = " + column + ", name-part = " + order + " }");
            } else if (f.equals("street_address") && number >= 0) {
                lines.put(f, "{ columns = [" + ConfigUtil.quoteString(findings.columns().get(number).name) + ", " + column
                        + "], separator = \" \" }");
            } else if (f.equals("birth_date") || f.equals("request_date")) {
                String format = dateFormatOf(findings.columns().get(c));
                lines.put(f, format.equals("yyyy-MM-dd") ? column : "{ column = " + column + ", date-formats = ["
                        + ConfigUtil.quoteString(format) + "] }");
            } else if (f.equals("document_type")) {
                lines.put(f, documentTypes(findings.columns().get(c), column));
            } else {
                lines.put(f, column);
            }
        }
        for (String f : DumpColumns.HEADER) {
            if (lines.containsKey(f)) {
                sb.append("  ").append(f).append(" = ").append(lines.get(f)).append('\n');
            } else {
                sb.append("  # ").append(f).append(" = ?    not found in the dump\n");
            }
        }
        return sb.append("}\n").toString();
    }

    private int indexOf(String field) {
        for (int c = 0; c < fields.length; c++) {
            if (field.equals(fields[c])) {
                return c;
            }
        }
        return -1;
    }

    private static String nameOrder(ColumnStats s) {
        return s.capitalizedLastWord > s.capitalizedFirstWord ? "given-names-first" : "surname-first";
    }

    /** Document types in words get a value map of the words recognised; codes the agency uses need none. */
    private static String documentTypes(ColumnStats s, String column) {
        if (s.distinct == null) {
            return column + "  # many distinct values: add a values { … } map if they are not the agency's codes";
        }
        Map<String, String> map = new LinkedHashMap<>();
        int unknown = 0;
        boolean allCodes = true;
        for (String v : s.distinct.keySet().stream().sorted().toList()) {
            Optional<DocumentType> t = documentType(v);
            allCodes &= DocumentType.fromDumpCode(v.strip()).isPresent();
            if (t.isPresent()) {
                map.put(v, t.get().configName());
            } else {
                unknown++;
            }
        }
        if (allCodes) {
            return column;
        }
        StringBuilder sb = new StringBuilder("{\n    column = " + column + "\n    values {\n");
        map.forEach((v, t) -> sb.append("      ").append(ConfigUtil.quoteString(v)).append(" = ").append(t).append('\n'));
        sb.append("    }\n");
        if (unknown > 0) {
            sb.append("    # ").append(unknown).append(" other value(s) in the sample are no document type known here: map them above\n");
        }
        return sb.append("  }").toString();
    }

    private static String printable(char c) {
        return c == '\t' ? "tab" : "'" + c + "'";
    }

    private static String cut(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n - 1) + "…";
    }
}
