package io.breachimpact.generate;

import io.breachimpact.model.DocumentType;
import io.breachimpact.reference.Commune;

import java.time.LocalDate;
import java.util.List;

/**
 * A synthetic human: the truth behind one or more records of the dump. The contact (email, phone)
 * is the person's own, or a guardian's for a minor.
 */
final class Person {
    final String id;
    final char sex;
    final String surname;
    final List<String> givenNames;
    final LocalDate birthDate;
    final int age;
    final DocumentType firstDocument;
    final String streetAddress;
    final Commune commune;
    final String email;
    /** National significant number with its leading 0 ("0612345678", "0690123456"). */
    final String phone;
    final boolean guardianContact;
    final String accountId;

    Person(String id, char sex, String surname, List<String> givenNames, LocalDate birthDate, int age,
           DocumentType firstDocument, String streetAddress, Commune commune, String email, String phone,
           boolean guardianContact, String accountId) {
        this.id = id;
        this.sex = sex;
        this.surname = surname;
        this.givenNames = givenNames;
        this.birthDate = birthDate;
        this.age = age;
        this.firstDocument = firstDocument;
        this.streetAddress = streetAddress;
        this.commune = commune;
        this.email = email;
        this.phone = phone;
        this.guardianContact = guardianContact;
        this.accountId = accountId;
    }

    boolean minor() {
        return age < 18;
    }
}
