package io.breachimpact.generate;

/**
 * What a record sent again in a follow-up delivery corrects: the same record id with a changed field,
 * named as in {@code generate.follow-up.correction-kinds}.
 */
public enum Correction {
    /** A record sent once. */
    NONE("none"),
    /** The person moved: another street, postal code and city (most often in the same département). */
    MOVED("moved"),
    /** Another email address (a valid one: a missing or malformed address is replaced too). */
    NEW_EMAIL("new-email"),
    /** Another phone number. */
    NEW_PHONE("new-phone"),
    /**
     * Surname, given names and birth date set back to the person's civil-status values (a typo, a
     * married name or a wrong date fixed); drawn only for records that differ (another kind for the others).
     */
    IDENTITY_FIXED("identity-fixed");

    private final String configName;

    Correction(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }
}
