package io.breachimpact.identity.match;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecordComparerTest {

    static MatchRecord record(String node, String surname, String given, String birth, String postal, String email) {
        return new MatchRecord(node, surname, given, birth == null ? null : LocalDate.parse(birth), postal,
                postal == null ? null : postal.substring(0, 2), "12 rue de la paix", "Lyon", email, null, null, null);
    }

    private static int level(Field field, MatchRecord a, MatchRecord b) {
        return Comparison.level(RecordComparer.compare(a, b), field);
    }

    @Test
    void jaroWinklerAgreesWithItsPublishedValues() {
        assertEquals(0.961, JaroWinkler.similarity("martha", "marhta"), 0.001);
        assertEquals(0.840, JaroWinkler.similarity("dwayne", "duane"), 0.001);
        assertEquals(0.813, JaroWinkler.similarity("dixon", "dicksonx"), 0.001);
        assertEquals(1.0, JaroWinkler.similarity("a", "a"));
        assertEquals(0.0, JaroWinkler.similarity("", "abc"));
    }

    @Test
    void surnamesCompareThroughParticlesOrdersTyposAndMarriedNames() {
        MatchRecord legall = record("1", "le gall", "anne", null, null, null);
        assertEquals(0, level(Field.SURNAME, legall, record("2", "legall", "anne", null, null, null)));
        assertEquals(0, level(Field.SURNAME, record("1", "martin durand", "anne", null, null, null),
                record("2", "durand martin", "anne", null, null, null)));
        assertEquals(1, level(Field.SURNAME, record("1", "lefebvre", "anne", null, null, null),
                record("2", "lefebrve", "anne", null, null, null)));
        assertEquals(2, level(Field.SURNAME, record("1", "durand", "anne", null, null, null),
                record("2", "martin durand", "anne", null, null, null)));
        assertEquals(3, level(Field.SURNAME, record("1", "durand", "anne", null, null, null),
                record("2", "martin", "anne", null, null, null)));
        assertEquals(Field.MISSING, level(Field.SURNAME, record("1", null, "anne", null, null, null), legall));
    }

    @Test
    void givenNamesCompareInAnyOrderAsInitialsAndWithTyposButNeverAcrossGenders() {
        assertEquals(0, RecordComparer.givenNames(FrenchNames.words("jean pierre"), FrenchNames.words("pierre jean")));
        assertEquals(1, RecordComparer.givenNames(FrenchNames.words("jean pierre"), FrenchNames.words("jean")));
        assertEquals(2, RecordComparer.givenNames(FrenchNames.words("j. p."), FrenchNames.words("jean pierre")));
        assertEquals(2, RecordComparer.givenNames(FrenchNames.words("j."), FrenchNames.words("jean pierre")));
        assertEquals(2, RecordComparer.givenNames(FrenchNames.words("c. guillaume"), FrenchNames.words("corentin guillaume")));
        assertEquals(2, RecordComparer.givenNames(FrenchNames.words("j p jean marc"), FrenchNames.words("jean pierre jean marc")));
        assertEquals(2, RecordComparer.givenNames(FrenchNames.words("r. nathan"), FrenchNames.words("nathan raphael")));
        assertEquals(2, RecordComparer.givenNames(FrenchNames.words("p. j."), FrenchNames.words("jean pierre")));
        assertEquals(4, RecordComparer.givenNames(FrenchNames.words("p. m."), FrenchNames.words("jean pierre")));
        assertEquals(3, RecordComparer.givenNames(FrenchNames.words("jena pierre"), FrenchNames.words("jean pierre")));
        assertEquals(3, RecordComparer.givenNames(FrenchNames.words("chrsitophe"), FrenchNames.words("christophe")));
        assertEquals(4, RecordComparer.givenNames(FrenchNames.words("louise"), FrenchNames.words("louis")));
        assertEquals(4, RecordComparer.givenNames(FrenchNames.words("jean paul"), FrenchNames.words("jean pierre")));
        assertEquals(4, RecordComparer.givenNames(FrenchNames.words("lea"), FrenchNames.words("leo")));
        assertEquals(4, RecordComparer.givenNames(FrenchNames.words("lina"), FrenchNames.words("lino")));
        assertEquals(3, RecordComparer.givenNames(FrenchNames.words("jzan"), FrenchNames.words("jean")));
        assertEquals(3, RecordComparer.givenNames(FrenchNames.words("lucas tmo"), FrenchNames.words("tom lucas")));
        assertEquals(3, RecordComparer.givenNames(FrenchNames.words("lycas"), FrenchNames.words("lucas")));
        assertEquals(Field.MISSING, RecordComparer.givenNames(FrenchNames.words(null), FrenchNames.words("leo")));
    }

    @Test
    void oneSlipIsOneLetterChangedDroppedAddedOrTwoSwapped() {
        assertTrue(RecordComparer.oneSlip("jean", "jzan"));
        assertTrue(RecordComparer.oneSlip("jean", "jan"));
        assertTrue(RecordComparer.oneSlip("jean", "jeann"));
        assertTrue(RecordComparer.oneSlip("jean", "jaen"));
        assertTrue(RecordComparer.oneSlip("tom", "tmo"));
        assertFalse(RecordComparer.oneSlip("jean", "jean"));
        assertFalse(RecordComparer.oneSlip("jean", "juan n".replace(" ", "")));
        assertFalse(RecordComparer.oneSlip("marc", "mrca"));
    }

    @Test
    void birthDatesCompareByTheErrorsOfDataEntry() {
        assertEquals(0, RecordComparer.birthDate(LocalDate.parse("1980-03-12"), LocalDate.parse("1980-03-12")));
        assertEquals(1, RecordComparer.birthDate(LocalDate.parse("1980-03-12"), LocalDate.parse("1981-03-12")));
        assertEquals(1, RecordComparer.birthDate(LocalDate.parse("1980-03-12"), LocalDate.parse("1980-03-17")));
        assertEquals(2, RecordComparer.birthDate(LocalDate.parse("1980-03-12"), LocalDate.parse("1980-12-03")));
        assertEquals(3, RecordComparer.birthDate(LocalDate.parse("1980-03-12"), LocalDate.parse("1980-01-01")));
        assertEquals(4, RecordComparer.birthDate(LocalDate.parse("1980-03-12"), LocalDate.parse("1955-03-12")));
        assertEquals(Field.MISSING, RecordComparer.birthDate(null, LocalDate.parse("1955-03-12")));
    }

    @Test
    void addressesCompareByStreetCityPostalCodeAndDepartement() {
        MatchRecord a = record("1", "x", "y", null, "69001", null);
        assertEquals(0, level(Field.ADDRESS, a, record("2", "x", "y", null, "69001", null)));
        assertEquals(2, level(Field.ADDRESS, a, new MatchRecord("2", "x", "y", null, "69001", "69", "3 place bellecour", "Lyon", null, null, null, null)));
        assertEquals(3, level(Field.ADDRESS, a, new MatchRecord("2", "x", "y", null, "69100", "69", "12 rue de la paix", "Villeurbanne", null, null, null, null)));
        assertEquals(4, level(Field.ADDRESS, a, new MatchRecord("2", "x", "y", null, "75001", "75", "12 rue de la paix", "Paris", null, null, null, null)));
        // The same street in the same city under another postal code: a postal code mistyped.
        assertEquals(1, level(Field.ADDRESS, a, new MatchRecord("2", "x", "y", null, "27200", "27", "12 Rue de la Paix", "LYON", null, null, null, null)));
        assertEquals(1, level(Field.ADDRESS, a, record("2", "x", "y", null, "69100", null)));
        // A placeholder is no street, nor a city.
        MatchRecord unknown = new MatchRecord("3", "x", "y", null, "75001", "75", "N/A", "Paris", null, null, null, null);
        assertEquals(3, level(Field.ADDRESS, unknown, new MatchRecord("4", "x", "y", null, "75015", "75", "n/a", "PARIS", null, null, null, null)),
                "same departement at best");
        assertEquals(3, level(Field.ADDRESS, a, new MatchRecord("2", "x", "y", null, "69100", "69", "12 rue de la paix", "inconnu", null, null, null, null)));
    }

    @Test
    void aComparisonPacksEveryFieldAndDescribesItself() {
        int c = RecordComparer.compare(record("1", "durand", "anne", "1980-03-12", "69001", "a@x.fr"),
                record("2", "durand", "anne", "1980-03-12", "69001", null));
        assertEquals(Field.MISSING, Comparison.level(c, Field.EMAIL));
        assertTrue(Comparison.describe(c).startsWith("surname exact, given names exact, birth date exact, address same address"));
    }
}
