package io.breachimpact.generate;

/**
 * The errors of real data entry that the hard error model ({@code generate.errors = hard}) puts in a
 * person's later records, named as in {@code generate.entry-errors}. Each rate is a share of the
 * later records it can apply to (a married name: of the records of women of 22 and over; a reordered
 * compound surname: of records whose surname is compound).
 */
public enum EntryError {
    /** A letter substituted by a keyboard neighbour, two letters transposed, one omitted or doubled. */
    SURNAME_TYPO("surname-typo"),
    GIVEN_NAME_TYPO("given-name-typo"),
    /** One digit of the birth date replaced by a neighbouring one (the date stays a real date). */
    BIRTH_DATE_DIGIT("birth-date-digit"),
    /** Day and month swapped (a date whose day is at most 12). */
    BIRTH_DATE_DAY_MONTH_SWAPPED("birth-date-day-month-swapped"),
    /** 1 January of the birth year, written where the day and month were unknown. */
    BIRTH_DATE_FIRST_OF_JANUARY("birth-date-first-of-january"),
    /** The married name (nom d'usage) instead of, or beside, the birth name. */
    MARRIED_NAME("married-name"),
    /** "Martin-Durand" entered as "Durand Martin". */
    COMPOUND_SURNAME_REORDERED("compound-surname-reordered"),
    /** "Le Gall" entered as "Legall", "Delaroche" as "De La Roche". */
    PARTICLE_SPACING("particle-spacing"),
    /** "Jean Pierre" entered as "J Pierre" or "J. P.". */
    GIVEN_NAME_INITIALS("given-name-initials"),
    /** Another email address of the same person. */
    CHANGED_EMAIL("changed-email"),
    /** Another postal address (a move). */
    CHANGED_ADDRESS("changed-address");

    private final String configName;

    EntryError(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }
}
