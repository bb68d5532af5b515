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
    static final int MAX_AGE = 120;

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

    /** A date in either accepted form, or null. */
    public static LocalDate parseDate(String text) {
        try {
            return LocalDate.parse(text, text.indexOf('/') > 0 ? FRENCH : ISO);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
