package io.breachimpact.ingest;

import io.breachimpact.spark.DeltaTables;
import io.breachimpact.spark.Directories;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.io.UncheckedIOException;

/** silver/records as plain Parquet, for tools that do not read Delta; replaced whole, atomically. */
public final class SilverExport {
    private SilverExport() {
    }

    public static void write(SparkSession spark, String silverPath, String target) {
        Path out = new Path(target);
        String runId = Long.toString(System.nanoTime());
        Path tmp = Directories.sibling(out, ".tmp-" + runId);
        FileSystem fs;
        try {
            fs = out.getFileSystem(spark.sparkContext().hadoopConfiguration());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot export silver to " + target, e);
        }
        try {
            DeltaTables.read(spark, silverPath).write().parquet(tmp.toString());
            Directories.publish(fs, tmp, out, runId);
        } finally {
            try {
                fs.delete(tmp, true); // gone after a publication; left over after a failure
            } catch (IOException ignored) {
                // nothing more to do: the previous export is untouched either way
            }
        }
    }
}
