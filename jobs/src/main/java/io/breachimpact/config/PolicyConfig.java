package io.breachimpact.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import io.breachimpact.error.BreachImpactException;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The policy ({@code conf/policy.conf}): severity rules, suppression, and later the notification rules.
 * Read like the environment's configuration — a key the bundled policy does not have is rejected with
 * its file and line — and versioned: every run records {@code policy.version} and the policy's hash.
 */
public final class PolicyConfig {
    public static final String DEFAULTS_RESOURCE = "breach-impact-defaults/policy.conf";
    public static final String POLICY_ENV = "BREACH_IMPACT_POLICY";

    private final Config effective;
    private final String source;

    private PolicyConfig(Config effective, String source) {
        this.effective = effective;
        this.source = source;
    }

    /** @param file the policy file; empty means the bundled policy */
    public static PolicyConfig load(Optional<File> file) {
        Config defaults = ConfigFactory.parseResources(PolicyConfig.class.getClassLoader(), DEFAULTS_RESOURCE,
                ConfigParseOptions.defaults().setAllowMissing(false));
        Config user = file.map(AppConfig::parseFile).orElse(ConfigFactory.empty());
        AppConfig.rejectUnknownKeys(user, defaults);
        try {
            return new PolicyConfig(user.withFallback(defaults).resolve(), file.map(File::getPath).orElse("bundled policy"));
        } catch (ConfigException e) {
            throw BreachImpactException.config("policy error: " + e.getMessage());
        }
    }

    /**
     * This policy with some rules changed, for what-if comparisons (a notebook, a test): HOCON text
     * whose keys must all exist, e.g. {@code policy.notification.capacity-per-day.EMAIL = 500000}.
     *
     * @param label names the change in messages and in {@link #source()}
     */
    public PolicyConfig with(String hocon, String label) {
        Config changes;
        try {
            changes = ConfigFactory.parseString(hocon, ConfigParseOptions.defaults().setOriginDescription(label));
        } catch (ConfigException e) {
            throw BreachImpactException.config("policy error: " + e.getMessage());
        }
        AppConfig.rejectUnknownKeys(changes, effective);
        try {
            return new PolicyConfig(changes.withFallback(effective).resolve(), source + " + " + label);
        } catch (ConfigException e) {
            throw BreachImpactException.config("policy error: " + e.getMessage());
        }
    }

    /** The bundled policy. */
    public static PolicyConfig defaults() {
        return load(Optional.empty());
    }

    /** {@code --policy}, else {@code $BREACH_IMPACT_POLICY}, else {@code ./conf/policy.conf} when present, else the bundled one. */
    public static Optional<File> implicitFile() {
        String env = System.getenv(POLICY_ENV);
        if (env != null && !env.isBlank()) {
            return Optional.of(new File(env));
        }
        File local = new File("conf/policy.conf");
        return local.isFile() ? Optional.of(local) : Optional.empty();
    }

    public ConfigReader reader() {
        return new ConfigReader(effective);
    }

    public String version() {
        return reader().string("policy.version");
    }

    public String source() {
        return source;
    }

    /** A digest of the effective policy: two runs with the same version but different rules are told apart. */
    public String hash() {
        String rendered = effective.root().render(com.typesafe.config.ConfigRenderOptions.concise());
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(rendered.getBytes(StandardCharsets.UTF_8)))
                    .substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
