package io.breachimpact.ingest;

import io.breachimpact.spark.DeltaTables;
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
        Path tmp = new Path(out.getParent(), "." + out.getName() + ".tmp-" + System.nanoTime());
        Path old = new Path(out.getParent(), "." + out.getName() + ".old-" + System.nanoTime());
        try {
            FileSystem fs = out.getFileSystem(spark.sparkContext().hadoopConfiguration());
            DeltaTables.read(spark, silverPath).write().parquet(tmp.toString());
            boolean replacing = fs.exists(out);
            if (replacing && !fs.rename(out, old)) {
                throw new IOException("cannot move " + out + " aside");
            }
            if (!fs.rename(tmp, out)) {
                throw new IOException("cannot move " + tmp + " to " + out);
            }
            if (replacing) {
                fs.delete(old, true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot export silver to " + target, e);
        }
    }
}
