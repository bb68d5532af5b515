package io.breachimpact.ingest.inspect;

import io.breachimpact.ingest.profile.FieldSource;
import io.breachimpact.ingest.profile.NameSplitter;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What the sampled values of one column look like: how many are empty, their shapes, and how many
 * read as an email, a phone, a postal code or a date in each usual format. Keeps no value except,
 * counted, the few distinct ones of a column that looks like a list of codes.
 */
final class ColumnStats {
    static final List<String> DATE_FORMATS = List.of("yyyy-MM-dd", "dd/MM/yyyy", "MM/dd/yyyy", "dd-MM-yyyy", "dd.MM.yyyy", "yyyyMMdd",
            "yyyy/MM/dd", "d/M/yyyy", "dd/MM/yy");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private static final Pattern PHONE = Pattern.compile("\\+?[0-9 .()-]{9,20}");
    private static final Pattern POSTAL = Pattern.compile("\\d{5}|2[AB]\\d{3}");
    private static final int MAX_DISTINCT = 50;

    final String name;
    long values;
    long empty;
    long emails;
    long phones;
    long postalCodes;
    long capitalizedFirstWord;
    long capitalizedLastWord;
    long multiWord;
    final Map<String, Long> shapes = new HashMap<>();
    final Map<String, Long> datesByFormat = new LinkedHashMap<>();
    final Map<String, Integer> yearsByFormat = new HashMap<>();
    /** Distinct values while there are few (a list of codes); null once there are too many. */
    Map<String, Long> distinct = new HashMap<>();
    final Set<String> seen = new HashSet<>();
    boolean allDistinct = true;

    ColumnStats(String name) {
        this.name = name;
        DATE_FORMATS.forEach(f -> datesByFormat.put(f, 0L));
    }

    void add(String raw) {
        values++;
        String v = raw == null ? "" : raw.strip();
        if (v.isEmpty()) {
            empty++;
            return;
        }
        shapes.merge(ValueShapes.of(v), 1L, Long::sum);
        if (EMAIL.matcher(v).matches()) {
            emails++;
        }
        if (PHONE.matcher(v).matches() && digits(v) >= 9 && digits(v) <= 13) {
            phones++;
        }
        if (POSTAL.matcher(v).matches()) {
            postalCodes++;
        }
        String[] words = v.split("\\s+");
        if (words.length > 1) {
            multiWord++;
            capitalizedFirstWord += NameSplitter.inCapitals(words[0]) ? 1 : 0;
            capitalizedLastWord += NameSplitter.inCapitals(words[words.length - 1]) ? 1 : 0;
        }
        for (String format : DATE_FORMATS) {
            LocalDate d = parse(v, format);
            if (d != null) {
                datesByFormat.merge(format, 1L, Long::sum);
                yearsByFormat.merge(format, d.getYear(), Integer::sum);
            }
        }
        if (allDistinct && !seen.add(v)) {
            allDistinct = false;
        }
        if (seen.size() > 100_000) {
            seen.clear(); // enough to judge; the memory is not worth more
        }
        if (distinct != null) {
            distinct.merge(v, 1L, Long::sum);
            if (distinct.size() > MAX_DISTINCT) {
                distinct = null;
            }
        }
    }

    long present() {
        return values - empty;
    }

    double share(long n) {
        return present() == 0 ? 0 : (double) n / present();
    }

    /** The date format most values read in, if most do. */
    String dateFormat() {
        String best = null;
        long bestCount = 0;
        for (Map.Entry<String, Long> e : datesByFormat.entrySet()) {
            if (e.getValue() > bestCount) {
                best = e.getKey();
                bestCount = e.getValue();
            }
        }
        return best != null && share(bestCount) >= 0.8 ? best : null;
    }

    double meanYear(String format) {
        long n = datesByFormat.get(format);
        return n == 0 ? 0 : (double) yearsByFormat.getOrDefault(format, 0) / n;
    }

    /** The most frequent shapes with their share of the non-empty values. */
    Map<String, Double> topShapes(int n) {
        Map<String, Double> top = new LinkedHashMap<>();
        shapes.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue(), a.getValue())).limit(n)
                .forEach(e -> top.put(e.getKey(), share(e.getValue())));
        return top;
    }

    static LocalDate parse(String v, String format) {
        if (v.length() < 6 || v.length() > 10) {
            return null;
        }
        try {
            return LocalDate.parse(v, FieldSource.formatter(format));
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static int digits(String v) {
        int n = 0;
        for (int i = 0; i < v.length(); i++) {
            n += Character.isDigit(v.charAt(i)) ? 1 : 0;
        }
        return n;
    }

}
