package io.breachimpact.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * A UTF-16 file's text as UTF-8 bytes, so that lines are split as in any other file (a UTF-16 line feed
 * is two bytes). Its byte-order mark is read and dropped by the decoder; bytes that are not UTF-16
 * fail the read with the file's position rather than becoming replacement characters.
 */
final class Utf8Transcoding extends InputStream {
    private final Reader reader;
    private final CharsetEncoder encoder = StandardCharsets.UTF_8.newEncoder();
    private final char[] chars = new char[8192];
    /** A high surrogate that ended the last read, waiting for its pair. */
    private int carried;
    private ByteBuffer pending = ByteBuffer.allocate(0);
    private boolean eof;

    Utf8Transcoding(InputStream in, Charset encoding) {
        this.reader = new InputStreamReader(in, encoding.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT));
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        while (!pending.hasRemaining()) {
            if (eof) {
                return -1;
            }
            int n;
            try {
                n = reader.read(chars, carried, chars.length - carried);
            } catch (CharacterCodingException e) {
                throw new UncheckedIOException("bytes that are not valid in the file's encoding", e);
            }
            if (n < 0) {
                eof = true;
                if (carried == 0) {
                    return -1;
                }
                throw new UncheckedIOException(new CharacterCodingException());
            }
            int available = carried + n;
            // A surrogate pair split between two reads is kept whole: encode up to the last complete character.
            int whole = Character.isHighSurrogate(chars[available - 1]) ? available - 1 : available;
            pending = encoder.encode(CharBuffer.wrap(chars, 0, whole));
            carried = available - whole;
            if (carried > 0) {
                chars[0] = chars[available - 1];
            }
        }
        int n = Math.min(len, pending.remaining());
        pending.get(b, off, n);
        return n;
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
