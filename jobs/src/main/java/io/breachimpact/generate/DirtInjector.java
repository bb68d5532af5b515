package io.breachimpact.generate;

import io.breachimpact.model.DumpColumns;
import io.breachimpact.reference.Commune;

import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Makes a clean record as dirty as real exports are, at the configured rates, and marks every kind
 * it injected so the truth file can say which failures are expected.
 */
final class DirtInjector {
    private final GenerateConfig config;
    private final SplittableRandom random;
    private final List<Commune> communes;

    DirtInjector(GenerateConfig config, SplittableRandom random, List<Commune> communes) {
        this.config = config;
        this.random = random;
        this.communes = communes;
    }

    /** Value-level dirt, and the decision for line-level dirt the writer applies to the bytes. */
    void inject(DumpRecord r) {
        String[] f = r.fields;
        if (chance(Dirt.MISSING_EMAIL)) {
            f[DumpColumns.EMAIL] = "";
            r.mark(Dirt.MISSING_EMAIL);
        } else if (chance(Dirt.MALFORMED_EMAIL)) {
            f[DumpColumns.EMAIL] = malformEmail(f[DumpColumns.EMAIL]);
            r.mark(Dirt.MALFORMED_EMAIL);
        }
        if (chance(Dirt.MISSING_PHONE)) {
            f[DumpColumns.PHONE] = "";
            r.mark(Dirt.MISSING_PHONE);
        } else if (chance(Dirt.MALFORMED_PHONE)) {
            f[DumpColumns.PHONE] = malformPhone(f[DumpColumns.PHONE]);
            r.mark(Dirt.MALFORMED_PHONE);
        }
        if (chance(Dirt.IMPOSSIBLE_BIRTH_DATE)) {
            f[DumpColumns.BIRTH_DATE] = impossibleDate(LocalDate.parse(f[DumpColumns.BIRTH_DATE]));
            r.mark(Dirt.IMPOSSIBLE_BIRTH_DATE);
        }
        if (chance(Dirt.POSTAL_CODE_CITY_MISMATCH)) {
            f[DumpColumns.POSTAL_CODE] = otherDepartementPostalCode(f[DumpColumns.POSTAL_CODE]);
            r.mark(Dirt.POSTAL_CODE_CITY_MISMATCH);
        }
        if (chance(Dirt.STRAY_WHITESPACE_AND_CASE)) {
            strayWhitespaceAndCase(f);
            r.mark(Dirt.STRAY_WHITESPACE_AND_CASE);
        }
        if (chance(Dirt.EMBEDDED_NEWLINE)) {
            f[DumpColumns.STREET_ADDRESS] = "Bâtiment " + (char) ('A' + random.nextInt(6)) + "\n" + f[DumpColumns.STREET_ADDRESS];
            r.mark(Dirt.EMBEDDED_NEWLINE);
        }
        if (chance(Dirt.EMBEDDED_QUOTES)) {
            f[DumpColumns.STREET_ADDRESS] = "Résidence \"Les Pins\", " + f[DumpColumns.STREET_ADDRESS];
            r.mark(Dirt.EMBEDDED_QUOTES);
        }
        // Drawn for every format and layout, so that the same seed gives the same population in each; a writer
        // without lines (Parquet, JSON, SQL) unmarks what it cannot apply.
        drawLineDirt(r);
    }

    /**
     * The line-level dirt of a record sent again (a follow-up's correction): a new line, so what cut or
     * garbled the old one is drawn again; its values keep their dirt unless the correction replaced them.
     */
    void redrawLineDirt(DumpRecord r) {
        for (Dirt d : Dirt.values()) {
            if (d.lineLevel()) {
                r.unmark(d);
            }
        }
        drawLineDirt(r);
    }

    /** At most one of truncated / extra columns. Latin-1 is decided by the writer: only lines with non-ASCII characters get it. */
    private void drawLineDirt(DumpRecord r) {
        if (chance(Dirt.TRUNCATED_LINE)) {
            r.mark(Dirt.TRUNCATED_LINE);
        } else if (chance(Dirt.EXTRA_COLUMNS)) {
            r.mark(Dirt.EXTRA_COLUMNS);
        }
        if (chance(Dirt.CRLF_LINE_END)) {
            r.mark(Dirt.CRLF_LINE_END);
        }
    }

    boolean chance(Dirt d) {
        double rate = config.dirtRate(d);
        return rate > 0 && random.nextDouble() < rate;
    }

    /** Fields kept by a truncated line: the line stops inside the kept last field. */
    String[] truncate(String[] fields) {
        int keep = 2 + random.nextInt(fields.length - 3);
        String[] kept = java.util.Arrays.copyOf(fields, keep);
        String last = kept[keep - 1];
        kept[keep - 1] = last.isEmpty() ? last : last.substring(0, random.nextInt(last.length()));
        return kept;
    }

    /**
     * The draws the CSV layout makes for the record's line — where a cut line stops, what extra columns it
     * has, and whether a line with accents gets Latin-1 bytes (judged on the line as written, cut or
     * not) — made by every other layout too, so that a seed gives the same population in each; a layout
     * without lines (JSON, SQL, Parquet) then unmarks what it cannot apply. Returns the CSV line's fields.
     */
    String[] csvLineDraws(DumpRecord r) {
        String[] written = r.fields;
        if (r.has(Dirt.TRUNCATED_LINE)) {
            written = truncate(r.fields);
        } else if (r.has(Dirt.EXTRA_COLUMNS)) {
            written = extraColumns(r.fields);
        }
        for (String f : written) {
            if (f != null && !Text.isAscii(f)) {
                chance(Dirt.LATIN1_BYTES);
                break;
            }
        }
        return written;
    }

    /**
     * For a layout without lines (JSON, SQL, Parquet): the CSV line's draws, their results unused, and the
     * line-level dirt unmarked, so that the ground truth does not claim what the layout cannot carry.
     */
    void lineDirtWithoutLines(DumpRecord r) {
        csvLineDraws(r);
        r.unmark(Dirt.TRUNCATED_LINE);
        r.unmark(Dirt.EXTRA_COLUMNS);
        r.unmark(Dirt.CRLF_LINE_END);
    }

    /** Fields with one to three stray columns at the end (an export with a shifted or added column). */
    String[] extraColumns(String[] fields) {
        int extra = 1 + random.nextInt(3);
        String[] longer = java.util.Arrays.copyOf(fields, fields.length + extra);
        for (int i = fields.length; i < longer.length; i++) {
            longer[i] = random.nextBoolean() ? "" : "N/A";
        }
        return longer;
    }

    private String malformEmail(String email) {
        if (email.isEmpty()) {
            return "@";
        }
        int at = email.indexOf('@');
        switch (random.nextInt(6)) {
            case 0:
                return email.replace("@", "");
            case 1:
                return email.replace("@", "@@");
            case 2:
                return email.substring(0, at) + " " + email.substring(at);
            case 3:
                return email.substring(0, email.lastIndexOf('.'));
            case 4:
                return email.replace(".", "..");
            default:
                return email.substring(0, at) + "@" + email.substring(at + 1).replace('.', ',');
        }
    }

    private String malformPhone(String phone) {
        String digits = phone.replaceAll("[^0-9]", "");
        switch (random.nextInt(5)) {
            case 0:
                return digits.substring(0, Math.max(1, digits.length() - 2));
            case 1:
                return digits + (char) ('0' + random.nextInt(10)) + (char) ('0' + random.nextInt(10));
            case 2:
                return phone.replaceFirst("0(?=[^0]*$)", "O");
            case 3:
                return "0000000000";
            default:
                return "tel: " + digits.substring(0, Math.min(6, digits.length()));
        }
    }

    private String impossibleDate(LocalDate birth) {
        int y = birth.getYear();
        switch (random.nextInt(5)) {
            case 0:
                return y + "-02-" + (30 + random.nextInt(2));
            case 1:
                return y + "-13-" + String.format(Locale.ROOT, "%02d", 1 + random.nextInt(28));
            case 2:
                return config.referenceDate().plusDays(1 + random.nextInt(3000)).toString();
            case 3:
                return (1850 + random.nextInt(50)) + birth.toString().substring(4);
            default:
                return "0000-00-00";
        }
    }

    private String otherDepartementPostalCode(String postalCode) {
        for (int tries = 0; tries < 20; tries++) {
            Commune other = communes.get(random.nextInt(communes.size()));
            if (!other.postalCode().regionMatches(0, postalCode, 0, 2)) {
                return other.postalCode();
            }
        }
        return postalCode.startsWith("75") ? "13001" : "75011";
    }

    private void strayWhitespaceAndCase(String[] f) {
        int[] targets = {DumpColumns.SURNAME, DumpColumns.GIVEN_NAMES, DumpColumns.CITY, DumpColumns.EMAIL};
        int field = targets[random.nextInt(targets.length)];
        String v = f[field];
        switch (random.nextInt(4)) {
            case 0:
                f[field] = "  " + v + " ";
                break;
            case 1:
                f[field] = v.replace(" ", "   ") + "\t";
                break;
            case 2:
                f[field] = v.toUpperCase(Locale.ROOT);
                break;
            default:
                f[field] = " " + v.toLowerCase(Locale.ROOT);
                break;
        }
    }
}
