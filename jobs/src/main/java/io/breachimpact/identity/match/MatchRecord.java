package io.breachimpact.identity.match;

import io.breachimpact.ingest.normalize.Addresses;

import java.time.LocalDate;
import java.util.List;

/**
 * One record as identity resolution sees it: its names in comparison form, birth date, place and
 * contacts, with what comparing it needs worked out once (its surnames, their sounds, its given names).
 * No field is required; a missing one is simply not compared.
 */
public final class MatchRecord {
    private final String node;
    private final String surnameKey;
    private final String givenNamesKey;
    private final LocalDate birthDate;
    private final String postalCode;
    private final String departement;
    private final String street;
    private final String city;
    private final String email;
    private final String phone;
    private final String account;
    private final String document;

    private List<String> surnames;
    private String surnameForm;
    private List<String> givenNames;
    private String addressKey;
    private boolean addressKeyDone;

    /**
     * @param document a document's type and number together (two documents of one number and different
     *                 types are not the same document)
     */
    public MatchRecord(String node, String surnameKey, String givenNamesKey, LocalDate birthDate, String postalCode, String departement,
                       String street, String city, String email, String phone, String account, String document) {
        this.node = node;
        this.surnameKey = surnameKey;
        this.givenNamesKey = givenNamesKey;
        this.birthDate = birthDate;
        this.postalCode = postalCode;
        this.departement = departement;
        this.street = street;
        this.city = city;
        this.email = email;
        this.phone = phone;
        this.account = account;
        this.document = document;
    }

    public String node() {
        return node;
    }

    public String surnameKey() {
        return surnameKey;
    }

    public String givenNamesKey() {
        return givenNamesKey;
    }

    public LocalDate birthDate() {
        return birthDate;
    }

    public String postalCode() {
        return postalCode;
    }

    public String departement() {
        return departement;
    }

    public String street() {
        return street;
    }

    public String city() {
        return city;
    }

    public String email() {
        return email;
    }

    public String phone() {
        return phone;
    }

    public String account() {
        return account;
    }

    public String document() {
        return document;
    }

    /** {@link FrenchNames#surnames}: "durand epouse martin" → [durand, martin]. */
    public List<String> surnames() {
        if (surnames == null) {
            surnames = FrenchNames.surnames(surnameKey);
        }
        return surnames;
    }

    /** The surname's names glued together, sorted: one form for "Le Gall"/"Legall" and "Martin-Durand"/"Durand Martin". */
    public String surnameForm() {
        if (surnameForm == null && surnameKey != null) {
            surnameForm = FrenchNames.form(surnameKey);
        }
        return surnameForm;
    }

    /** Given names, dots of initials removed, in the order written. */
    public List<String> givenNames() {
        if (givenNames == null) {
            givenNames = FrenchNames.words(givenNamesKey);
        }
        return givenNames;
    }

    /**
     * Computes the forms above now: the record may then be compared from several threads at once (its
     * forms are otherwise computed on first use, unguarded).
     */
    void computeForms() {
        surnames();
        surnameForm();
        givenNames();
        addressKey();
    }

    /** The street and postal code (else city) in comparison form; null without either. */
    public String addressKey() {
        if (!addressKeyDone) {
            addressKey = street == null ? null : Addresses.matchKey(street, postalCode);
            addressKeyDone = true;
        }
        return addressKey;
    }
}
