package io.breachimpact.ingest.inspect;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The places of an SQL dump beyond its first sample where a table starts: each {@code CREATE TABLE}, each
 * {@code COPY}, and each {@code INSERT INTO} of another table than the INSERT before it. One pass over
 * the file's bytes finds them (no parsing); a window of {@link #WINDOW} bytes is read at each.
 */
final class SqlDumpWindows {
    static final int WINDOW = 1 << 20;
    private static final int MAX_WINDOWS = 64;
    private static final byte[][] MARKS = {bytes("\nCREATE TABLE "), bytes("\nCOPY "), bytes("\nINSERT INTO ")};

    private SqlDumpWindows() {
    }

    /** The windows' text, for a plain file longer than {@code from}; none for a gzip file (it cannot be read at an offset). */
    static List<String> later(String file, Configuration hadoop, Charset charset, long from) {
        List<String> windows = new ArrayList<>();
        if (file.endsWith(".gz")) {
            return windows;
        }
        Path path = new Path(file);
        try {
            FileSystem fs = path.getFileSystem(hadoop);
            long length = fs.getFileStatus(path).getLen();
            if (length <= from) {
                return windows;
            }
            List<Long> starts = starts(fs, path, from - 1);
            try (FSDataInputStream in = fs.open(path)) {
                for (long start : starts) {
                    byte[] window = new byte[(int) Math.min(WINDOW, length - start)];
                    in.readFully(start, window);
                    int end = window.length;
                    while (end > 0 && window[end - 1] != '\n' && start + window.length < length) {
                        end--; // the window ends inside a line
                    }
                    windows.add(new String(window, 0, end, charset));
                }
            }
        } catch (IOException e) {
            return windows; // the start of the file is judged alone
        }
        return windows;
    }

    /** Offsets (after the line break) of the statements that start a table, past {@code from}. */
    private static List<Long> starts(FileSystem fs, Path path, long from) throws IOException {
        List<Long> starts = new ArrayList<>();
        byte[] chunk = new byte[1 << 20];
        byte[] lastInsert = new byte[0];
        long covered = -1; // windows already read cover up to here
        try (FSDataInputStream in = fs.open(path)) {
            in.seek(from);
            long offset = from;
            int keep = 0;
            int n;
            while (starts.size() < MAX_WINDOWS && (n = in.read(chunk, keep, chunk.length - keep)) > 0) {
                int filled = keep + n;
                int limit = filled - 64; // a mark and the name after it fit in what is kept for the next chunk
                int i = 0;
                for (; i < limit; i++) {
                    if (chunk[i] != '\n') {
                        continue;
                    }
                    for (int m = 0; m < MARKS.length; m++) {
                        if (!startsWith(chunk, i, MARKS[m])) {
                            continue;
                        }
                        long at = offset + i + 1;
                        if (m == 2) {
                            byte[] table = name(chunk, i + MARKS[m].length);
                            if (Arrays.equals(table, lastInsert)) {
                                break;
                            }
                            lastInsert = table;
                        }
                        if (at > covered) {
                            starts.add(at);
                            covered = at + WINDOW / 2;
                        }
                        break;
                    }
                }
                keep = filled - i;
                System.arraycopy(chunk, i, chunk, 0, keep);
                offset += i;
            }
        }
        return starts;
    }

    private static byte[] name(byte[] chunk, int from) {
        int end = from;
        while (end < chunk.length && end - from < 64 && chunk[end] != ' ' && chunk[end] != '(' && chunk[end] != '\n') {
            end++;
        }
        return Arrays.copyOfRange(chunk, from, end);
    }

    private static boolean startsWith(byte[] chunk, int at, byte[] mark) {
        if (at + mark.length > chunk.length) {
            return false;
        }
        for (int k = 0; k < mark.length; k++) {
            if (chunk[at + k] != mark[k]) {
                return false;
            }
        }
        return true;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
