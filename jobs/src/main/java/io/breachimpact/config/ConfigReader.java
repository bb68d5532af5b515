package io.breachimpact.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigValue;
import io.breachimpact.error.BreachImpactException;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Typed reads from the effective configuration. Every failure names the key and where its value was
 * written (file and line, or the {@code --set} that gave it).
 */
public final class ConfigReader {
    private final Config config;

    ConfigReader(Config config) {
        this.config = config;
    }

    /** A number in [min, max]. */
    public double numberBetween(String key, double min, double max) {
        double value = read(key, () -> config.getDouble(key));
        if (!(value >= min && value <= max)) {
            throw invalid(key, "must be between " + min + " and " + max + ", got " + value);
        }
        return value;
    }

    public boolean has(String key) {
        return config.hasPath(key);
    }

    public List<String> strings(String key) {
        return read(key, () -> config.getStringList(key));
    }

    /**
     * A list of objects, each read with its own reader; keys outside {@code allowed} are rejected with
     * the place they were written.
     */
    public List<ConfigReader> objects(String key, java.util.Set<String> allowed) {
        List<? extends Config> items = read(key, () -> config.getConfigList(key));
        List<ConfigReader> readers = new ArrayList<>();
        for (Config item : items) {
            for (java.util.Map.Entry<String, ConfigValue> e : item.entrySet()) {
                if (!allowed.contains(e.getKey())) {
                    throw BreachImpactException.config("unknown key '" + e.getKey() + "' in an element of '" + key + "' at "
                            + e.getValue().origin().description() + ": allowed are " + new java.util.TreeSet<>(allowed));
                }
            }
            readers.add(new ConfigReader(item));
        }
        return readers;
    }

    public String string(String key) {
        return read(key, () -> config.getString(key));
    }

    public boolean bool(String key) {
        return read(key, () -> config.getBoolean(key));
    }

    public long longAtLeast(String key, long min) {
        long value = read(key, () -> config.getLong(key));
        if (value < min) {
            throw invalid(key, "must be at least " + min + ", got " + value);
        }
        return value;
    }

    /** A share in [0, 1]. */
    public double share(String key) {
        double value = read(key, () -> config.getDouble(key));
        if (!(value >= 0.0 && value <= 1.0)) {
            throw invalid(key, "must be a share between 0 and 1, got " + value);
        }
        return value;
    }

    public List<Double> shares(String key) {
        List<Double> values = read(key, () -> config.getDoubleList(key));
        for (double v : values) {
            if (!(v >= 0.0 && v <= 1.0)) {
                throw invalid(key, "every element must be a share between 0 and 1, got " + v);
            }
        }
        return values;
    }

    public List<Double> numbers(String key) {
        return read(key, () -> config.getDoubleList(key));
    }

    public int intBetween(String key, int min, int max) {
        int value = read(key, () -> config.getInt(key));
        if (value < min || value > max) {
            throw invalid(key, "must be between " + min + " and " + max + ", got " + value);
        }
        return value;
    }

    /** An object of shares, in the order written; the shares must sum to 1 (within 0.001). */
    public Map<String, Double> distribution(String key) {
        Config section = read(key, () -> config.getConfig(key));
        Map<String, Double> result = new LinkedHashMap<>();
        double sum = 0;
        List<String> names = new ArrayList<>(section.root().keySet());
        for (String name : names) {
            double v = share(key + "." + ConfigKeys.quote(name));
            result.put(name, v);
            sum += v;
        }
        if (Math.abs(sum - 1.0) > 0.001) {
            throw invalid(key, "shares must sum to 1, they sum to " + sum);
        }
        return result;
    }

    public LocalDate date(String key) {
        String text = string(key);
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw invalid(key, "must be a date written yyyy-mm-dd, got '" + text + "'");
        }
    }

    public <E extends Enum<E>> E choice(String key, Class<E> type) {
        String text = string(key);
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(text.replace('-', '_'))) {
                return e;
            }
        }
        List<String> allowed = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            allowed.add(e.name().toLowerCase().replace('_', '-'));
        }
        throw invalid(key, "must be one of " + allowed + ", got '" + text + "'");
    }

    /** Where a key's value was written, for messages. */
    public String origin(String key) {
        try {
            ConfigValue value = config.getValue(key);
            return value.origin().description();
        } catch (ConfigException e) {
            return "configuration";
        }
    }

    /** An error about a key's value, naming the key and its origin. */
    public BreachImpactException invalid(String key, String problem) {
        return BreachImpactException.config("configuration key '" + key + "' (" + origin(key) + ") " + problem);
    }

    private interface Read<T> {
        T get();
    }

    private <T> T read(String key, Read<T> read) {
        try {
            return read.get();
        } catch (ConfigException.Missing e) {
            throw BreachImpactException.config("configuration key '" + key + "' is missing");
        } catch (ConfigException.WrongType e) {
            throw BreachImpactException.config("configuration key '" + key + "' has the wrong type: " + e.getMessage());
        } catch (ConfigException e) {
            throw BreachImpactException.config("configuration key '" + key + "': " + e.getMessage());
        }
    }
}
