package io.breachimpact.ingest;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** What the reader repairs, and what it refuses to guess. */
class LineShapeAndEncodingTest {
    @Test
    void emptyTrailingFieldsAreDroppedAndValuedOnesAreNot() {
        LineShape.Fitted fitted = LineShape.fit(List.of("1", "x", "y", "", " N/A ", "NULL"), 3);
        assertEquals(List.of("1", "x", "y"), fitted.values());
        assertEquals(LineRepair.EXTRA_EMPTY_FIELDS, fitted.repair());
        assertNull(LineShape.fit(List.of("1", "x", "y", "", "Paris"), 3), "a value past the header: a shifted column");
        assertNull(LineShape.fit(List.of("1", "x", "y"), 3).repair());
    }

    @Test
    void aShortLineKeepsItsWholeFieldsAndDropsTheLastWhichMayBeCut() {
        LineShape.Fitted fitted = LineShape.fit(List.of("1", "Dupont", "Jea"), 5);
        assertEquals(Arrays.asList("1", "Dupont", null, null, null), fitted.values());
        assertEquals(LineRepair.TRUNCATED_LINE, fitted.repair());
        assertNull(LineShape.fit(List.of("garbage"), 5), "a single field is not a record's start");
    }

    @Test
    void windows1252IsReadOnlyWhenUnambiguous() {
        byte[] latin = "3,Hélène Œuvre,5 €,« x »".getBytes(LineEncoding.WINDOWS_1252);
        assertEquals("3,Hélène Œuvre,5 €,« x »", LineEncoding.asWindows1252(latin, latin.length));
        byte[] mixed = concat("Hélène,".getBytes(LineEncoding.WINDOWS_1252), "Hélène".getBytes(StandardCharsets.UTF_8));
        assertNull(LineEncoding.asWindows1252(mixed, mixed.length), "UTF-8 and Windows-1252 on one line: not one encoding");
        byte[] undefined = {'a', (byte) 0x81, 'b', (byte) 0xE9};
        assertNull(LineEncoding.asWindows1252(undefined, undefined.length), "0x81 is not Windows-1252");
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
