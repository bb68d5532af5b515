package io.breachimpact.ingest;

import io.breachimpact.error.BreachImpactException;
import org.apache.spark.util.CollectionAccumulator;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.LongFunction;

/**
 * One file's rows as a read task hands them to Spark: what the file held is counted once it is read to
 * its end, the file is closed then (or at the first error), and a read that fails midway names the file
 * and the last line read instead of leaving a stack trace alone.
 *
 * @param <S> what the file's reader yields
 * @param <T> the row made of it
 */
final class FileRows<S, T> implements Iterator<T> {
    private final String file;
    private final Iterator<S> source;
    private final Closeable in;
    private final LongSupplier lastLine;
    private final LongFunction<FileReadCount> readCount;
    private final CollectionAccumulator<FileReadCount> counts;
    private final Function<S, T> toRow;
    private final String unreadable;
    private long rows;
    private boolean done;

    /**
     * @param lastLine   the number of the last line read, for the error
     * @param readCount  what the file held, asked once at its end with the number of rows handed out
     * @param unreadable what a read error most likely means, for the user
     */
    FileRows(String file, Iterator<S> source, Closeable in, LongSupplier lastLine, LongFunction<FileReadCount> readCount,
             CollectionAccumulator<FileReadCount> counts, Function<S, T> toRow, String unreadable) {
        this.file = file;
        this.source = source;
        this.in = in;
        this.lastLine = lastLine;
        this.readCount = readCount;
        this.counts = counts;
        this.toRow = toRow;
        this.unreadable = unreadable;
    }

    @Override
    public boolean hasNext() {
        if (done) {
            return false;
        }
        boolean more;
        try {
            more = source.hasNext();
        } catch (UncheckedIOException e) {
            close();
            throw BreachImpactException.badInput(file + " could not be read to its end after line " + lastLine.getAsLong() + " ("
                    + e.getCause().getMessage() + "): " + unreadable, e);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        if (!more) {
            done = true;
            counts.add(readCount.apply(rows));
            close();
        }
        return more;
    }

    @Override
    public T next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        rows++;
        return toRow.apply(source.next());
    }

    private void close() {
        try {
            in.close();
        } catch (IOException ignored) {
            // reading is over either way
        }
    }
}
