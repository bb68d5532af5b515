package io.breachimpact.ingest.normalize;

import org.apache.commons.validator.routines.EmailValidator;

import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Emails: trimmed, domain lower-cased, checked for syntax with Commons Validator. A malformed email
 * is still an exposed email: validity says whether it can be written to, not whether it leaked.
 */
public final class Emails {
    private Emails() {
    }

    /**
     * Commons Validator's rules, with the domain check remembered per domain: a few thousand domains
     * serve millions of addresses, and the domain check (IDN, TLD lists) is the costly half.
     */
    private static final class CachingValidator extends EmailValidator {
        private static final int CACHE_LIMIT = 200_000;
        /** Commons Validator's limit on the local part. */
        private static final int MAX_USER_LENGTH = 64;
        private final ConcurrentHashMap<String, Boolean> domains = new ConcurrentHashMap<>();

        CachingValidator() {
            super(false, false);
        }

        boolean valid(String email) {
            int at = email.lastIndexOf('@');
            if (at <= 0 || at == email.length() - 1 || email.endsWith(".")) {
                return false;
            }
            String domain = email.substring(at + 1);
            Boolean domainValid = domains.get(domain);
            if (domainValid == null) {
                domainValid = isValidDomain(domain);
                if (domains.size() < CACHE_LIMIT) {
                    domains.put(domain, domainValid);
                }
            }
            return domainValid && (plainUser(email, at) || isValidUser(email.substring(0, at)));
        }

        boolean validUser(String user) {
            return isValidUser(user);
        }

        /**
         * The local part nearly every address has — atoms of letters, digits, '_', '+' or '-' joined by
         * single dots, at most 64 characters — which Commons Validator's user pattern accepts; checked
         * without its backtracking regular expression. Anything else goes to the pattern.
         */
        static boolean plainUser(String email, int at) {
            if (at > MAX_USER_LENGTH) {
                return false;
            }
            boolean atomStart = true;
            for (int i = 0; i < at; i++) {
                char c = email.charAt(i);
                if (c == '.') {
                    if (atomStart) {
                        return false;
                    }
                    atomStart = true;
                } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '+' || c == '-') {
                    atomStart = false;
                } else {
                    return false;
                }
            }
            return !atomStart;
        }
    }

    private static final CachingValidator VALIDATOR = new CachingValidator();

    /** Whether the fast path accepts this local part (for the test that checks it against the validator). */
    static boolean plainUser(String user) {
        return CachingValidator.plainUser(user + "@", user.length());
    }

    /** Commons Validator's own verdict on a local part. */
    static boolean validatorUser(String user) {
        return VALIDATOR.validUser(user);
    }

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
        if (!VALIDATOR.valid(normalized)) {
            return new Email(normalized, false, trimmed.chars().anyMatch(Character::isWhitespace) ? "WHITESPACE" : "INVALID_SYNTAX");
        }
        return new Email(normalized, true, null);
    }

    /** The form two records are compared on: the whole address in lower case. */
    public static String matchKey(Email email) {
        return email.value() == null ? null : email.value().toLowerCase(Locale.ROOT);
    }
}
