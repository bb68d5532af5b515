package io.breachimpact.identity.match;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FrenchNamesTest {

    @Test
    void particlesBelongToTheNameThatFollowsAndConnectorsJoinTwoNames() {
        assertEquals(List.of("legall"), FrenchNames.surnames("le gall"));
        assertEquals(List.of("legall"), FrenchNames.surnames("legall"));
        assertEquals(List.of("delatour"), FrenchNames.surnames("de la tour"));
        assertEquals(List.of("durand", "martin"), FrenchNames.surnames("durand epouse martin"));
        assertEquals(List.of("martin", "durand"), FrenchNames.surnames("martin durand"));
        assertEquals(FrenchNames.form("durand martin"), FrenchNames.form("martin durand"));
        assertEquals(FrenchNames.form("durand epouse martin"), FrenchNames.form("martin durand"));
        assertNull(FrenchNames.form(null));
    }

    @Test
    void initialsLoseTheirDots() {
        assertEquals(List.of("j", "p"), FrenchNames.words("j. p."));
        assertTrue(FrenchNames.initial("j"));
    }

    @Test
    void aFeminineGivenNameIsNotATypoOfItsMasculine() {
        assertTrue(FrenchNames.feminineOf("louis", "louise"));
        assertTrue(FrenchNames.feminineOf("jeanne", "jean"));
        assertTrue(FrenchNames.feminineOf("daniel", "danielle"));
        assertTrue(FrenchNames.feminineOf("frederic", "frederique"));
        assertTrue(FrenchNames.feminineOf("henri", "henriette"));
        assertFalse(FrenchNames.feminineOf("jean", "jena"));
        assertFalse(FrenchNames.feminineOf("marc", "marcel"));
    }

    @Test
    void namesThatSoundAlikeShareASound() {
        assertEquals(FrenchNames.sound("durand"), FrenchNames.sound("durant"));
        assertEquals(FrenchNames.sound("mathieu"), FrenchNames.sound("matthieu"));
        assertEquals(FrenchNames.sound("philippe"), FrenchNames.sound("filipe"));
        assertNotEquals(FrenchNames.sound("martin"), FrenchNames.sound("bernard"));
        assertTrue(FrenchNames.sound("bartholomeuswitz").length() <= 4);
    }
}
