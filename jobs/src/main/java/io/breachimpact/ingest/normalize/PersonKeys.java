package io.breachimpact.ingest.normalize;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Person keys: HMAC-SHA256 of the normalized identity (names in comparison form, given names in any
 * order, and the birth date, else the email, else the phone, else the postal address). Without the key nobody can recompute a
 * person key from a name and a birth date; the key comes from the environment, never the repository.
 */
public final class PersonKeys implements Serializable {
    /** Environment variable holding the key (any string of at least 32 characters, e.g. 64 hex digits). */
    public static final String KEY_ENV = "BREACH_IMPACT_KEY";
    public static final int MIN_KEY_LENGTH = 32;

    private final byte[] key;
    private transient Mac mac;

    public PersonKeys(String key) {
        if (key == null || key.length() < MIN_KEY_LENGTH) {
            throw new IllegalArgumentException("the person-key secret must be at least " + MIN_KEY_LENGTH + " characters");
        }
        this.key = key.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * @return 64 hex digits, or null when the record has nothing to tie it to one human
     */
    public String personKey(String surnameKey, String givenNamesKey, String birthDate, String emailKey, String phoneE164) {
        return personKey(surnameKey, givenNamesKey, birthDate, emailKey, phoneE164, null);
    }

    /** @param addressKey the last basis: a record with a weak identity (a name and an address only) */
    public String personKey(String surnameKey, String givenNamesKey, String birthDate, String emailKey, String phoneE164,
                            String addressKey) {
        if (surnameKey == null && givenNamesKey == null) {
            return null;
        }
        String basis = birthDate != null ? "d:" + birthDate : emailKey != null ? "e:" + emailKey : phoneE164 != null ? "p:" + phoneE164
                : addressKey != null ? "a:" + addressKey : null;
        if (basis == null) {
            return null;
        }
        String identity = "v1|" + nullToEmpty(surnameKey) + "|" + sortedWords(givenNamesKey) + "|" + basis;
        return HexFormat.of().formatHex(mac().doFinal(identity.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * A person's id from the record that anchors its component (the first one ingested): stable as
     * long as that record stays, and not linkable to the agency's record ids without the key.
     */
    public String personId(String anchorRecordId) {
        byte[] digest = mac().doFinal(("person|" + anchorRecordId).getBytes(StandardCharsets.UTF_8));
        return "P" + HexFormat.of().formatHex(digest, 0, 12);
    }

    /**
     * What identifies this secret without revealing it: a keyed hash of a fixed text. The lake keeps
     * it, so that a job run with another secret is refused before it makes ids that match nothing.
     */
    public String fingerprint() {
        byte[] digest = mac().doFinal("breach-impact person-key fingerprint v1".getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest, 0, 16);
    }

    private static final char[] CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();

    /**
     * A person's enrollment code for the monitoring offer: 60 bits of an HMAC of the person id, in
     * Crockford base 32 (no I, L, O, U to misread), as XXXX-XXXX-XXXX. The same on every run; without
     * the secret it cannot be derived from anything about the person.
     */
    public String enrollmentCode(String personId) {
        byte[] digest = mac().doFinal(("enrol|" + personId).getBytes(StandardCharsets.UTF_8));
        long bits = 0;
        for (int i = 0; i < 8; i++) {
            bits = (bits << 8) | (digest[i] & 0xFF);
        }
        StringBuilder sb = new StringBuilder(14);
        for (int i = 0; i < 12; i++) {
            if (i > 0 && i % 4 == 0) {
                sb.append('-');
            }
            sb.append(CROCKFORD[(int) ((bits >>> (59 - 5 * i)) & 31)]);
        }
        return sb.toString();
    }

    private Mac mac() {
        if (mac == null) {
            try {
                mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(key, "HmacSHA256"));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
        return mac;
    }

    /** "marie claire" and "claire marie" are the same given names entered in another order. */
    static String sortedWords(String words) {
        if (words == null) {
            return "";
        }
        String[] parts = words.split(" ");
        Arrays.sort(parts);
        return String.join(" ", parts);
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    @Override
    public String toString() {
        return "PersonKeys[key hidden]";
    }
}
