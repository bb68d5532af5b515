package io.breachimpact.report;

import io.breachimpact.error.BreachImpactException;
import io.breachimpact.error.ExitCode;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A last guard before a report file is written: nothing that looks like an email address or a phone
 * number may be in it. The report is built from aggregates only, so this never fires unless a policy
 * text or a new code path lets a contact through — and then the run fails rather than publish it.
 */
final class Disclosure {
    private static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}");
    /** French numbers as people write them (0612345678, 06 12 34 56 78, +33 6…, 0033 6…). */
    private static final Pattern PHONE = Pattern.compile("(?<![\\w.,+])(\\+33|0033|0)[\\s.-]?[1-9](?:[\\s.-]?\\d{2}){4}(?![\\w,]|\\.\\d)");

    private Disclosure() {
    }

    static void check(String text, String file) {
        for (Pattern p : new Pattern[] {EMAIL, PHONE}) {
            Matcher matcher = p.matcher(text);
            if (matcher.find()) {
                int line = (int) text.substring(0, matcher.start()).chars().filter(c -> c == '\n').count() + 1;
                throw new BreachImpactException(ExitCode.INTERNAL, file + " line " + line + " would contain "
                        + (p == EMAIL ? "an email address" : "a phone number") + ": the report was not published");
            }
        }
    }
}
