package io.breachimpact.decide;

import io.breachimpact.spark.Lake;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a run's staged outputs become when it publishes them. */
class StagedRunsTest {
    @Test
    void aRunThatIssuedNothingPutsNothingInTheOutbox(@TempDir Path root) throws IOException {
        Lake lake = new Lake(root.toString());
        StagedRuns staged = new StagedRuns(lake, new Configuration());
        for (String run : new String[] {"quiet", "busy"}) {
            Path manifests = Path.of(staged.staging(run).toUri().getPath(), "manifests");
            Files.createDirectories(manifests);
            Files.writeString(manifests.resolve("email.csv"), "notification_id,email\n" + (run.equals("busy") ? "N1,a@b.fr\n" : ""));
            Files.writeString(manifests.resolve("sms.csv"), "notification_id,msisdn\n");
        }
        staged.publish("quiet");
        staged.publish("busy");
        assertFalse(Files.exists(Path.of(lake.outbox(), "quiet")), "three header lines are nothing to deliver");
        assertTrue(Files.exists(Path.of(lake.outbox(), "busy", "email.csv")));
        assertTrue(Files.exists(Path.of(lake.outbox(), "busy", "sms.csv")), "with sends, an empty channel still says so");
        assertTrue(Files.isDirectory(Path.of(lake.reports("quiet"))), "the run's report directory is published either way");
    }
}
