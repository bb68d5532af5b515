package io.breachimpact.ingest;

import io.breachimpact.generate.OutputFormat;
import io.breachimpact.model.DumpColumns;
import io.breachimpact.testing.DumpFiles;
import io.breachimpact.testing.Generated;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The line reader on a dump with ten times the default structural dirt, so that the rare
 * combinations occur (a Latin-1 line inside a multi-line address, a truncated multi-line record, …):
 * every generated record is read as exactly one record, repaired exactly when the truth says it was dirtied.
 */
class ReaderOnGeneratedDumpTest {
    @Test
    void oneRecordReadPerRecordWrittenWithTheProblemTheTruthPredicts(@TempDir Path dir) throws IOException {
        Generated.generate(Generated.config(60_000, 31, 30_000, OutputFormat.CSV, false,
                "generate.dirt.embedded-newline=0.05", "generate.dirt.embedded-quotes=0.05", "generate.dirt.latin1-bytes=0.05",
                "generate.dirt.truncated-line=0.02", "generate.dirt.extra-columns=0.02", "generate.dirt.crlf-line-end=0.2"), dir);
        Map<String, DumpFiles.Truth> truth = DumpFiles.readTruth(dir.resolve("truth"));
        long records = 0;
        for (Path file : DumpFiles.files(dir.resolve("dump"), ".csv")) {
            try (InputStream in = Files.newInputStream(file)) {
                DumpReader reader = new DumpReader(in, DumpColumns.COUNT, 1 << 20, 20);
                while (reader.hasNext()) {
                    RawRecord r = reader.next();
                    records++;
                    String id = r.values() != null ? r.values().get(0) : r.text().substring(0, r.text().indexOf(','));
                    DumpFiles.Truth t = truth.get(id);
                    assertNull(r.problem(), id + " " + r.text());
                    assertEquals(t.has("latin1-bytes"), r.repairs().contains(LineRepair.REPAIRED_ENCODING), id);
                    assertEquals(t.has("truncated-line"), r.repairs().contains(LineRepair.TRUNCATED_LINE), id);
                    assertEquals(t.has("extra-columns"), r.repairs().contains(LineRepair.EXTRA_EMPTY_FIELDS), id);
                    assertEquals(DumpColumns.COUNT, r.values().size(), id);
                    if (!t.has("truncated-line")) {
                        assertEquals(t.has("embedded-newline") ? 2 : 1, r.lineCount(), id);
                    }
                }
            }
        }
        assertEquals(60_000, records);
    }
}
