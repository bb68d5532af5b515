package io.breachimpact.decide;

/**
 * Cells of files that leave the agency are neutralized against CSV formula injection: a spreadsheet
 * opening the mail house's file must not execute a name like {@code =HYPERLINK(…)}. A cell that starts
 * with {@code = + - @}, a tab or a carriage return is prefixed with an apostrophe (OWASP's advice),
 * which spreadsheets show as text and strip on display.
 */
public final class CsvSafety {
    private CsvSafety() {
    }

    public static String neutralize(String cell) {
        if (cell == null || cell.isEmpty()) {
            return cell;
        }
        char first = cell.charAt(0);
        if (first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r') {
            return "'" + cell;
        }
        return cell;
    }
}
