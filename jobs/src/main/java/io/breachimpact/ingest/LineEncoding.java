package io.breachimpact.ingest;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;

/**
 * A line that is not UTF-8 is read as Windows-1252 (what "Latin-1" means in a Windows export: it also
 * has œ, Œ, € and typographic quotes) only when that is unambiguous: the line holds no valid UTF-8
 * multi-byte sequence (a line mixing both is not one encoding, and "Ã©" could be either) and every byte
 * is defined in Windows-1252.
 */
final class LineEncoding {
    private LineEncoding() {
    }

    static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

    /** @return the line's text, or null when it is not unambiguously Windows-1252 */
    static String asWindows1252(byte[] bytes, int length) {
        if (holdsUtf8Sequence(bytes, length)) {
            return null;
        }
        try {
            return WINDOWS_1252.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes, 0, length)).toString();
        } catch (CharacterCodingException e) {
            return null; // 0x81, 0x8D, 0x8F, 0x90 or 0x9D: not Windows-1252 either
        }
    }

    /** Whether some bytes form a well-formed UTF-8 sequence of two to four bytes. */
    static boolean holdsUtf8Sequence(byte[] bytes, int length) {
        for (int i = 0; i < length; i++) {
            int b = bytes[i] & 0xFF;
            int continuation = b >= 0xC2 && b <= 0xDF ? 1 : b >= 0xE0 && b <= 0xEF ? 2 : b >= 0xF0 && b <= 0xF4 ? 3 : 0;
            if (continuation == 0 || i + continuation >= length) {
                continue;
            }
            boolean whole = true;
            for (int k = 1; k <= continuation && whole; k++) {
                whole = (bytes[i + k] & 0xC0) == 0x80;
            }
            if (whole) {
                return true;
            }
        }
        return false;
    }
}
