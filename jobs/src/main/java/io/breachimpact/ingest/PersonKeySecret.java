package io.breachimpact.ingest;

import io.breachimpact.error.BreachImpactException;
import io.breachimpact.ingest.normalize.PersonKeys;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;

/**
 * Where the person-key secret comes from: the environment ({@value PersonKeys#KEY_ENV}). A profile
 * that requires it refuses to run without it; otherwise (the local demo) a random development key is
 * made once under the lake's {@code _local/} and a warning says that it is one.
 */
public final class PersonKeySecret {
    private static final Logger LOG = LoggerFactory.getLogger(PersonKeySecret.class);

    private PersonKeySecret() {
    }

    /** Fails before any work when the profile requires the secret and the environment lacks it. */
    public static void requireIfNeeded(Map<String, String> environment, boolean required) {
        String key = environment.get(PersonKeys.KEY_ENV);
        if (required && (key == null || key.isBlank())) {
            throw missing();
        }
    }

    private static BreachImpactException missing() {
        return BreachImpactException.config(PersonKeys.KEY_ENV + " is not set: this profile (ingest.require-person-key = true) "
                + "refuses to make person keys without the secret. Set it to at least " + PersonKeys.MIN_KEY_LENGTH
                + " random characters (e.g. `openssl rand -hex 32`), kept outside the repository.");
    }

    public static PersonKeys load(Map<String, String> environment, boolean required, String devKeyPath, Configuration hadoop) {
        String key = environment.get(PersonKeys.KEY_ENV);
        if (key != null && !key.isBlank()) {
            if (key.length() < PersonKeys.MIN_KEY_LENGTH) {
                throw BreachImpactException.config(PersonKeys.KEY_ENV + " is too short: at least " + PersonKeys.MIN_KEY_LENGTH
                        + " characters (e.g. `openssl rand -hex 32`)");
            }
            return new PersonKeys(key);
        }
        if (required) {
            throw missing();
        }
        String devKey = developmentKey(devKeyPath, hadoop);
        if (devKey.length() < PersonKeys.MIN_KEY_LENGTH) {
            throw BreachImpactException.config("the development key in " + devKeyPath + " is damaged (too short): delete it, "
                    + "a new one is made (person keys of earlier local runs will change)");
        }
        LOG.warn("{} is not set: person keys are made with the development key in {}. Fine for synthetic data; "
                + "set {} for real data.", PersonKeys.KEY_ENV, devKeyPath, PersonKeys.KEY_ENV);
        return new PersonKeys(devKey);
    }

    private static String developmentKey(String pathName, Configuration hadoop) {
        Path path = new Path(pathName);
        try {
            FileSystem fs = path.getFileSystem(hadoop);
            if (fs.exists(path)) {
                try (InputStream in = fs.open(path)) {
                    return new String(in.readAllBytes(), StandardCharsets.US_ASCII).strip();
                }
            }
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            String key = HexFormat.of().formatHex(random);
            fs.mkdirs(path.getParent(), new FsPermission((short) 0700));
            try (OutputStream out = fs.create(path, false)) {
                out.write(key.getBytes(StandardCharsets.US_ASCII));
            }
            fs.setPermission(path, new FsPermission((short) 0600));
            return key;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot read or make the development person key " + pathName, e);
        }
    }
}
