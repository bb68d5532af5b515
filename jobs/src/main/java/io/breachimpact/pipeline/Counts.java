package io.breachimpact.pipeline;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** What a run counted, under its job's {@link CountKey}s, in the order they were put. */
public final class Counts {
    private final Map<String, Long> values = new LinkedHashMap<>();

    public Counts put(CountKey key, long value) {
        values.put(key.key(), value);
        return this;
    }

    /** A count per member of a family (per outcome, per reason…). */
    public Counts putEach(CountKey family, Map<String, Long> members) {
        members.forEach((member, value) -> values.put(family.key(member), value));
        return this;
    }

    public Map<String, Long> asMap() {
        return Collections.unmodifiableMap(values);
    }
}
