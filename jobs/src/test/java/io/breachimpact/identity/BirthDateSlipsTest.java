package io.breachimpact.identity;

import io.breachimpact.identity.match.LinkPolicy;
import io.breachimpact.identity.match.MatchModel;
import io.breachimpact.identity.match.MatchRecord;
import io.breachimpact.identity.match.Separations;
import io.breachimpact.identity.match.ModelTraining;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BirthDateSlipsTest {
    private static final MatchModel MODEL = ModelTraining.fromPriors(-20);
    private static final LinkPolicy POLICY = LinkPolicy.atProbability(0.99);

    private static MatchRecord r(String node, String given, String born, String email) {
        return new MatchRecord(node, "kerjean", given, LocalDate.parse(born), "29200", "29", "4 rue de siam", "Brest", email, null, null, null);
    }

    @Test
    void aSlipIsADigitASwapOrAFirstOfJanuary() {
        assertTrue(BirthDateSlips.slip(LocalDate.parse("1980-03-12"), LocalDate.parse("1981-03-12")));
        assertTrue(BirthDateSlips.slip(LocalDate.parse("1980-03-12"), LocalDate.parse("1980-12-03")));
        assertTrue(BirthDateSlips.slip(LocalDate.parse("1980-03-12"), LocalDate.parse("1980-01-01")));
        assertFalse(BirthDateSlips.slip(LocalDate.parse("1980-03-12"), LocalDate.parse("1980-10-20")), "the same year is not enough");
        assertFalse(BirthDateSlips.slip(LocalDate.parse("1980-03-12"), LocalDate.parse("1980-03-12")));
    }

    @Test
    void namesakesBornTheSameYearSharingOneEmailStayApart() {
        MatchRecord a = new MatchRecord("1|A", "rodriguez", "thomas", LocalDate.parse("2002-12-07"), "69009", "69", "1 rue a", "Lyon",
                "thomas.rodriguez@x.fr", "+33686980185", null, null);
        MatchRecord b = new MatchRecord("2|B", "rodriguez", "thomas", LocalDate.parse("2002-12-01"), "31000", "31", "2 rue b", "Toulouse",
                "thomas.rodriguez@x.fr", "+33792822438", null, null);
        assertEquals(Map.of(), BirthDateSlips.Pairs.compared(List.<MatchRecord[]>of(new MatchRecord[] {a, b})).moves(MODEL, POLICY, Separations.none()));
    }

    @Test
    void theLaterRecordOfALinkedPairIsComparedInTheEarlierOnesBlock() {
        MatchRecord first = r("1|A", "anne", "1980-03-12", "anne@x.fr");
        MatchRecord digit = r("2|B", "anne", "1981-03-12", "anne@x.fr");
        MatchRecord swapped = r("3|C", "anne", "1981-12-03", "anne@x.fr"); // swapped from the mistyped one
        MatchRecord sister = r("4|D", "marie", "1980-03-13", "anne@x.fr"); // another human at that address
        BirthDateSlips.Pairs pairs = BirthDateSlips.Pairs.compared(List.of(new MatchRecord[] {first, digit},
                new MatchRecord[] {digit, swapped}, new MatchRecord[] {first, sister}));
        Map<String, Date> moves = pairs.moves(MODEL, POLICY, Separations.none());
        assertEquals(Date.valueOf("1980-03-12"), moves.get("2|B"));
        assertEquals(Date.valueOf("1980-03-12"), moves.get("3|C"), "follows the record it links to where that one went");
        assertEquals(2, moves.size(), "different given names: the sister stays in her block");
    }

    @Test
    void aRecordACorrectionSeparatesFromTheOtherStaysInItsBlock() {
        MatchRecord first = r("1|A", "anne", "1980-03-12", "anne@x.fr");
        MatchRecord digit = r("2|B", "anne", "1981-03-12", "anne@x.fr");
        BirthDateSlips.Pairs pairs = BirthDateSlips.Pairs.compared(List.<MatchRecord[]>of(new MatchRecord[] {first, digit}));
        assertEquals(Date.valueOf("1980-03-12"), pairs.moves(MODEL, POLICY, Separations.none()).get("2|B"));
        assertEquals(Map.of(), pairs.moves(MODEL, POLICY, Separations.of(List.<String[]>of(new String[] {"1|A", "2|B"}))));
    }

    @Test
    void aRecordThatWouldGoToTwoBlocksStays() {
        MatchRecord a = r("1|A", "anne", "1980-03-12", "anne@x.fr");
        MatchRecord b = r("2|B", "anne", "1980-03-21", "anne@x.fr");
        MatchRecord c = r("3|C", "anne", "1980-03-13", "anne@x.fr");
        BirthDateSlips.Pairs pairs = BirthDateSlips.Pairs.compared(List.of(new MatchRecord[] {a, c}, new MatchRecord[] {b, c}));
        assertEquals(Map.of(), pairs.moves(MODEL, POLICY, Separations.none()));
    }

    private static Row dated(String node, String born, String email, String phone, String account, String document) {
        return RowFactory.create(node, Date.valueOf(born), email, phone, account, document);
    }

    /** Found through what does not depend on the birth date, a slip apart; not the same day, not a crowd's key. */
    @Test
    void pairsARecordWithAnotherSharingAKeyAndBornASlipApart() {
        StructType schema = new StructType().add("node", DataTypes.StringType).add("birth_date", DataTypes.DateType)
                .add("email_key", DataTypes.StringType).add("phone", DataTypes.StringType).add("account_id", DataTypes.StringType)
                .add("document", DataTypes.StringType);
        List<Row> rows = new java.util.ArrayList<>(List.of(
                dated("1|A", "1980-03-12", "anne@x.fr", "+33611111111", null, null),
                dated("2|B", "1981-03-12", "anne@x.fr", "+33611111111", null, null), // a digit off: email and phone, one pair
                dated("3|C", "1980-12-03", null, null, "ACC1", null),
                dated("4|D", "1980-03-12", null, null, "ACC1", null),                 // day and month swapped, by the account
                dated("5|E", "1990-05-05", null, null, null, "CNI|123"),
                dated("6|F", "1990-05-05", null, null, null, "CNI|123"),              // the same day: one block already
                dated("7|G", "1975-01-01", "g@x.fr", null, null, null),
                dated("8|H", "1975-06-30", "g@x.fr", null, null, null),              // a 1 January placeholder
                dated("9|I", "1962-02-02", null, "+33622222222", null, null),
                dated("10|J", "1990-09-09", null, "+33622222222", null, null)));    // decades apart: no slip
        for (int i = 0; i < 5; i++) { // a placeholder email held by more records than the cap pairs none of them
            rows.add(dated("20|" + i, (1960 + i) + "-01-01", "noemail@x.fr", null, null, null));
        }
        org.apache.spark.sql.Dataset<Row> records = io.breachimpact.testing.SharedSpark.spark().createDataFrame(rows, schema);
        Map<Long, java.util.Set<String>> read = new java.util.HashMap<>();
        for (Row r : records.select(BirthDateSlips.nodeFingerprint(org.apache.spark.sql.functions.col("node")), org.apache.spark.sql.functions.col("node"))
                .collectAsList()) {
            read.computeIfAbsent(r.getLong(0), f -> new java.util.HashSet<>()).add(r.getString(1));
        }
        BirthDateSlips.Found found = BirthDateSlips.candidates(records, 4);
        List<String> pairs = BirthDateSlips.nodePairs(found.pairs(), read).stream()
                .map(p -> p[0] + "~" + p[1]).toList();
        assertEquals(List.of("1|A~2|B", "3|C~4|D", "7|G~8|H"), pairs);
        long placeholder = records.select(BirthDateSlips.key("e", org.apache.spark.sql.functions.lit("noemail@x.fr"))).first().getLong(0);
        assertEquals(List.of(placeholder), java.util.Arrays.stream(found.placeholders()).boxed().toList(), "the email five records hold");
    }

    @Test
    void theTasksPairEveryTwoRecordsOfAKeyASlipApart() {
        List<Row> sorted = List.of(RowFactory.create(1L, 0, 10L), RowFactory.create(1L, 365, 11L), RowFactory.create(1L, 366, 12L),
                RowFactory.create(2L, 0, 20L), RowFactory.create(3L, 0, 30L), RowFactory.create(3L, 0, 31L),
                RowFactory.create(4L, 0, 40L), RowFactory.create(4L, 365, 41L), RowFactory.create(4L, 1, 42L), RowFactory.create(4L, 2, 43L));
        List<String> pairs = new java.util.ArrayList<>();
        List<Long> placeholders = new java.util.ArrayList<>();
        new BirthDateSlips.KeyGroups(sorted.iterator(), 3).forEachRemaining(r -> {
            if (r.getBoolean(3)) {
                placeholders.add(r.getLong(0));
            } else {
                pairs.add(r.getLong(1) + "~" + r.getLong(2) + " by " + r.getLong(0));
            }
        });
        // 1970-01-01 and 1971-01-01 a digit apart, 1971-01-01 and 1971-01-02 too, 1970-01-01 and 1971-01-02 two digits;
        // key 2 holds one record, key 3 one date; key 4 has four records, over the cap of three.
        assertEquals(List.of("10~11 by 1", "11~12 by 1"), pairs);
        assertEquals(List.of(4L), placeholders, "key 4, over the cap");

        List<String> afterACrowd = new java.util.ArrayList<>();
        new BirthDateSlips.KeyGroups(List.of(RowFactory.create(1L, 0, 10L), RowFactory.create(1L, 365, 11L), RowFactory.create(1L, 1, 12L),
                RowFactory.create(1L, 2, 13L), RowFactory.create(2L, 0, 20L), RowFactory.create(2L, 365, 21L)).iterator(), 3)
                .forEachRemaining(r -> afterACrowd.add(r.getBoolean(3) ? "placeholder " + r.getLong(0) : r.getLong(1) + "~" + r.getLong(2)));
        assertEquals(List.of("placeholder 1", "20~21"), afterACrowd, "the key after one over the cap, the last of its partition, pairs its records");
        assertFalse(new BirthDateSlips.KeyGroups(java.util.Collections.emptyIterator(), 3).hasNext(), "an empty partition");
    }

    @Test
    void aFingerprintNoRecordWasReadForIsAnError() {
        org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> BirthDateSlips.nodePairs(List.<long[]>of(new long[] {1, 2}), Map.of(1L, java.util.Set.of("1|A"))));
    }

    @Test
    void aFingerprintTwoRecordsShareIsLeftOut() {
        Map<Long, java.util.Set<String>> read = Map.of(1L, java.util.Set.of("2|B"), 2L, java.util.Set.of("1|A"), 3L, java.util.Set.of("3|C", "9|Z"));
        List<String[]> pairs = BirthDateSlips.nodePairs(List.of(new long[] {1, 2}, new long[] {1, 3}), read);
        assertEquals(1, pairs.size());
        assertEquals(List.of("1|A", "2|B"), List.of(pairs.get(0)));
    }
}
