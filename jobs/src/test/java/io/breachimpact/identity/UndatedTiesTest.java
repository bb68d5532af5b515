package io.breachimpact.identity;

import io.breachimpact.testing.SharedSpark;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

import java.sql.Date;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The ties of one contact and one set of given names, record by record. */
class UndatedTiesTest {

    private static Row record(String node, String surname, String born, String email, String phone, String address) {
        return RowFactory.create(node, surname, born == null ? null : Date.valueOf(born), email != null || phone != null, email, phone, address);
    }

    /** A record with the email, the phone and the address of the Delaville household. */
    private static Row home(String node, String surname, String born) {
        return record(node, surname, born, "f.delaville@mail.fr", "+33611111111", "4 rue verte|69004");
    }

    private static Set<String> edges(Row... records) {
        return edges(false, records);
    }

    private static Set<String> edges(boolean household, Row... records) {
        return UndatedTies.ties(List.of(records), household).stream().map(e -> e.getString(0) + "->" + e.getString(1)).collect(Collectors.toSet());
    }

    private static final StructType VIEW = new StructType().add("node", DataTypes.StringType).add("surname_key", DataTypes.StringType)
            .add("given_names", DataTypes.StringType).add("given_names_key", DataTypes.StringType).add("birth_date", DataTypes.DateType)
            .add("email_key", DataTypes.StringType).add("phone", DataTypes.StringType).add("street_address", DataTypes.StringType)
            .add("place", DataTypes.StringType);

    private static Row viewed(String node, String surname, String born, String email, String phone, String street, String place) {
        return RowFactory.create(node, surname, "Anne", "anne", born == null ? null : Date.valueOf(born), email, phone, street, place);
    }

    @Test
    void theScanKeepsTheRecordsSharingAContactWithAnUndatedOne() {
        List<Row> view = List.of(
                viewed("u1", "petit", null, "a.petit@mail.fr", null, "4 rue verte", "69004"),
                viewed("u2", "petit", null, null, "+33600000002", null, null),
                viewed("u3", "roux", null, null, null, null, null), // nothing to share
                viewed("d1", "petit", "1970-03-03", "a.petit@mail.fr", "+33600000009", null, null), // u1's email
                viewed("d2", "petit", "1970-03-03", null, "+33600000002", null, null), // u2's phone
                viewed("d3", "petit", "1970-03-03", null, null, "4 rue verte", "69004"), // u1's address
                viewed("d4", "petit", "1970-03-03", "other@mail.fr", "+33600000001", "12 rue verte", "69004"), // u1's place, another number
                viewed("d5", "petit", "1970-03-03", null, null, "4 rue verte", "69005"), // the same street elsewhere
                viewed("d6", null, "1970-03-03", "a.petit@mail.fr", null, null, null), // no surname: not compared
                viewed("d7", "petit", "1970-03-03", null, null, null, null));
        List<Row> kept = UndatedTies.sharingAContact(new JavaSparkContext(SharedSpark.spark().sparkContext()),
                SharedSpark.spark().createDataFrame(view, VIEW)).select("node", "address_key").collectAsList();
        assertEquals(Set.of("u1", "u2", "d1", "d2", "d3"), kept.stream().map(r -> r.getString(0)).collect(Collectors.toSet()));
        assertEquals(2, kept.stream().filter(r -> !r.isNullAt(1)).count(), "u1 and d3 hold the sought address");
    }

    @Test
    void anUndatedRecordWithATypoInItsSurnameIsTiedToTheDatedOne() {
        assertEquals(Set.of("2->1"), edges(home("1", "delaville", "1963-04-26"), home("2", "deelaville", null)));
        assertEquals(Set.of("2->1"), edges(home("1", "klein", "1961-05-19"), home("2", "kelin", null)));
        assertEquals(Set.of("2->1"), edges(home("1", "barot", "2009-01-22"), home("2", "brot", null)));
    }

    @Test
    void anotherSurnameIsNoTie() {
        // A family's mailbox: the same given name, another surname (a stepchild, a lodger).
        assertEquals(Set.of(), edges(home("1", "martin", "1980-01-02"), home("2", "durand", null)));
    }

    @Test
    void oneNameMadeEmailIsNoProofButTheOnlyContactARecordHasIs() {
        // Sylvie Hernandez born 1961 and another Sylvie Hernandez, each with her phone and address, one
        // email made of the name: two humans.
        assertEquals(Set.of(), edges(record("1", "hernandez", "1961-04-16", "sylvie.hernandez@mail.fr", "+33600000001", "8 rue a|08000"),
                record("2", "hernandez", null, "sylvie.hernandez@mail.fr", "+33600000002", "20 rue b|76600")));
        // A record with a name and an address alone ties by that address.
        assertEquals(Set.of("2->1"), edges(record("1", "petit", "1970-03-03", "anne.petit@mail.fr", null, "4 rue verte|69004"),
                record("2", "petit", null, null, null, "4 rue verte|69004")));
        // Its email and its address: two shared, though its phone is another.
        assertEquals(Set.of("2->1"), edges(record("1", "roy", "1962-02-25", "s.roy@mail.fr", "+33600000001", "5 rue c|27200"),
                record("2", "roy", null, "s.roy@mail.fr", "+33600000009", "5 rue c|27200")));
    }

    @Test
    void oneHouseholdsAddressAndTwoGivenNamesTie() {
        Row dated = record("1", "delattre", "2001-04-15", "laura.delattre910@mail.fr", "+33600000001", "10 rue des tilleuls|59500");
        Row undated = record("2", "delattre", null, "laura.delattre01@mail.fr", null, "10 rue des tilleuls|59500");
        assertEquals(Set.of(), edges(false, dated, undated), "one given name: a namesake's own email and phone");
        assertEquals(Set.of("2->1"), edges(true, dated, undated));
    }

    @Test
    void twoBirthDatesUnderOneNameTieNobody() {
        // A father and son of one name in one household: the undated record could be either.
        assertEquals(Set.of(), edges(home("1", "bertrand", "1960-02-10"), home("2", "bertrand", "1990-07-01"), home("3", "bertrand", null)));
        assertEquals(Set.of(), edges(true, home("1", "bertrand", "1960-02-10"), home("2", "bertrand", "1990-07-01"), home("3", "bertrand", null)));
    }

    @Test
    void aTieNeedsAnUndatedRecordAndGoesToItsSmallestNode() {
        assertEquals(Set.of(), edges(home("1", "roy", "1962-02-25"), home("2", "roy", "1962-02-25")));
        assertEquals(Set.of("2->1", "3->1"), edges(home("3", "simon", null), home("2", "siomn", null), home("1", "simon", "1994-12-07")));
        // Two ties in one group: each on its own.
        assertEquals(Set.of("2->1", "4->3"), edges(home("1", "gros", "1994-10-14"), home("2", "grso", null),
                home("3", "laurent", null), home("4", "laurent", "1970-04-25")));
    }

    @Test
    void addressesOfOneKeyHaveOneNumberedPlace() {
        assertEquals(UndatedTies.numberedPlace("12 bis, Bd de l'Hôpital", "75013"), UndatedTies.numberedPlace("12bis boulevard de l hopital", "75013"));
        assertEquals(UndatedTies.numberedPlace("1 rue X", "Saint-Étienne"), UndatedTies.numberedPlace("1, Rue X", "saint etienne"),
                "a city written otherwise is the key's place");
        java.util.SplittableRandom random = new java.util.SplittableRandom(7);
        String alphabet = "ab rRue bd 0123456789 ,.'-éÉ²\uFF11\u0661\u0301";
        for (int i = 0; i < 100_000; i++) {
            StringBuilder street = new StringBuilder();
            for (int j = random.nextInt(20); j > 0; j--) {
                street.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String place = random.nextBoolean() ? "75013" : "Saint-" + street.substring(0, Math.min(3, street.length())) + "tienne";
            String key = io.breachimpact.ingest.normalize.Addresses.matchKey(street.toString(), place);
            if (key != null) {
                String keyDigits = key.substring(0, key.indexOf('|')).replaceAll("[^0-9]", "");
                assertEquals(key.substring(key.indexOf('|') + 1) + "|" + keyDigits, UndatedTies.numberedPlace(street.toString(), place),
                        "'" + street + "' at '" + place + "'");
            }
        }
    }
}
