package io.breachimpact.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.text.NumberFormat;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * The report's words in one language ({@code breach-impact-report/messages_<lang>.properties}) and
 * its number, money and date formats. A code without a label (a new quarantine reason, a policy's
 * own offer code) is shown as the code: the report never hides a figure for want of a word.
 */
public final class Messages {
    public static final List<String> LANGUAGES = List.of("fr", "en");

    private final String language;
    private final Locale locale;
    private final Properties words = new Properties();

    private Messages(String language) {
        this.language = language;
        this.locale = "fr".equals(language) ? Locale.FRANCE : Locale.UK;
        String resource = "/breach-impact-report/messages_" + language + ".properties";
        try (InputStream in = Messages.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing " + resource);
            }
            words.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @throws IllegalArgumentException for a language the report is not written in */
    public static Messages of(String language) {
        if (!LANGUAGES.contains(language)) {
            throw new IllegalArgumentException("no report in '" + language + "': choose one of " + String.join(", ", LANGUAGES));
        }
        return new Messages(language);
    }

    public String language() {
        return language;
    }

    /** A sentence or label, with {0}, {1}… filled in (already formatted strings). */
    public String t(String key, Object... args) {
        String pattern = words.getProperty(key);
        if (pattern == null) {
            throw new IllegalStateException("no text for '" + key + "' in " + language);
        }
        return args.length == 0 ? pattern : new MessageFormat(pattern.replace("'", "''"), locale).format(args);
    }

    /** The label of a code in a family ({@code level.HIGH}), or the code itself. */
    public String label(String family, String code) {
        return code == null ? "—" : words.getProperty(family + "." + code, code);
    }

    /** A data-class combination as the published table keys it ("EMAIL + NAME"), in words; OTHER is the rest. */
    public String combination(String key) {
        if ("OTHER".equals(key)) {
            return t("combinations.other");
        }
        return String.join(" + ", java.util.Arrays.stream(key.split(" \\+ ")).map(c -> label("class", c)).toList());
    }

    public String number(long n) {
        return NumberFormat.getIntegerInstance(locale).format(n);
    }

    /** A published count; "< k" for a small cell, "withheld" for a count withheld to protect one. */
    public String count(Count c, int k) {
        if (c == null) {
            return "—";
        }
        if (!c.suppressed()) {
            return number(c.value());
        }
        return Count.PRIMARY.equals(c.suppression()) ? "< " + number(k) : t("withheld");
    }

    /** A count that may be absent (withheld with the figure it derives from). */
    public String number(Long n) {
        return n == null ? t("withheld") : number(n.longValue());
    }

    /** A rate per 1,000 with two significant decimals where it is small. */
    public String rate(Double r) {
        if (r == null) {
            return "—";
        }
        NumberFormat f = NumberFormat.getNumberInstance(locale);
        f.setMaximumFractionDigits(r < 1 ? 3 : r < 10 ? 2 : 1);
        f.setMinimumFractionDigits(0);
        return f.format(r);
    }

    public String percent(double share) {
        NumberFormat f = NumberFormat.getPercentInstance(locale);
        f.setMaximumFractionDigits(2);
        return f.format(share);
    }

    /** A budget, in whole units of the currency. */
    public String money(BigDecimal amount, String currency) {
        return money(amount, currency, 0);
    }

    /** An amount with the given decimals (a unit cost per month: 0.40 must not print as 0). */
    public String money(BigDecimal amount, String currency, int decimals) {
        if (amount == null) {
            return t("withheld");
        }
        NumberFormat f = NumberFormat.getCurrencyInstance(locale);
        f.setCurrency(Currency.getInstance(currency));
        f.setMinimumFractionDigits(decimals);
        f.setMaximumFractionDigits(decimals);
        return f.format(amount);
    }

    public String date(String isoDate) {
        return isoDate == null ? "—" : LocalDate.parse(isoDate).format(DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM).withLocale(locale));
    }

    public String decimal(Double d, int digits) {
        if (d == null) {
            return "—";
        }
        NumberFormat f = NumberFormat.getNumberInstance(locale);
        f.setMinimumFractionDigits(digits);
        f.setMaximumFractionDigits(digits);
        return f.format(d);
    }
}
