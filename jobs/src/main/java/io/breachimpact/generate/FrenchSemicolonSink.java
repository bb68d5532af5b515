package io.breachimpact.generate;

import io.breachimpact.model.DocumentType;
import io.breachimpact.model.DumpColumns;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.util.Map;

/**
 * The same records as a French Windows tool exports them ({@link DumpLayout#FR_SEMICOLON}): semicolons,
 * CRLF, Windows-1252, French names, a civility, the street number in its own column, dates as
 * dd/MM/yyyy and document types in words. The line-level dirt of a CSV export applies (CRLF is already
 * the rule; a truncated line, extra empty columns); Latin-1 bytes cannot, the whole file is.
 */
final class FrenchSemicolonSink implements DumpSink {
    static final Charset WINDOWS_1252 = Charset.forName("windows-1252");
    static final String[] HEADER = {"IDENTIFIANT", "NUM_COMPTE", "CIVILITE", "NOM", "PRENOMS", "DATE_NAISSANCE", "COURRIEL",
        "TELEPHONE", "NUMERO_VOIE", "LIBELLE_VOIE", "CODE_POSTAL", "COMMUNE", "TYPE_PIECE", "NUMERO_PIECE", "DATE_DEMANDE"};
    static final Map<String, String> DOCUMENT_WORDS = Map.of(
            DocumentType.PASSPORT.dumpCode(), "Passeport",
            DocumentType.NATIONAL_ID_CARD.dumpCode(), "Carte nationale d'identité",
            DocumentType.DRIVING_LICENCE.dumpCode(), "Permis de conduire",
            DocumentType.RESIDENCE_PERMIT.dumpCode(), "Titre de séjour");

    private final OutputStream out;
    private final DirtInjector dirt;
    private final StringBuilder line = new StringBuilder(256);
    private final CSVPrinter printer;

    FrenchSemicolonSink(OutputStream out, DirtInjector dirt) throws IOException {
        this.out = out;
        this.dirt = dirt;
        this.printer = new CSVPrinter(line, CSVFormat.RFC4180.builder().setDelimiter(';').setRecordSeparator("\r\n").build());
        printer.printRecord((Object[]) HEADER);
        flush();
    }

    @Override
    public void write(DumpRecord r) throws IOException {
        String[] f = r.fields;
        String street = f[DumpColumns.STREET_ADDRESS];
        int space = street.indexOf(' ');
        boolean numbered = space > 0 && Character.isDigit(street.charAt(0));
        String[] fields = {
            f[DumpColumns.RECORD_ID], f[DumpColumns.ACCOUNT_ID], r.sex == 'F' ? "Mme" : "M.", f[DumpColumns.SURNAME],
            f[DumpColumns.GIVEN_NAMES], frenchDate(f[DumpColumns.BIRTH_DATE]), f[DumpColumns.EMAIL], f[DumpColumns.PHONE],
            numbered ? street.substring(0, space) : "", numbered ? street.substring(space + 1) : street,
            f[DumpColumns.POSTAL_CODE], f[DumpColumns.CITY],
            DOCUMENT_WORDS.getOrDefault(f[DumpColumns.DOCUMENT_TYPE], f[DumpColumns.DOCUMENT_TYPE]),
            f[DumpColumns.DOCUMENT_NUMBER], frenchDate(f[DumpColumns.REQUEST_DATE])};
        // The CSV layout's draws (so that every later record is the same in both layouts); this line is cut
        // or extended where the CSV one is, without a draw of its own.
        String[] csv = dirt.csvLineDraws(r);
        if (r.has(Dirt.TRUNCATED_LINE)) {
            fields = cutLike(fields, csv);
        } else if (r.has(Dirt.EXTRA_COLUMNS)) {
            String[] longer = java.util.Arrays.copyOf(fields, fields.length + csv.length - DumpColumns.COUNT);
            System.arraycopy(csv, DumpColumns.COUNT, longer, fields.length, csv.length - DumpColumns.COUNT);
            fields = longer;
        }
        printer.printRecord((Object[]) fields);
        flush();
    }

    /** Where each canonical field is in this layout (the civility and the street number are its own). */
    private static final int[] FRENCH_INDEX = {0, 1, 3, 4, 5, 6, 7, 9, 10, 11, 12, 13, 14};

    /** The French line cut after the column the CSV line stops in, that column cut to the same length. */
    private static String[] cutLike(String[] french, String[] csv) {
        int last = FRENCH_INDEX[csv.length - 1];
        String[] kept = java.util.Arrays.copyOf(french, last + 1);
        String cut = csv[csv.length - 1];
        if (kept[last] != null && cut != null && cut.length() < kept[last].length()) {
            kept[last] = kept[last].substring(0, cut.length());
        }
        return kept;
    }

    /** yyyy-MM-dd → dd/MM/yyyy; anything else (an impossible date's text, empty) as written. */
    static String frenchDate(String iso) {
        if (iso == null || iso.length() != 10 || iso.charAt(4) != '-' || iso.charAt(7) != '-') {
            return iso;
        }
        return iso.substring(8, 10) + "/" + iso.substring(5, 7) + "/" + iso.substring(0, 4);
    }

    private void flush() throws IOException {
        out.write(line.toString().getBytes(WINDOWS_1252));
        line.setLength(0);
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
