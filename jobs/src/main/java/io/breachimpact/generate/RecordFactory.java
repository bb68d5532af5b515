package io.breachimpact.generate;

import io.breachimpact.model.DocumentType;
import io.breachimpact.model.DumpColumns;
import io.breachimpact.reference.Commune;
import io.breachimpact.reference.Departement;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Writes the records of one person as the agency's export would hold them: the first request, then
 * other documents, second accounts and duplicates entered with variations.
 */
final class RecordFactory {
    private final SyntheticPopulation population;
    private final GenerateConfig config;
    private final SplittableRandom random;
    private final AccountIds accountIds;
    private final Picker<RecordKind> extraKinds;
    /** The hard error model's, or null for the standard model (which draws nothing for it). */
    private final EntryErrors entryErrors;

    RecordFactory(SyntheticPopulation population, GenerateConfig config, SplittableRandom random, AccountIds accountIds) {
        this.population = population;
        this.config = config;
        this.random = random;
        this.accountIds = accountIds;
        this.entryErrors = config.errors() == GenerateConfig.ErrorModel.HARD
                ? new EntryErrors(config.entryErrors(), population, config.referenceDate()) : null;
        EnumMap<RecordKind, Double> kinds = config.extraRecordKinds();
        this.extraKinds = Picker.of(new ArrayList<>(kinds.keySet()), kinds::get);
    }

    /** How many records this person has in the dump. */
    int recordCount() {
        double x = random.nextDouble();
        double[] shares = config.recordsPerPerson();
        for (int i = 0; i < shares.length; i++) {
            x -= shares[i];
            if (x < 0) {
                return i + 1;
            }
        }
        return shares.length;
    }

    List<DumpRecord> records(Person person, int count) {
        List<DumpRecord> records = new ArrayList<>(count);
        records.add(record(person, RecordKind.FIRST));
        for (int i = 1; i < count; i++) {
            records.add(record(person, extraKinds.pick(random)));
        }
        return records;
    }

    /** A further record of a known person, of a kind drawn as for a person's later records. */
    DumpRecord laterRecord(Person person) {
        return record(person, extraKinds.pick(random));
    }

    private DumpRecord record(Person person, RecordKind kind) {
        DumpRecord r = new DumpRecord();
        r.person = person;
        r.personId = person.id;
        r.sex = person.sex;
        r.kind = kind;
        r.guardianContact = person.guardianContact;
        r.age = person.age;

        String account = person.accountId;
        String surname = person.surname;
        List<String> given = person.givenNames;
        String email = person.email;
        String phone = person.phone;
        String street = person.streetAddress;
        Commune commune = person.commune;
        DocumentType document = kind == RecordKind.FIRST ? person.firstDocument : otherDocument(person);

        if (kind == RecordKind.SECOND_ACCOUNT) {
            account = accountIds.next();
            if (!person.guardianContact && random.nextInt(100) < 70) {
                email = ContactDetails.email(random, given.get(0), surname, person.birthDate.getYear(), population.emailDomains);
            }
            if (random.nextInt(100) < 40) {
                phone = ContactDetails.phone(random, departement(commune), true);
            }
        } else if (kind == RecordKind.DUPLICATE) {
            if (random.nextBoolean()) {
                account = accountIds.next();
            }
            r.variation = variation(person);
            switch (r.variation) {
                case TYPO:
                    surname = typo(surname);
                    break;
                case LOST_ACCENTS:
                    surname = Text.stripAccents(surname);
                    given = given.stream().map(Text::stripAccents).toList();
                    break;
                case SWAPPED_GIVEN_NAMES:
                    List<String> swapped = new ArrayList<>(given);
                    swapped.set(0, given.get(1));
                    swapped.set(1, given.get(0));
                    given = swapped;
                    break;
                case EMAIL_CASE:
                    email = changeCase(email);
                    break;
                case MOVED_ADDRESS:
                    Departement moved = random.nextInt(100) < 60 ? departement(commune) : population.departements.pick(random);
                    commune = population.commune(random, moved);
                    street = ContactDetails.streetAddress(random, population.streets);
                    break;
                default:
                    break;
            }
        }

        Departement departement = departement(commune);
        r.documentType = document;
        r.regionCode = departement.regionCode();
        LocalDate request = requestDate(person);

        String[] f = r.fields;
        f[DumpColumns.ACCOUNT_ID] = account;
        f[DumpColumns.SURNAME] = surname;
        f[DumpColumns.GIVEN_NAMES] = String.join(" ", given);
        f[DumpColumns.BIRTH_DATE] = person.birthDate.toString();
        f[DumpColumns.EMAIL] = email;
        f[DumpColumns.PHONE] = ContactDetails.writtenPhone(random, phone);
        f[DumpColumns.STREET_ADDRESS] = street;
        f[DumpColumns.POSTAL_CODE] = commune.postalCode();
        f[DumpColumns.CITY] = commune.name();
        f[DumpColumns.DOCUMENT_TYPE] = document.dumpCode();
        f[DumpColumns.DOCUMENT_NUMBER] = random.nextDouble() < config.documentNumberShare()
                ? DocumentNumbers.number(random, document, issued(person, document, request), departement.code())
                : "";
        f[DumpColumns.REQUEST_DATE] = request.toString();
        if (entryErrors != null && kind != RecordKind.FIRST) {
            r.entryErrors = entryErrors.apply(f, person, random);
        }
        return r;
    }

    /** A document this person may hold besides (or instead of) the first: nationals don't hold residence permits. */
    private DocumentType otherDocument(Person person) {
        boolean foreign = person.firstDocument == DocumentType.RESIDENCE_PERMIT;
        boolean canDrive = person.age >= 17;
        List<DocumentType> eligible = new ArrayList<>(3);
        if (foreign) {
            eligible.add(DocumentType.RESIDENCE_PERMIT);
        } else {
            eligible.add(DocumentType.PASSPORT);
            eligible.add(DocumentType.NATIONAL_ID_CARD);
        }
        if (canDrive) {
            eligible.add(DocumentType.DRIVING_LICENCE);
        }
        return eligible.get(random.nextInt(eligible.size()));
    }

    private Variation variation(Person person) {
        List<Variation> possible = new ArrayList<>(5);
        possible.add(Variation.TYPO);
        if (!Text.isAscii(person.surname) || person.givenNames.stream().anyMatch(g -> !Text.isAscii(g))) {
            possible.add(Variation.LOST_ACCENTS);
        }
        if (person.givenNames.size() >= 2) {
            possible.add(Variation.SWAPPED_GIVEN_NAMES);
        }
        possible.add(Variation.EMAIL_CASE);
        possible.add(Variation.MOVED_ADDRESS);
        return possible.get(random.nextInt(possible.size()));
    }

    /** One keyboard slip: two letters swapped, one dropped or one doubled. */
    String typo(String name) {
        if (name.length() < 4) {
            return name + name.charAt(name.length() - 1);
        }
        int i = 1 + random.nextInt(name.length() - 2);
        return Text.slip(name, i, random.nextInt(3));
    }

    private String changeCase(String email) {
        if (random.nextBoolean()) {
            return email.toUpperCase(Locale.ROOT);
        }
        int at = email.indexOf('@');
        return Text.capitalize(email.substring(0, at)) + "@" + Text.capitalize(email.substring(at + 1));
    }

    private LocalDate requestDate(Person person) {
        LocalDate from = person.birthDate.isAfter(config.firstRequestDate()) ? person.birthDate : config.firstRequestDate();
        long days = ChronoUnit.DAYS.between(from, config.referenceDate());
        return from.plusDays(days <= 0 ? 0 : random.nextLong(days));
    }

    /** When the document the request is about was issued: a licence may be an old one being exchanged. */
    private LocalDate issued(Person person, DocumentType document, LocalDate request) {
        if (document == DocumentType.DRIVING_LICENCE && random.nextInt(100) < 30) {
            LocalDate eighteen = person.birthDate.plusYears(18);
            long days = ChronoUnit.DAYS.between(eighteen, request);
            return days <= 0 ? request : eighteen.plusDays(random.nextLong(days));
        }
        return request;
    }

    private Departement departement(Commune commune) {
        return population.departementByCode.get(commune.departementCode());
    }
}
