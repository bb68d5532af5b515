package io.breachimpact.ingest;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class CsvFieldsTest {
    private static final List<CsvDialect> DIALECTS = List.of(CsvDialect.RFC4180, new CsvDialect(';', '"', null),
            new CsvDialect(',', '\'', '\\'), new CsvDialect('\t', '"', '\\'));

    @Test
    void quotedFieldsAreSplitLikeTheFullParser() {
        assertEquals(List.of("a, b", "say \"hi\"", "", "c"), CsvFields.split("\"a, b\",\"say \"\"hi\"\"\",,c"));
        assertEquals(List.of("12 rue X\nBât. B", "75001"), CsvFields.split("\"12 rue X\nBât. B\",75001"));
        assertEquals(List.of("O\"Neil", "x"), CsvFields.split("O\"Neil,x"));
        assertEquals(List.of("a", ""), CsvFields.split("\"a\","));
    }

    @Test
    void whatIsNotOneRecordIsRefused() {
        assertNull(CsvFields.split("\"unclosed,x"));
        assertNull(CsvFields.split("\"a\"b,x"));
        assertNull(CsvFields.split("a,\"b\"\nc,d"));
    }

    /** Every text, in every dialect, splits exactly as Apache Commons CSV splits it (or is refused where it refuses). */
    @Test
    void randomTextsSplitAsTheFullParserDoes() {
        Random random = new Random(20261205);
        String alphabet = "ab ,;\"'\\\t\n\r";
        for (int t = 0; t < 200_000; t++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(14);
            for (int k = 0; k < length; k++) {
                text.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            for (CsvDialect dialect : DIALECTS) {
                String s = text.toString();
                if (s.indexOf(dialect.quote()) < 0) {
                    continue; // quote-free text takes the plain split, unchanged and checked by the reader's tests
                }
                assertEquals(CsvFields.parsed(s, dialect), CsvFields.split(s, dialect), () -> dialect + " on " + s.replace("\n", "\\n")
                        .replace("\r", "\\r").replace("\t", "\\t"));
            }
        }
    }
}
