package io.breachimpact.ingest;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The structural rules on one readable line: which reasons keep it out of silver. */
class QuarantineRulesTest {
    private static final LocalDate REFERENCE = LocalDate.of(2025, 10, 31);

    @ParameterizedTest(name = "[{index}] {0} {1} {2} {3} {4} {5} → {6}")
    @CsvSource(delimiter = '|', nullValues = "NULL", textBlock = """
            R1   | Dupont | Jean  | 1980-02-29 | NULL          | NULL             | ''
            R1   | Dupont | NULL  | NULL       | j@x.fr        | NULL             | ''
            R1   | NULL   | Jean  | NULL       | NULL          | 06 12 34 56 78   | ''
            R1   | Dupont | Jean  | 29/02/1980 | NULL          | NULL             | ''
            R1   | Dupont | Jean  | 1981-02-29 | NULL          | NULL             | NO_USABLE_IDENTITY
            R1   | Dupont | Jean  | 2030-01-01 | NULL          | NULL             | NO_USABLE_IDENTITY
            R1   | Dupont | Jean  | 1890-01-01 | NULL          | NULL             | NO_USABLE_IDENTITY
            R1   | Dupont | Jean  | NULL       | @x.fr         | 0612             | NO_USABLE_IDENTITY
            R1   | Dupont | Jean  | NULL       | 'jean@'       | NULL             | NO_USABLE_IDENTITY
            R1   | Dupont | Jean  | NULL       | 'jean@@x'     | NULL             | ''
            R1   | Dupont | Jean  | NULL       | ' jean@x.fr ' | NULL             | ''
            ' '  | Dupont | Jean  | 1980-01-01 | NULL          | NULL             | MISSING_RECORD_ID
            R1   | '\u00A0' | ' ' | 1980-01-01 | NULL          | NULL             | NO_NAME
            NULL | NULL   | NULL  | NULL       | NULL          | NULL             | MISSING_RECORD_ID NO_NAME NO_USABLE_IDENTITY
            """)
    void structuralReasons(String recordId, String surname, String given, String birth, String email, String phone, String expected) {
        String surnameValue = surname == null ? null : surname.replace("\\u00A0", "\u00A0");
        List<String> want = expected.isEmpty() ? List.of() : Arrays.asList(expected.split(" "));
        assertEquals(want, QuarantineRules.structuralReasons(
                new QuarantineRules.Identity(recordId, surnameValue, given, birth, email, phone, null, null, null), false, REFERENCE));
    }

    /** A name and an address a letter reaches: kept (a weak identity), unless the line stopped early. */
    @ParameterizedTest(name = "[{index}] {0} {1} {2} truncated={3} → {4}")
    @CsvSource(delimiter = '|', nullValues = "NULL", textBlock = """
            12 rue des Lilas | 75011 | Paris | false | ''
            12 rue des Lilas | NULL  | Paris | false | ''
            12 rue des Lilas | 75011 | NULL  | false | ''
            12 rue des Lilas | NULL  | NULL  | false | NO_USABLE_IDENTITY
            ' '              | 75011 | Paris | false | NO_USABLE_IDENTITY
            NULL             | 75011 | Paris | false | NO_USABLE_IDENTITY
            12 rue des Lilas | 75011 | Paris | true  | TRUNCATED_LINE
            12               | 75011 | Paris | false | NO_USABLE_IDENTITY
            N/A              | 75011 | Paris | false | NO_USABLE_IDENTITY
            12 rue des Lilas | NULL  | NC    | false | NO_USABLE_IDENTITY
            """)
    void aPostalAddressIsAWeakIdentity(String street, String postalCode, String city, boolean truncated, String expected) {
        List<String> want = expected.isEmpty() ? List.of() : List.of(expected);
        assertEquals(want, QuarantineRules.structuralReasons(
                new QuarantineRules.Identity("R1", "Dupont", "Jean", null, null, null, street, postalCode, city), truncated, REFERENCE));
        assertEquals(List.of(), QuarantineRules.structuralReasons(
                new QuarantineRules.Identity("R1", "Dupont", "Jean", "1980-01-01", null, null, street, postalCode, city), truncated, REFERENCE),
                "a line that stops early but keeps a birth date is kept");
    }

    @org.junit.jupiter.api.Test
    void aLineThatStopsEarlyNeedsAPhoneThatIsOne() {
        assertEquals(List.of("TRUNCATED_LINE"), QuarantineRules.structuralReasons(
                new QuarantineRules.Identity("R1", "Dupont", "Jean", "Paris", "CNI", "190894065491", null, null, null), true, REFERENCE),
                "a document number shifted into the phone column");
        assertEquals(List.of(), QuarantineRules.structuralReasons(
                new QuarantineRules.Identity("R1", "Dupont", "Jean", null, null, "06 12 34 56 78", null, null, null), true, REFERENCE));
        assertEquals(List.of("TRUNCATED_LINE"), QuarantineRules.structuralReasons(
                new QuarantineRules.Identity("R1", "Dupont", "Jean", null, "jean@", null, null, null, null), true, REFERENCE));
    }
}
