package io.breachimpact.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import io.breachimpact.error.BreachImpactException;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The environment configuration: the bundled defaults ({@code conf/application.conf} as packaged),
 * a user file over them, one profile over that, and {@code --set} overrides on top.
 *
 * <p>Loading validates everything the file says: a key the defaults do not know is rejected with
 * its file and line (and the nearest known key), so a typo never falls back to a default silently.
 */
public final class AppConfig {
    /** The defaults, packaged from {@code conf/application.conf}. */
    public static final String DEFAULTS_RESOURCE = "breach-impact-defaults/application.conf";
    /** Environment variable naming the configuration file when {@code --conf} is not given. */
    public static final String CONF_ENV = "BREACH_IMPACT_CONF";
    public static final String DEFAULT_PROFILE = "local";

    /** Subtrees whose keys are free (passed through to Spark). */
    private static final List<String> OPEN_MAPS = List.of("spark.settings");

    private final Config effective;
    private final String profile;
    private final String source;

    private AppConfig(Config effective, String profile, String source) {
        this.effective = effective;
        this.profile = profile;
        this.source = source;
    }

    /**
     * @param file    the user's file; empty means the bundled defaults alone
     * @param profile the profile to apply ({@code local}, {@code cluster}, or one the file defines)
     * @param sets    {@code key=value} overrides
     */
    public static AppConfig load(Optional<File> file, String profile, List<String> sets) {
        Config defaults = ConfigFactory.parseResources(AppConfig.class.getClassLoader(), DEFAULTS_RESOURCE,
                ConfigParseOptions.defaults().setAllowMissing(false));
        Config user = file.map(AppConfig::parseFile).orElse(ConfigFactory.empty());
        Config overrides = parseSets(sets);

        rejectUnknownKeys(user, defaults);
        rejectUnknownKeys(overrides, defaults);

        Config merged;
        try {
            merged = user.withFallback(defaults).resolve();
        } catch (ConfigException e) {
            throw BreachImpactException.config("configuration error: " + e.getMessage());
        }
        String profilePath = "profiles." + ConfigKeys.quote(profile);
        if (!merged.hasPath(profilePath)) {
            throw BreachImpactException.config("unknown profile '" + profile + "': the configuration defines "
                    + merged.getObject("profiles").keySet() + " (" + file.map(File::getPath).orElse("bundled defaults") + ")");
        }
        Config effective = overrides
                .withFallback(merged.getConfig(profilePath))
                .withFallback(merged.withoutPath("profiles"));
        String source = file.map(File::getPath).orElse("bundled defaults");
        return new AppConfig(effective, profile, source);
    }

    /** The bundled defaults alone, with the given profile and overrides: for tests and library use. */
    public static AppConfig defaults(String profile, String... sets) {
        return load(Optional.empty(), profile, List.of(sets));
    }

    /**
     * The file a command uses when {@code --conf} is not given: {@code $BREACH_IMPACT_CONF}, else
     * {@code ./conf/application.conf} when present, else none (the bundled defaults alone).
     */
    public static Optional<File> implicitFile() {
        String env = System.getenv(CONF_ENV);
        if (env != null && !env.isBlank()) {
            return Optional.of(new File(env));
        }
        File local = new File("conf/application.conf");
        return local.isFile() ? Optional.of(local) : Optional.empty();
    }

    static Config parseFile(File file) {
        if (!file.exists()) {
            throw BreachImpactException.config("configuration file not found: " + file.getPath());
        }
        if (!file.isFile() || !file.canRead()) {
            throw BreachImpactException.config("configuration file is not a readable file: " + file.getPath());
        }
        try {
            return ConfigFactory.parseFile(file, ConfigParseOptions.defaults()
                    .setSyntax(ConfigSyntax.CONF).setAllowMissing(false));
        } catch (ConfigException e) {
            throw BreachImpactException.config("cannot parse configuration: " + e.getMessage());
        }
    }

    private static Config parseSets(List<String> sets) {
        Config result = ConfigFactory.empty();
        for (String set : sets) {
            int eq = set.indexOf('=');
            if (eq <= 0) {
                throw BreachImpactException.config("--set expects key=value, got '" + set + "'");
            }
            String key = set.substring(0, eq).trim();
            String value = set.substring(eq + 1);
            ConfigParseOptions origin = ConfigParseOptions.defaults().setOriginDescription("--set " + set);
            Config one;
            try {
                one = ConfigFactory.parseString(key + " = " + value, origin);
            } catch (ConfigException notHocon) {
                // A URI or a path with ':' is not a HOCON value: take it as the string it obviously is.
                try {
                    one = ConfigFactory.parseString(key + " = " + ConfigUtil.quoteString(value), origin);
                } catch (ConfigException e) {
                    throw BreachImpactException.config("cannot parse --set '" + set + "': " + e.getMessage());
                }
            }
            result = one.withFallback(result);
        }
        return result;
    }

    static void rejectUnknownKeys(Config candidate, Config defaults) {
        for (Map.Entry<String, ConfigValue> entry : candidate.entrySet()) {
            String key = entry.getKey();
            if (!isKnown(key, defaults)) {
                throw BreachImpactException.config("unknown configuration key '" + key + "' at "
                        + entry.getValue().origin().description()
                        + ConfigKeys.suggestion(key, knownKeys(defaults)));
            }
        }
    }

    private static boolean isKnown(String key, Config defaults) {
        if (key.startsWith("profiles.")) {
            String rest = key.substring("profiles.".length());
            int dot = ConfigKeys.firstSegmentEnd(rest);
            return dot > 0 && isKnown(rest.substring(dot + 1), defaults.withoutPath("profiles"));
        }
        for (String open : OPEN_MAPS) {
            if (key.startsWith(open + ".")) {
                return true;
            }
        }
        try {
            return defaults.hasPathOrNull(key);
        } catch (ConfigException e) {
            return false;
        }
    }

    private static List<String> knownKeys(Config defaults) {
        List<String> keys = new ArrayList<>();
        for (Map.Entry<String, ConfigValue> e : defaults.entrySet()) {
            keys.add(e.getKey());
        }
        return keys;
    }

    public String profile() {
        return profile;
    }

    /** Where the configuration came from, for messages and the run record. */
    public String source() {
        return source;
    }

    /** A reader of the effective configuration whose errors name the key and its origin. */
    public ConfigReader reader() {
        return new ConfigReader(effective);
    }

    public String lakeRoot() {
        return reader().string("lake.root");
    }

    /** The Spark master the configuration asks for; empty when spark-submit decides. */
    public String sparkMaster() {
        return reader().string("spark.master");
    }

    public String appName() {
        return reader().string("spark.app-name");
    }

    /** The Spark settings of the chosen profile over the base ones, in key order. */
    public Map<String, String> sparkSettings() {
        Map<String, String> settings = new TreeMap<>();
        for (Map.Entry<String, ConfigValue> e : effective.getConfig("spark.settings").entrySet()) {
            settings.put(ConfigKeys.unquote(e.getKey()), String.valueOf(e.getValue().unwrapped()));
        }
        return settings;
    }

    /**
     * Keys that say where a run runs and how it is watched, not what it computes: the tables a cluster
     * computes equal a local run's (ClusterNightlyIT), and a lake moved to another path is the same lake.
     */
    private static final List<String> PLACE_KEYS = List.of("lake.root", "spark.master", "spark.app-name");
    /** Spark settings of the same kind: its event log and its web UI. */
    private static final List<String> WATCH_SETTINGS = List.of("spark.eventLog.", "spark.ui.");

    /**
     * A stable digest of the effective configuration, recorded with every run: a job skips a run whose
     * inputs and configuration are those of the last, and resolve and decide change only what changed
     * under the last run's configuration. Where the lake lives, the master and the app's name, Spark's
     * event log and UI are left out: moving a lake, or profiling one night, does not make every person
     * linked and decided again.
     */
    public String hash() {
        Config hashed = effective;
        for (String key : PLACE_KEYS) {
            hashed = hashed.withoutPath(key);
        }
        for (String setting : sparkSettings().keySet()) {
            if (WATCH_SETTINGS.stream().anyMatch(setting::startsWith)) {
                hashed = hashed.withoutPath("spark.settings." + ConfigKeys.quote(setting));
            }
        }
        String rendered = hashed.root().render(com.typesafe.config.ConfigRenderOptions.concise());
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(rendered.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
