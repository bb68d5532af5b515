package io.breachimpact.ingest;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class TableJoinTest {
    /** Columns: documents.id, accounts.surname, documents.type. */
    private static final TableJoin.Shape OF_DOCUMENTS = new TableJoin.Shape(new boolean[] {true, false, true}, 0, "accounts");

    private static SourceRow document(String id, String account, String type) {
        return new SourceRow(false, "d.sql", 10, 1, account, new String[] {id, null, type}, null, null);
    }

    private static SourceRow account(String key, String surname, String file) {
        return new SourceRow(true, file, 2, 1, key, new String[] {null, surname, null}, null, null);
    }

    @Test
    void eachDocumentTakesItsAccountsFieldsAndTheAccountIsCountedAsJoined() {
        TableJoin.Result r = TableJoin.join(List.of(document("R1", "7", "P"), account("7", "Dupont", "a.sql"), document("R2", "7", "C")),
                OF_DOCUMENTS);
        assertEquals(2, r.records().size());
        assertEquals(Arrays.asList("R1", "Dupont", "P"), r.records().get(0).record().values());
        assertEquals(Arrays.asList("R2", "Dupont", "C"), r.records().get(1).record().values());
        assertEquals("d.sql", r.records().get(0).file());
        assertEquals(List.of("a.sql"), r.joinedFiles());
    }

    @Test
    void anAccountNoDocumentPointsToIsARecordOfItsOwn() {
        TableJoin.Result r = TableJoin.join(List.of(account("8", "Martin", "a.sql")), OF_DOCUMENTS);
        assertEquals(1, r.records().size());
        assertEquals(Arrays.asList("accounts:8", "Martin", null), r.records().get(0).record().values(), "its id: its table and key");
        assertNull(r.records().get(0).record().problem());
        assertEquals(List.of(), r.joinedFiles());
    }

    @Test
    void aDocumentWithoutItsAccountIsKeptWithItsProblem() {
        TableJoin.Result r = TableJoin.join(List.of(document("R3", "9", "P")), OF_DOCUMENTS);
        assertEquals(ParseProblem.JOIN_KEY_NOT_FOUND, r.records().get(0).record().problem());
        TableJoin.Result noKey = TableJoin.join(List.of(new SourceRow(false, "d.sql", 11, 1, null, new String[] {"R4", null, "P"}, null, null)),
                OF_DOCUMENTS);
        assertEquals(ParseProblem.JOIN_KEY_NOT_FOUND, noKey.records().get(0).record().problem());
    }

    @Test
    void twoDifferentAccountsWithOneKeyLeaveTheDocumentsInQuarantineAndTheAccountsAsRecords() {
        TableJoin.Result r = TableJoin.join(List.of(document("R1", "7", "P"), account("7", "Dupont", "a.sql"), account("7", "Durand", "a.sql")),
                OF_DOCUMENTS);
        assertEquals(3, r.records().size());
        assertEquals(ParseProblem.JOIN_KEY_AMBIGUOUS, r.records().get(0).record().problem());
        assertEquals(List.of(), r.joinedFiles());
        TableJoin.Result same = TableJoin.join(List.of(document("R1", "7", "P"), account("7", "Dupont", "a.sql"),
                account("7", "Dupont", "b.sql")), OF_DOCUMENTS);
        assertEquals(1, same.records().size(), "an account exported twice alike is one account");
        assertEquals(List.of("a.sql", "b.sql"), same.joinedFiles());
    }
}
