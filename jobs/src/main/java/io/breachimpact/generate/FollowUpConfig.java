package io.breachimpact.generate;

import io.breachimpact.config.AppConfig;
import io.breachimpact.config.ConfigReader;

import java.io.Serializable;
import java.util.EnumMap;
import java.util.Map;

/**
 * What a follow-up delivery is made of ({@code generate.follow-up}): the shares of its records that
 * are new persons, further records of known persons and corrections, and what corrections change.
 */
public record FollowUpConfig(double newPersons, double knownPersons, double corrections,
                             EnumMap<Correction, Double> correctionKinds) implements Serializable {

    public static FollowUpConfig from(AppConfig config) {
        ConfigReader r = config.reader();
        String records = "generate.follow-up.records";
        Map<String, Double> shares = r.distribution(records);
        for (String name : shares.keySet()) {
            if (!name.equals("new-persons") && !name.equals("known-persons") && !name.equals("corrections")) {
                throw r.invalid(records, "names '" + name + "'; its shares are new-persons, known-persons and corrections");
            }
        }
        String kindsKey = "generate.follow-up.correction-kinds";
        Map<String, Double> kindShares = r.distribution(kindsKey);
        EnumMap<Correction, Double> kinds = new EnumMap<>(Correction.class);
        for (Map.Entry<String, Double> e : kindShares.entrySet()) {
            Correction kind = null;
            for (Correction c : Correction.values()) {
                if (c != Correction.NONE && c.configName().equals(e.getKey())) {
                    kind = c;
                }
            }
            if (kind == null) {
                throw r.invalid(kindsKey, "names '" + e.getKey() + "'; the kinds are moved, new-email, new-phone and identity-fixed");
            }
            kinds.put(kind, e.getValue());
        }
        if (kinds.getOrDefault(Correction.MOVED, 0.0) + kinds.getOrDefault(Correction.NEW_PHONE, 0.0) <= 0) {
            throw r.invalid(kindsKey, "needs a share for moved or new-phone: identity-fixed and new-email do not apply to every record"
                    + " (an identity already as registered, a guardian's contact)");
        }
        return new FollowUpConfig(shares.getOrDefault("new-persons", 0.0), shares.getOrDefault("known-persons", 0.0),
                shares.getOrDefault("corrections", 0.0), kinds);
    }

    Picker<Correction> correctionPicker() {
        return Picker.of(java.util.List.copyOf(correctionKinds.keySet()), correctionKinds::get);
    }
}
