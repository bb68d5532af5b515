package io.breachimpact.generate;

import io.breachimpact.model.DumpColumns;
import io.breachimpact.reference.Commune;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The hard error model: errors of real data entry put into a person's later records, each at its
 * rate. A field gets at most one change of each kind, in this order: a married name or else a
 * reordered compound surname, then particle spacing, then a typo; initials or else a typo in the given
 * names; a day-month swap, or else 1 January, or else a digit off. The person stays the truth; what was
 * changed is kept in the record's truth. Only drawn when {@code generate.errors = hard}: the standard
 * model's records stay as they were.
 */
final class EntryErrors {
    /**
     * French surnames that began as a particle and a word, and that forms write either glued or apart
     * ("Le Gall" / "Legall"): a table, because "Durand" or "Laurent" start the same way and are not.
     */
    private static final Map<String, String> SPACED = Map.ofEntries(
            Map.entry("legall", "Le Gall"), Map.entry("leroy", "Le Roy"), Map.entry("legrand", "Le Grand"),
            Map.entry("lebrun", "Le Brun"), Map.entry("leblanc", "Le Blanc"), Map.entry("lemaire", "Le Maire"),
            Map.entry("lemoine", "Le Moine"), Map.entry("leclerc", "Le Clerc"), Map.entry("lefort", "Le Fort"),
            Map.entry("lenoir", "Le Noir"), Map.entry("lacroix", "La Croix"), Map.entry("lacombe", "La Combe"),
            Map.entry("lagarde", "La Garde"), Map.entry("dupont", "Du Pont"), Map.entry("dubois", "Du Bois"),
            Map.entry("dumont", "Du Mont"), Map.entry("duval", "Du Val"), Map.entry("dupuis", "Du Puis"),
            Map.entry("delacroix", "De La Croix"), Map.entry("delaroche", "De La Roche"), Map.entry("delmas", "Del Mas"),
            Map.entry("desjardins", "Des Jardins"), Map.entry("lefebvre", "Le Febvre"), Map.entry("leconte", "Le Conte"));
    /** Keys next to each letter on an AZERTY keyboard: a substitution hits one of them. */
    private static final String[] NEIGHBOURS = {
            "qzs", "vgn", "xdv", "serf", "zrd", "dgrt", "fhty", "gjyu", "ujko", "hkui", "jlio", "kmop", "lp",
            "bhj", "ipl", "ol", "aws", "etf", "qdze", "ryg", "yij", "cfb", "xsq", "wcd", "tuh", "eas"};

    private final EnumMap<EntryError, Double> rates;
    private final SyntheticPopulation population;
    private final LocalDate referenceDate;

    EntryErrors(EnumMap<EntryError, Double> rates, SyntheticPopulation population, LocalDate referenceDate) {
        this.rates = rates;
        this.population = population;
        this.referenceDate = referenceDate;
    }

    /** Draws the errors of one later record of the person and writes them into its fields. */
    Set<EntryError> apply(String[] f, Person person, SplittableRandom random) {
        Set<EntryError> made = EnumSet.noneOf(EntryError.class);
        String surname = f[DumpColumns.SURNAME];
        boolean marriedWoman = person.sex == 'F' && person.age >= 22;
        String emailSurname = person.surname;
        if (marriedWoman && draw(EntryError.MARRIED_NAME, random)) {
            emailSurname = spouseSurname(person);
            surname = changed(surname, marriedName(surname, spouseSurname(person), random), EntryError.MARRIED_NAME, made);
        } else if (surname.indexOf('-') > 0 && draw(EntryError.COMPOUND_SURNAME_REORDERED, random)) {
            String[] parts = surname.split("-", 2);
            surname = changed(surname, parts[1] + (random.nextBoolean() ? " " : "-") + parts[0], EntryError.COMPOUND_SURNAME_REORDERED, made);
        }
        String spaced = particleSpacing(surname);
        if (spaced != null && draw(EntryError.PARTICLE_SPACING, random)) {
            surname = changed(surname, spaced, EntryError.PARTICLE_SPACING, made);
        }
        if (draw(EntryError.SURNAME_TYPO, random)) {
            surname = changed(surname, typo(surname, random), EntryError.SURNAME_TYPO, made);
        }
        f[DumpColumns.SURNAME] = surname;

        String givenNames = f[DumpColumns.GIVEN_NAMES];
        List<String> given = new ArrayList<>(List.of(givenNames.strip().split(" +")));
        if (draw(EntryError.GIVEN_NAME_INITIALS, random)) {
            // The first given name as an initial, and the others either kept or initials too.
            boolean all = random.nextBoolean();
            for (int i = 0; i < given.size(); i++) {
                if ((i == 0 || all) && !given.get(i).isEmpty()) {
                    given.set(i, initials(given.get(i), random.nextBoolean()));
                }
            }
            givenNames = changed(givenNames, String.join(" ", given), EntryError.GIVEN_NAME_INITIALS, made);
        } else if (draw(EntryError.GIVEN_NAME_TYPO, random)) {
            int i = random.nextInt(given.size());
            given.set(i, typo(given.get(i), random));
            givenNames = changed(givenNames, String.join(" ", given), EntryError.GIVEN_NAME_TYPO, made);
        }
        f[DumpColumns.GIVEN_NAMES] = givenNames;

        LocalDate birth = person.birthDate;
        LocalDate swapped = birth.getDayOfMonth() <= 12 && birth.getDayOfMonth() != birth.getMonthValue()
                ? LocalDate.of(birth.getYear(), birth.getDayOfMonth(), birth.getMonthValue()) : null;
        if (swapped != null && swapped.isBefore(referenceDate) && draw(EntryError.BIRTH_DATE_DAY_MONTH_SWAPPED, random)) {
            f[DumpColumns.BIRTH_DATE] = swapped.toString();
            made.add(EntryError.BIRTH_DATE_DAY_MONTH_SWAPPED);
        } else if (!(birth.getDayOfMonth() == 1 && birth.getMonthValue() == 1) && draw(EntryError.BIRTH_DATE_FIRST_OF_JANUARY, random)) {
            f[DumpColumns.BIRTH_DATE] = LocalDate.of(birth.getYear(), 1, 1).toString();
            made.add(EntryError.BIRTH_DATE_FIRST_OF_JANUARY);
        } else if (draw(EntryError.BIRTH_DATE_DIGIT, random)) {
            String off = digitOff(birth, referenceDate, random);
            if (off != null) {
                f[DumpColumns.BIRTH_DATE] = off;
                made.add(EntryError.BIRTH_DATE_DIGIT);
            }
        }

        if (!person.guardianContact && draw(EntryError.CHANGED_EMAIL, random)) {
            // Made from the names as they are, not as this record misspells them.
            String email = ContactDetails.email(random, person.givenNames.get(0), emailSurname, birth.getYear(), population.emailDomains);
            if (!email.equalsIgnoreCase(f[DumpColumns.EMAIL]) && !email.equalsIgnoreCase(person.email)) {
                f[DumpColumns.EMAIL] = email;
                made.add(EntryError.CHANGED_EMAIL);
            }
        }
        if (draw(EntryError.CHANGED_ADDRESS, random)) {
            Commune commune = population.commune(random, population.departements.pick(random));
            f[DumpColumns.STREET_ADDRESS] = ContactDetails.streetAddress(random, population.streets);
            f[DumpColumns.POSTAL_CODE] = commune.postalCode();
            f[DumpColumns.CITY] = commune.name();
            made.add(EntryError.CHANGED_ADDRESS);
        }
        return made;
    }

    /** The new value, with its error noted when it differs (a swap of two equal letters changes nothing). */
    private static String changed(String before, String after, EntryError error, Set<EntryError> made) {
        if (!after.equals(before)) {
            made.add(error);
        }
        return after;
    }

    private boolean draw(EntryError error, SplittableRandom random) {
        double rate = rates.getOrDefault(error, 0.0);
        return rate > 0 && random.nextDouble() < rate;
    }

    /** The husband's surname, the same in every record of the person (drawn from the person's id). */
    private String spouseSurname(Person person) {
        return population.surname(new SplittableRandom(person.id.hashCode() * 0x9E3779B97F4A7C15L));
    }

    /** As French forms write it: the married name alone, "birth épouse married", or "married-birth". */
    private static String marriedName(String birth, String married, SplittableRandom random) {
        int form = random.nextInt(100);
        if (form < 55) {
            return married;
        }
        if (form < 80) {
            return birth + (random.nextBoolean() ? " épouse " : " ép. ") + married;
        }
        return married + "-" + birth;
    }

    /** "Legall" ↔ "Le Gall", "Delaroche" ↔ "De La Roche"; null for a surname that is not written both ways. */
    static String particleSpacing(String surname) {
        String key = surname.replace(" ", "").toLowerCase(Locale.ROOT);
        String spaced = SPACED.get(key);
        if (spaced == null) {
            return null;
        }
        if (surname.indexOf(' ') > 0) {
            return Character.toUpperCase(key.charAt(0)) + key.substring(1); // glued
        }
        return spaced;
    }

    /** "Jean-Pierre" → "J.-P." (or "J-P"), "Marie" → "M." (or "M"). */
    static String initials(String givenName, boolean dots) {
        StringBuilder sb = new StringBuilder();
        for (String part : givenName.split("-")) {
            if (part.isEmpty()) {
                continue;
            }
            if (sb.length() > 0) {
                sb.append('-');
            }
            sb.append(part.charAt(0));
            if (dots) {
                sb.append('.');
            }
        }
        return sb.toString();
    }

    /** One keyboard slip: a neighbouring key, two letters transposed, one omitted or doubled. */
    static String typo(String name, SplittableRandom random) {
        if (name.isEmpty()) {
            return name;
        }
        if (name.length() < 3) {
            return name + name.charAt(name.length() - 1);
        }
        int i = 1 + random.nextInt(name.length() - 2);
        char c = name.charAt(i);
        int kind = random.nextInt(4);
        switch (kind) {
            case 0: {
                char lower = Character.toLowerCase(c);
                if (lower >= 'a' && lower <= 'z') {
                    String keys = NEIGHBOURS[lower - 'a'];
                    char sub = keys.charAt(random.nextInt(keys.length()));
                    return name.substring(0, i) + (Character.isUpperCase(c) ? Character.toUpperCase(sub) : sub) + name.substring(i + 1);
                }
                return Text.slip(name, i, 1);
            }
            default:
                return Text.slip(name, i, kind - 1);
        }
    }

    /**
     * The date with one digit of its day, month or year's last two digits one off; null if no such
     * digit gives a real date before the reference date.
     */
    static String digitOff(LocalDate birth, LocalDate referenceDate, SplittableRandom random) {
        String iso = birth.toString(); // yyyy-MM-dd
        int[] positions = {2, 3, 5, 6, 8, 9};
        int start = random.nextInt(positions.length);
        for (int k = 0; k < positions.length; k++) {
            int p = positions[(start + k) % positions.length];
            int digit = iso.charAt(p) - '0';
            int changed = random.nextBoolean() ? digit + 1 : digit - 1;
            if (changed < 0 || changed > 9) {
                changed = digit == 0 ? 1 : digit - 1;
            }
            String candidate = iso.substring(0, p) + changed + iso.substring(p + 1);
            try {
                LocalDate d = LocalDate.parse(candidate);
                if (d.isBefore(referenceDate)) {
                    return candidate;
                }
            } catch (DateTimeException e) {
                // not a real date: try another digit
            }
        }
        return null;
    }
}
