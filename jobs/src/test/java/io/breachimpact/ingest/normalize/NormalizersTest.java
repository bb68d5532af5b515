package io.breachimpact.ingest.normalize;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.LocalDate;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Table-driven checks of every normalizer, on the cases real dumps have. */
class NormalizersTest {
    private static String nul(String s) {
        return s == null || s.equals("null") ? null : s;
    }

    @ParameterizedTest(name = "[{index}] ''{0}'' → display ''{1}'', comparison ''{2}''")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
            "Lefèvre|Lefèvre|lefevre",
            "LEFEVRE|Lefevre|lefevre",
            "  jean-pierre  |Jean-Pierre|jean pierre",
            "Marie\tClaire|Marie Claire|marie claire",
            "Œuvray|Œuvray|oeuvray",
            "LÆTITIA|Lætitia|laetitia",
            "d'Artagnan|d'Artagnan|d artagnan",
            "Le Gall|Le Gall|le gall",
            "Noël  Hélène|Noël Hélène|noel helene",
            "   |null|null",
    })
    void names(String raw, String display, String comparison) {
        assertEquals(nul(display), Names.display(raw));
        assertEquals(nul(comparison), Names.comparison(raw));
    }

    @ParameterizedTest(name = "NFC: decomposed and composed forms are equal")
    @CsvSource({"Hélène"})
    void namesAreNfc(String composed) {
        String decomposed = java.text.Normalizer.normalize(composed, java.text.Normalizer.Form.NFD);
        assertEquals(Names.display(composed), Names.display(decomposed));
    }

    @ParameterizedTest(name = "[{index}] ''{0}'' → ''{1}'' valid={2} problem={3}")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
            "jean.dupont@gmail.com|jean.dupont@gmail.com|true|null",
            "  Jean.Dupont@GMAIL.COM |Jean.Dupont@gmail.com|true|null",
            "jean.dupontgmail.com|jean.dupontgmail.com|false|NO_AT_SIGN",
            "jean@@gmail.com|jean@@gmail.com|false|SEVERAL_AT_SIGNS",
            "jean dupont@gmail.com|jean dupont@gmail.com|false|WHITESPACE",
            "jean.dupont@gmail|jean.dupont@gmail|false|INVALID_SYNTAX",
            "jean..dupont@gmail..com|jean..dupont@gmail..com|false|INVALID_SYNTAX",
            "jean@gmail,com|jean@gmail,com|false|INVALID_SYNTAX",
            "|null|false|MISSING",
    })
    void emails(String raw, String value, boolean valid, String problem) {
        Emails.Email email = Emails.normalize(raw);
        assertEquals(nul(value), email.value());
        assertEquals(valid, email.valid());
        assertEquals(nul(problem), email.problem());
    }

    @ParameterizedTest(name = "[{index}] ''{0}'' (address in {1}) → {2} {3} {4}")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
            "06 12 34 56 78|FR|+33612345678|MOBILE|FR",
            "0612345678|null|+33612345678|MOBILE|FR",
            "+33 6 12 34 56 78|FR|+33612345678|MOBILE|FR",
            "0033612345678|FR|+33612345678|MOBILE|FR",
            "06.12.34.56.78|FR|+33612345678|MOBILE|FR",
            "07 81 23 45 67|FR|+33781234567|MOBILE|FR",
            "01 42 68 53 00|FR|+33142685300|LANDLINE|FR",
            "04 91 12 34 56|FR|+33491123456|LANDLINE|FR",
            "0690 12 34 56|GP|+590690123456|MOBILE|GP",
            "0690123456|FR|+590690123456|MOBILE|GP",
            "0692 12 34 56|RE|+262692123456|MOBILE|RE",
            "0262 21 34 56|RE|+262262213456|LANDLINE|RE",
            "0639 01 23 45|YT|+262639012345|MOBILE|YT",
            "0696 12 34 56|MQ|+596696123456|MOBILE|MQ",
            "0594 30 12 34|GF|+594594301234|LANDLINE|GF",
            "+590 690 12 34 56|FR|+590690123456|MOBILE|GP",
    })
    void validPhones(String raw, String addressRegion, String e164, String kind, String region) {
        Phones.Phone phone = Phones.normalize(raw, nul(addressRegion));
        assertEquals(true, phone.valid(), () -> raw + " → " + phone);
        assertEquals(e164, phone.e164());
        assertEquals(kind, phone.kind().name());
        assertEquals(region, phone.region());
    }

    @ParameterizedTest(name = "[{index}] ''{0}'' is not a valid phone: {1}")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
            "|MISSING",
            "tel: 0612|TOO_SHORT",
            "06123456|INVALID_NUMBER",
            "061234567890|INVALID_NUMBER",
            "0000000000|INVALID_NUMBER",
    })
    void invalidPhones(String raw, String problem) {
        Phones.Phone phone = Phones.normalize(raw, "FR");
        assertEquals(false, phone.valid(), () -> raw + " → " + phone);
        assertEquals(problem, phone.problem());
    }

    @ParameterizedTest(name = "[{index}] {0} {1} → département {2}, région {3}, mismatch {4}, problem {5}")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
            "75011|Paris|75|11|false|null",
            "13001|Marseille|13|93|false|null",
            "20000|Ajaccio|2A|94|false|null",
            "20200|Bastia|2B|94|false|null",
            "97110|Pointe-à-Pitre|971|01|false|null",
            "97400|Saint-Denis|974|04|false|null",
            "97600|Mamoudzou|976|06|false|null",
            "1000|Bourg-en-Bresse|01|84|false|null",
            "75011|Marseille|75|11|true|null",
            "13001|PARIS|13|93|true|null",
            "75011|  paris |75|11|false|null",
            "99999|Nulle-Part|null|null|false|UNKNOWN_DEPARTEMENT",
            "7501A|Paris|null|null|false|INVALID_FORMAT",
            "|Paris|null|null|false|MISSING",
    })
    void postalGeography(String postal, String city, String dept, String region, boolean mismatch, String problem) {
        PostalGeography.Place place = PostalGeography.get().locate(postal, city);
        assertEquals(nul(dept), place.departementCode());
        assertEquals(nul(region), place.regionCode());
        assertEquals(mismatch, place.cityMismatch());
        assertEquals(nul(problem), place.problem());
    }

    @ParameterizedTest(name = "[{index}] ''{0}'' → {1} age {2} problem {3}")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
            "1987-03-15|1987-03-15|38|null",
            "15/03/1987|1987-03-15|38|null",
            "2007-10-31|2007-10-31|18|null",
            "2007-11-01|2007-11-01|17|null",
            "1987-02-30|null|null|UNPARSEABLE",
            "1987-13-04|null|null|UNPARSEABLE",
            "0000-00-00|null|null|UNPARSEABLE",
            "2031-04-02|null|null|FUTURE",
            "1875-06-12|null|null|IMPLAUSIBLE",
            "|null|null|MISSING",
    })
    void birthDates(String raw, String date, Integer age, String problem) {
        BirthDates.BirthDate birth = BirthDates.parse(raw, LocalDate.of(2025, 10, 31));
        assertEquals(nul(date) == null ? null : LocalDate.parse(date), birth.date());
        assertEquals(age, birth.age());
        assertEquals(nul(problem), birth.problem());
    }

    @ParameterizedTest(name = "age {0} → band {1}")
    @CsvSource({"0,0-17", "17,0-17", "18,18-24", "24,18-24", "25,25-34", "49,35-49", "64,50-64", "74,65-74", "75,75+", "103,75+"})
    void ageBands(int age, String band) {
        assertEquals(band, new AgeBands(List.of(0, 18, 25, 35, 50, 65, 75)).label(age));
    }

    @org.junit.jupiter.api.Test
    void personKeysIgnoreGivenNameOrderAndNeedTheSecret() {
        PersonKeys keys = new PersonKeys("0123456789abcdef0123456789abcdef");
        String a = keys.personKey("dupont", "marie claire", "1980-01-02", null, null);
        assertEquals(a, keys.personKey("dupont", "claire marie", "1980-01-02", null, null));
        assertEquals(64, a.length());
        org.junit.jupiter.api.Assertions.assertNotEquals(a, keys.personKey("dupont", "marie claire", "1980-01-03", null, null));
        org.junit.jupiter.api.Assertions.assertNotEquals(a,
                new PersonKeys("another secret of at least thirty-two chars").personKey("dupont", "marie claire", "1980-01-02", null, null),
                "another secret gives other keys: without the secret a key cannot be recomputed");
        assertNull(keys.personKey(null, null, "1980-01-02", null, null));
        assertNull(keys.personKey("dupont", "marie", null, null, null));
    }
}
