package io.breachimpact.spark;

import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.io.UncheckedIOException;

/** Publishing a directory written beside its destination: readers see the old one or the new one, whole. */
public final class Directories {
    private Directories() {
    }

    /** A hidden sibling of a path, for work in progress ({@code .name.tmp-…}) or a swapped-out old version. */
    public static Path sibling(Path path, String suffix) {
        return new Path(path.getParent(), "." + path.getName() + suffix);
    }

    /**
     * Moves the finished directory into place; an existing one is moved aside first, then deleted.
     * (Renames are atomic on HDFS and local disks; on object stores they are copies.)
     */
    public static void publish(FileSystem fs, Path finished, Path target, String runId) {
        try {
            Path old = sibling(target, ".old-" + runId);
            boolean replacing = fs.exists(target);
            if (replacing && !fs.rename(target, old)) {
                throw new IOException("cannot move " + target + " aside");
            }
            if (!fs.rename(finished, target)) {
                throw new IOException("cannot move " + finished + " to " + target);
            }
            if (replacing) {
                fs.delete(old, true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot publish " + target, e);
        }
    }
}
