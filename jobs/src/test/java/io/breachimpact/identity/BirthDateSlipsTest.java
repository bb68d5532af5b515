package io.breachimpact.identity;

import io.breachimpact.identity.match.LinkPolicy;
import io.breachimpact.identity.match.MatchModel;
import io.breachimpact.identity.match.MatchRecord;
import io.breachimpact.identity.match.Separations;
import io.breachimpact.identity.match.ModelTraining;
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
}
