package io.breachimpact.generate;

import io.breachimpact.model.DumpColumns;
import io.breachimpact.reference.Departement;

import java.util.EnumSet;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Makes a known record into its correction, as an agency re-sends one: the same record id and person,
 * one kind of change, a new line (its line-level dirt drawn again). Value dirt the change does not
 * touch stays, as it would in the agency's system.
 */
final class RecordCorrector {
    /** Entry errors that concern the identity fields a civil-status fix replaces. */
    private static final Set<EntryError> IDENTITY_ERRORS = EnumSet.complementOf(EnumSet.of(EntryError.CHANGED_EMAIL,
            EntryError.CHANGED_ADDRESS));

    private final SyntheticPopulation population;
    private final Picker<Correction> kinds;
    private final SplittableRandom random;
    private final DirtInjector dirt;

    RecordCorrector(SyntheticPopulation population, Picker<Correction> kinds, SplittableRandom random, DirtInjector dirt) {
        this.population = population;
        this.kinds = kinds;
        this.random = random;
        this.dirt = dirt;
    }

    DumpRecord correct(DumpRecord sent) {
        DumpRecord r = sent.copy();
        Person person = r.person;
        String[] f = r.fields;
        Correction kind = kinds.pick(random);
        for (int tries = 0; !applies(kind, r); tries++) {
            // Not for this record: one of the other kinds, in their proportions.
            kind = tries < 20 ? kinds.pick(random) : Correction.MOVED;
        }
        switch (kind) {
            case MOVED -> {
                Departement home = population.departementByCode.get(person.commune.departementCode());
                Departement to = random.nextInt(100) < 60 ? home : population.departements.pick(random);
                io.breachimpact.reference.Commune commune = population.commune(random, to);
                f[DumpColumns.STREET_ADDRESS] = ContactDetails.streetAddress(random, population.streets);
                f[DumpColumns.POSTAL_CODE] = commune.postalCode();
                f[DumpColumns.CITY] = commune.name();
                r.regionCode = to.regionCode();
                r.unmark(Dirt.POSTAL_CODE_CITY_MISMATCH);
                r.unmark(Dirt.EMBEDDED_NEWLINE);
                r.unmark(Dirt.EMBEDDED_QUOTES);
            }
            case NEW_EMAIL -> {
                f[DumpColumns.EMAIL] = ContactDetails.email(random, person.givenNames.get(0), person.surname,
                        person.birthDate.getYear(), population.emailDomains);
                r.unmark(Dirt.MISSING_EMAIL);
                r.unmark(Dirt.MALFORMED_EMAIL);
                if (r.variation == Variation.EMAIL_CASE) {
                    r.variation = Variation.NONE; // another address now, not the first one in other case
                }
            }
            case NEW_PHONE -> {
                Departement home = population.departementByCode.get(person.commune.departementCode());
                f[DumpColumns.PHONE] = ContactDetails.writtenPhone(random, ContactDetails.phone(random, home, random.nextInt(100) < 80));
                r.unmark(Dirt.MISSING_PHONE);
                r.unmark(Dirt.MALFORMED_PHONE);
            }
            case IDENTITY_FIXED -> {
                f[DumpColumns.SURNAME] = person.surname;
                f[DumpColumns.GIVEN_NAMES] = String.join(" ", person.givenNames);
                f[DumpColumns.BIRTH_DATE] = person.birthDate.toString();
                r.unmark(Dirt.IMPOSSIBLE_BIRTH_DATE);
                EnumSet<EntryError> left = r.entryErrors.isEmpty() ? EnumSet.noneOf(EntryError.class) : EnumSet.copyOf(r.entryErrors);
                left.removeAll(IDENTITY_ERRORS);
                r.entryErrors = left;
                if (r.variation == Variation.TYPO || r.variation == Variation.LOST_ACCENTS || r.variation == Variation.SWAPPED_GIVEN_NAMES) {
                    r.variation = Variation.NONE;
                }
            }
            default -> throw new IllegalStateException("not a correction: " + kind);
        }
        r.correction = kind;
        dirt.redrawLineDirt(r);
        return r;
    }

    /**
     * An identity fix only where the identity differs from the person's; a new email only where the
     * contact is the person's own (a minor's record carries a guardian's, made from the guardian's names).
     */
    private static boolean applies(Correction kind, DumpRecord r) {
        return switch (kind) {
            case IDENTITY_FIXED -> !asRegistered(r);
            case NEW_EMAIL -> !r.guardianContact;
            default -> true;
        };
    }

    /** The record's surname, given names and birth date are written as the person's own. */
    private static boolean asRegistered(DumpRecord r) {
        Person p = r.person;
        return p.surname.equals(r.fields[DumpColumns.SURNAME]) && String.join(" ", p.givenNames).equals(r.fields[DumpColumns.GIVEN_NAMES])
                && p.birthDate.toString().equals(r.fields[DumpColumns.BIRTH_DATE]);
    }
}
