package io.breachimpact.model;

import java.util.Optional;

/** The kinds of identity document the agency's requests concern. */
public enum DocumentType {
    PASSPORT("PASSEPORT", "passport"),
    NATIONAL_ID_CARD("CNI", "national-id-card"),
    DRIVING_LICENCE("PERMIS_CONDUIRE", "driving-licence"),
    RESIDENCE_PERMIT("TITRE_SEJOUR", "residence-permit");

    private final String dumpCode;
    private final String configName;

    DocumentType(String dumpCode, String configName) {
        this.dumpCode = dumpCode;
        this.configName = configName;
    }

    /** How the agency's export writes it. */
    public String dumpCode() {
        return dumpCode;
    }

    /** How configuration and reference files name it. */
    public String configName() {
        return configName;
    }

    public static Optional<DocumentType> fromDumpCode(String code) {
        for (DocumentType t : values()) {
            if (t.dumpCode.equalsIgnoreCase(code)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    public static Optional<DocumentType> fromConfigName(String name) {
        for (DocumentType t : values()) {
            if (t.configName.equalsIgnoreCase(name)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
