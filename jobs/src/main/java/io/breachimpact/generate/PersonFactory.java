package io.breachimpact.generate;

import io.breachimpact.model.DocumentType;
import io.breachimpact.reference.AgeProfile;
import io.breachimpact.reference.Commune;
import io.breachimpact.reference.Departement;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Makes synthetic people: identity, age from the document they asked for, residence, contact. */
final class PersonFactory {
    private final SyntheticPopulation population;
    private final GenerateConfig config;
    private final SplittableRandom random;
    private final AccountIds accountIds;
    private final String personIdPrefix;
    private long personSeq;

    PersonFactory(SyntheticPopulation population, GenerateConfig config, SplittableRandom random,
                  AccountIds accountIds, int file) {
        this.population = population;
        this.config = config;
        this.random = random;
        this.accountIds = accountIds;
        StringBuilder sb = new StringBuilder("P");
        Text.appendPadded(sb, file, 5);
        this.personIdPrefix = sb.append('-').toString();
    }

    /** A person whose first record is a request for a document drawn from the document mix. */
    Person newPerson() {
        DocumentType document = population.documentMix.pick(random);
        int age = age(document);
        Departement departement = population.departements.pick(random);
        Commune commune = population.commune(random, departement);
        String street = ContactDetails.streetAddress(random, population.streets);
        String surname = population.surname(random);
        return person(document, age, surname, street, commune, null);
    }

    /** A younger brother or sister of a minor: same household, same guardian contact. */
    Person sibling(Person minor) {
        DocumentType document = random.nextBoolean() ? DocumentType.PASSPORT : DocumentType.NATIONAL_ID_CARD;
        int age = random.nextInt(18);
        return person(document, age, minor.surname, minor.streetAddress, minor.commune, minor);
    }

    private Person person(DocumentType document, int age, String surname, String street, Commune commune, Person householdOf) {
        LocalDate birth = config.referenceDate().minusYears(age).minusDays(1 + random.nextInt(364));
        char sex = random.nextInt(1000) < 515 ? 'F' : 'M';
        List<String> given = givenNames(sex, birth.getYear());
        Departement departement = population.departementByCode.get(commune.departementCode());
        String email;
        String phone;
        boolean guardian = age < 18;
        if (householdOf != null) {
            email = householdOf.email;
            phone = householdOf.phone;
        } else if (guardian) {
            // A minor's request is made by a parent, whose contact details the record carries.
            int parentYear = birth.getYear() - 24 - random.nextInt(18);
            char parentSex = random.nextInt(100) < 65 ? 'F' : 'M';
            String parentSurname = random.nextInt(100) < 85 ? surname : population.surname(random);
            String parentGiven = population.givenName(random, parentSex, parentYear);
            email = ContactDetails.email(random, parentGiven, parentSurname, parentYear, population.emailDomains);
            phone = ContactDetails.phone(random, departement, random.nextInt(100) < 90);
        } else {
            email = ContactDetails.email(random, given.get(0), surname, birth.getYear(), population.emailDomains);
            phone = ContactDetails.phone(random, departement, random.nextInt(100) < 80);
        }
        return new Person(personIdPrefix + pad7(personSeq++), sex, surname, given, birth, age, document, street, commune,
                email, phone, guardian, accountIds.next());
    }

    private int age(DocumentType document) {
        AgeProfile range = population.ageProfiles.get(document).pick(random);
        return range.ageFrom() + random.nextInt(range.ageTo() - range.ageFrom() + 1);
    }

    private List<String> givenNames(char sex, int birthYear) {
        int count = random.nextInt(100) < 50 ? 1 : random.nextInt(100) < 70 ? 2 : 3;
        List<String> names = new ArrayList<>(count);
        for (int tries = 0; names.size() < count && tries < 10; tries++) {
            String name = population.givenName(random, sex, birthYear);
            if (!names.contains(name)) {
                names.add(name);
            }
        }
        return List.copyOf(names);
    }

    private static String pad7(long n) {
        StringBuilder sb = new StringBuilder(7);
        Text.appendPadded(sb, n, 7);
        return sb.toString();
    }
}
