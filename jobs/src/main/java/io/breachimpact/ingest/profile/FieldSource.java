package io.breachimpact.ingest.profile;

import java.io.Serializable;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where one canonical field comes from in a dump: one source column, or several joined, with the
 * transforms that turn the export's way of writing it into the canonical one (a date format, a value
 * map, one part of a full name). A value a transform cannot read is passed on as written, so that
 * validation flags it instead of a guess replacing it.
 *
 * @param columns    the source columns, in the order they are joined
 * @param separator  between joined columns (empty parts are skipped)
 * @param dateFormats patterns ({@link DateTimeFormatter}) tried in order; a date read is written ISO
 * @param values     source value (case-insensitive, trimmed) → canonical value
 * @param namePart   the part of a full name this field takes, or null
 */
public record FieldSource(List<String> columns, String separator, List<String> dateFormats, Map<String, String> values,
                          NamePart namePart) implements Serializable {

    /** One part of a full name written in one column. */
    public enum NamePart {
        /** "DUPONT Jean Pierre": the leading words in capitals (else the first word) are the surname. */
        SURNAME_FIRST_SURNAME, SURNAME_FIRST_GIVEN_NAMES,
        /** "Jean Pierre DUPONT": the trailing words in capitals (else the last word) are the surname. */
        GIVEN_FIRST_SURNAME, GIVEN_FIRST_GIVEN_NAMES
    }

    public static FieldSource column(String name) {
        return new FieldSource(List.of(name), " ", List.of(), Map.of(), null);
    }

    /** Whether the field is the source column's value as written. */
    public boolean plain() {
        return columns.size() == 1 && dateFormats.isEmpty() && values.isEmpty() && namePart == null;
    }

    /** @param parts the source columns' values, in {@link #columns} order (null where absent) */
    public String apply(String[] parts) {
        String value = join(parts);
        if (value == null) {
            return null;
        }
        if (namePart != null) {
            value = NameSplitter.part(value, namePart);
        }
        if (!dateFormats.isEmpty()) {
            value = isoDate(value);
        }
        if (!values.isEmpty() && value != null) {
            String mapped = values.get(value.strip().toLowerCase(Locale.ROOT));
            value = mapped != null ? mapped : value;
        }
        return value;
    }

    private String join(String[] parts) {
        if (parts.length == 1) {
            return parts[0];
        }
        StringBuilder sb = null;
        for (String p : parts) {
            if (p == null || p.isBlank()) {
                continue;
            }
            if (sb == null) {
                sb = new StringBuilder(p);
            } else {
                sb.append(separator).append(p);
            }
        }
        return sb == null ? null : sb.toString();
    }

    /** Formatters are thread-safe and shared by every task of the JVM. */
    private static final Map<String, DateTimeFormatter> FORMATTERS = new java.util.concurrent.ConcurrentHashMap<>();

    public static DateTimeFormatter formatter(String pattern) {
        // "uuuu", not "yyyy": a strict resolver needs the proleptic year (yyyy needs an era).
        return FORMATTERS.computeIfAbsent(pattern, p -> DateTimeFormatter.ofPattern(p.replace("yyyy", "uuuu").replace("yy", "uu"),
                Locale.ROOT).withResolverStyle(ResolverStyle.STRICT));
    }

    private String isoDate(String value) {
        String text = value.strip();
        for (String pattern : dateFormats) {
            DateTimeFormatter f = formatter(pattern);
            try {
                return LocalDate.parse(text, f).toString();
            } catch (DateTimeParseException e) {
                // the next format, else the value as written
            }
        }
        return value;
    }
}
