package io.breachimpact.ingest.normalize;

import java.time.LocalDate;
import java.time.Period;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;

/** Birth dates as written (ISO or French day/month/year), checked against the breach reference date. */
public final class BirthDates {
    private BirthDates() {
    }

    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("uuuu-MM-dd").withResolverStyle(ResolverStyle.STRICT);
    private static final DateTimeFormatter FRENCH = DateTimeFormatter.ofPattern("dd/MM/uuuu").withResolverStyle(ResolverStyle.STRICT);
    /** Older than this at the reference date is not a living applicant. */
    public static final int MAX_AGE = 120;

    /** @param date null unless valid; age in whole years at the reference date */
    public record BirthDate(LocalDate date, Integer age, String problem) {
    }

    public static BirthDate parse(String raw, LocalDate reference) {
        String text = raw == null ? "" : raw.strip();
        if (text.isEmpty()) {
            return new BirthDate(null, null, "MISSING");
        }
        LocalDate date = parseDate(text);
        if (date == null) {
            return new BirthDate(null, null, "UNPARSEABLE");
        }
        if (date.isAfter(reference)) {
            return new BirthDate(null, null, "FUTURE");
        }
        int age = Period.between(date, reference).getYears();
        if (age > MAX_AGE) {
            return new BirthDate(null, null, "IMPLAUSIBLE");
        }
        return new BirthDate(date, age, null);
    }

    private static int digits(String s, int from, int to) {
        int n = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }

    /** A date in either accepted form, or null. */
    public static LocalDate parseDate(String text) {
        if (text.length() == 10 && text.charAt(4) == '-' && text.charAt(7) == '-') {
            // The usual ISO form, without a formatter: this runs for every record.
            int y = digits(text, 0, 4);
            int m = digits(text, 5, 7);
            int d = digits(text, 8, 10);
            if (y < 0 || m < 1 || m > 12 || d < 1 || d > java.time.YearMonth.of(y, m).lengthOfMonth()) {
                return null;
            }
            return LocalDate.of(y, m, d);
        }
        try {
            return LocalDate.parse(text, text.indexOf('/') > 0 ? FRENCH : ISO);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
