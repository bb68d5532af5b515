package io.breachimpact.ingest.normalize;

import io.breachimpact.reference.Commune;
import io.breachimpact.reference.Departement;
import io.breachimpact.reference.ReferenceData;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Postal code → département → région, and whether the city agrees. The département is read from the
 * code (Corsica's 20xxx split into 2A/2B, overseas 971–976); a city that the reference places in
 * another département is flagged, never silently corrected.
 */
public final class PostalGeography {
    /** What an address says about where a person lives. */
    public record Place(String postalCode, String departementCode, String regionCode, boolean cityMismatch, String problem) {
    }

    private final Map<String, Departement> departements;
    private final Map<String, Set<String>> departementsByCity = new HashMap<>();

    private PostalGeography(ReferenceData reference) {
        this.departements = reference.departements();
        for (Commune c : reference.communes()) {
            String city = Names.comparison(c.name());
            departementsByCity.computeIfAbsent(city, k -> new HashSet<>()).add(c.departementCode());
        }
    }

    private static final class Holder {
        static final PostalGeography INSTANCE = new PostalGeography(ReferenceData.get());
    }

    public static PostalGeography get() {
        return Holder.INSTANCE;
    }

    public Place locate(String rawPostalCode, String rawCity) {
        String code = rawPostalCode == null ? "" : rawPostalCode.strip();
        if (code.isEmpty()) {
            return new Place(null, null, null, false, "MISSING");
        }
        if (code.length() == 4 && code.chars().allMatch(Character::isDigit)) {
            code = "0" + code; // a spreadsheet ate the leading zero
        }
        if (code.length() != 5 || !code.chars().allMatch(Character::isDigit)) {
            return new Place(code, null, null, false, "INVALID_FORMAT");
        }
        String dept = departementOf(code);
        Departement d = departements.get(dept);
        if (d == null) {
            return new Place(code, null, null, false, "UNKNOWN_DEPARTEMENT");
        }
        return new Place(code, d.code(), d.regionCode(), contradicts(d.code(), rawCity), null);
    }

    /** The département a postal code belongs to, by the numbering rule (rare cross-border exceptions aside). */
    static String departementOf(String code) {
        if (code.startsWith("97")) {
            return code.substring(0, 3);
        }
        if (code.startsWith("20")) {
            return code.charAt(2) < '2' ? "2A" : "2B";
        }
        return code.substring(0, 2);
    }

    /**
     * A city the reference knows, in none of the départements it is known in: a contradiction. A city
     * the reference does not know (it lists a few hundred communes) is never flagged.
     */
    private boolean contradicts(String dept, String rawCity) {
        String city = Names.comparison(rawCity);
        if (city == null) {
            return false;
        }
        Set<String> depts = departementsByCity.get(city);
        return depts != null && !depts.contains(dept);
    }

    /** libphonenumber's region for a département: overseas numbers are read in their own region. */
    public static String phoneRegion(String departementCode) {
        if (departementCode == null) {
            return null;
        }
        switch (departementCode) {
            case "971":
                return "GP";
            case "972":
                return "MQ";
            case "973":
                return "GF";
            case "974":
                return "RE";
            case "976":
                return "YT";
            default:
                return "FR";
        }
    }
}
