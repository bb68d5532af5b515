package io.breachimpact.generate;

import io.breachimpact.model.DocumentType;

import java.time.LocalDate;
import java.util.SplittableRandom;

/**
 * Document numbers in the formats of {@code shared/reference/FACTS.md}:
 * passport 2 digits + 2 letters + 5 digits; national ID card 12 digits before the 2021 card, 9 letters
 * and digits since; driving licence 12 characters (YY MM département 6 digits) for the pre-2013 paper
 * licence, the card format (2 digits + 2 letters + 5 digits) since; residence permit a 10-digit
 * foreigner number (approximate: the AGDREF number).
 */
final class DocumentNumbers {
    private DocumentNumbers() {
    }

    /** The new national ID card was issued from this date on. */
    static final LocalDate NEW_ID_CARD = LocalDate.of(2021, 8, 2);
    /** The European card driving licence replaced the paper one on this date. */
    static final LocalDate CARD_LICENCE = LocalDate.of(2013, 9, 16);

    private static final String LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    /** The 2021 card avoids letters that read as digits. */
    private static final String CARD_ALPHABET = "0123456789ABCDEFGHJKLMNPRSTUVWXYZ";

    /**
     * @param issued      when the document was issued (drives the format)
     * @param departement the issuing département (old licences carry it; overseas written 97)
     */
    static String number(SplittableRandom random, DocumentType type, LocalDate issued, String departement) {
        StringBuilder sb = new StringBuilder(12);
        switch (type) {
            case PASSPORT:
                return cardStyle(random, issued, sb);
            case NATIONAL_ID_CARD:
                if (issued.isBefore(NEW_ID_CARD)) {
                    Text.appendPadded(sb, issued.getYear() % 100, 2);
                    Text.appendPadded(sb, issued.getMonthValue(), 2);
                    Text.appendDigits(sb, random, 8);
                    return sb.toString();
                }
                for (int i = 0; i < 9; i++) {
                    sb.append(CARD_ALPHABET.charAt(random.nextInt(CARD_ALPHABET.length())));
                }
                return sb.toString();
            case DRIVING_LICENCE:
                if (issued.isBefore(CARD_LICENCE)) {
                    Text.appendPadded(sb, issued.getYear() % 100, 2);
                    Text.appendPadded(sb, issued.getMonthValue(), 2);
                    sb.append(departement.length() == 3 ? "97" : departement);
                    Text.appendDigits(sb, random, 6);
                    return sb.toString();
                }
                return cardStyle(random, issued, sb);
            case RESIDENCE_PERMIT:
                sb.append((char) ('1' + random.nextInt(9)));
                Text.appendDigits(sb, random, 9);
                return sb.toString();
            default:
                throw new AssertionError(type);
        }
    }

    private static String cardStyle(SplittableRandom random, LocalDate issued, StringBuilder sb) {
        Text.appendPadded(sb, issued.getYear() % 100, 2);
        sb.append(LETTERS.charAt(random.nextInt(26))).append(LETTERS.charAt(random.nextInt(26)));
        Text.appendDigits(sb, random, 5);
        return sb.toString();
    }
}
