package io.breachimpact.ingest.normalize;

import org.apache.commons.validator.routines.EmailValidator;

import java.util.Locale;

/**
 * Emails: trimmed, domain lower-cased, checked for syntax with Commons Validator. A malformed email
 * is still an exposed email: validity says whether it can be written to, not whether it leaked.
 */
public final class Emails {
    private Emails() {
    }

    private static final EmailValidator VALIDATOR = EmailValidator.getInstance(false, false);

    /** The result for one value: the normalized text (null when absent), validity and, if invalid, why. */
    public record Email(String value, boolean valid, String problem) {
    }

    public static Email normalize(String raw) {
        String trimmed = raw == null ? "" : raw.strip();
        if (trimmed.isEmpty()) {
            return new Email(null, false, "MISSING");
        }
        int at = trimmed.lastIndexOf('@');
        String normalized = at > 0 ? trimmed.substring(0, at) + "@" + trimmed.substring(at + 1).toLowerCase(Locale.ROOT) : trimmed;
        if (at < 0) {
            return new Email(normalized, false, "NO_AT_SIGN");
        }
        if (trimmed.indexOf('@') != at) {
            return new Email(normalized, false, "SEVERAL_AT_SIGNS");
        }
        if (!VALIDATOR.isValid(normalized)) {
            return new Email(normalized, false, trimmed.chars().anyMatch(Character::isWhitespace) ? "WHITESPACE" : "INVALID_SYNTAX");
        }
        return new Email(normalized, true, null);
    }

    /** The form two records are compared on: the whole address in lower case. */
    public static String matchKey(Email email) {
        return email.value() == null ? null : email.value().toLowerCase(Locale.ROOT);
    }
}
