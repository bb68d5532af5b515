package io.breachimpact.identity.match;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LooseTextTest {

    @Test
    void caseAccentsSpacesAndPunctuationAside() {
        assertTrue(LooseText.alike("4, Rue de l'Église", "4 rue de l eglise"));
        assertTrue(LooseText.alike("SAINT-ÉTIENNE", "Saint Etienne"));
        assertTrue(LooseText.alike(" Chelles ", "CHELLES"));
    }

    @Test
    void otherLettersOrDigitsOrNoLetterAtAllAreNotAlike() {
        assertFalse(LooseText.alike("4 rue de la Gare", "14 rue de la Gare"));
        assertFalse(LooseText.alike("rue de la Gare", "rue de la Gar"));
        assertFalse(LooseText.alike("Lyon", "Lyons"));
        assertFalse(LooseText.alike("12", "12"), "a lone number is no address");
        assertFalse(LooseText.alike(null, "Lyon"));
        assertFalse(LooseText.alike("", ""));
    }
}
