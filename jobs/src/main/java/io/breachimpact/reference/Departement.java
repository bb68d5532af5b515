package io.breachimpact.reference;

import java.io.Serializable;
import java.util.List;

/**
 * A département: its INSEE code (01…95, 2A, 2B, 971…976), its région, an approximate population
 * (a weight only: régions carry the exact totals) and its telephone numbering zone.
 */
public record Departement(String code, String name, String regionCode, long populationApprox, String prefecture,
                          String landlinePrefix, List<String> mobilePrefixes) implements Serializable {

    public boolean overseas() {
        return code.length() == 3;
    }
}
