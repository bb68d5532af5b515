package io.breachimpact.ingest;

import io.breachimpact.error.BreachImpactException;
import io.breachimpact.error.ExitCode;
import io.breachimpact.ingest.normalize.PersonKeys;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Where the person-key secret comes from, with an explicit environment (whatever the test machine's). */
class PersonKeySecretTest {
    private static final String KEY = "a-secret-from-the-environment-0123456789";

    @TempDir
    Path dir;

    private String key(PersonKeys keys) {
        return keys.personKey("dupont", "jean", "1980-01-01", null, null);
    }

    @Test
    void aProfileThatRequiresTheSecretRefusesToRunWithoutIt() {
        BreachImpactException e = assertThrows(BreachImpactException.class, () -> PersonKeySecret.requireIfNeeded(Map.of(), true));
        assertEquals(ExitCode.USAGE_OR_CONFIG, e.exitCode());
        assertTrue(e.getMessage().contains(PersonKeys.KEY_ENV + " is not set"));
        PersonKeySecret.requireIfNeeded(Map.of(PersonKeys.KEY_ENV, KEY), true);
        assertThrows(BreachImpactException.class, () -> PersonKeySecret.load(Map.of(), true, dir.resolve("k").toString(), new Configuration()));
    }

    @Test
    void aShortSecretIsRefused() {
        BreachImpactException e = assertThrows(BreachImpactException.class,
                () -> PersonKeySecret.load(Map.of(PersonKeys.KEY_ENV, "short"), false, dir.resolve("k").toString(), new Configuration()));
        assertTrue(e.getMessage().contains("too short"));
    }

    @Test
    void theEnvironmentsSecretIsUsedAndNoFileIsMade() {
        Path devKey = dir.resolve("_local/dev-person-key");
        PersonKeys keys = PersonKeySecret.load(Map.of(PersonKeys.KEY_ENV, KEY), false, devKey.toString(), new Configuration());
        assertEquals(key(new PersonKeys(KEY)), key(keys));
        assertTrue(Files.notExists(devKey));
    }

    @Test
    void withoutItTheLocalProfileMakesOneDevelopmentKeyReadableByTheOwnerOnly() throws IOException {
        Path devKey = dir.resolve("_local/dev-person-key");
        PersonKeys first = PersonKeySecret.load(Map.of(), false, devKey.toString(), new Configuration());
        PersonKeys second = PersonKeySecret.load(Map.of(), false, devKey.toString(), new Configuration());
        assertEquals(key(first), key(second), "the same development key on the next run: person keys stay stable");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(devKey)));
        assertNotEquals(key(new PersonKeys(KEY)), key(first));
        Files.writeString(devKey, "damaged");
        BreachImpactException e = assertThrows(BreachImpactException.class,
                () -> PersonKeySecret.load(Map.of(), false, devKey.toString(), new Configuration()));
        assertTrue(e.getMessage().contains("damaged"));
    }
}
