package io.breachimpact.exposure;

import io.breachimpact.config.PolicyConfig;
import io.breachimpact.error.BreachImpactException;
import io.breachimpact.testing.SharedSpark;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ENISA severity under the bundled policy, on hand-made persons whose scores are worked out below
 * (CB = 0.5 confidentiality + 0.5 malicious intent = 1 for everyone), including the exact level
 * boundaries 2, 3 and 4.
 */
class SeverityTest {
    private static final StructType PERSONS = new StructType()
            .add("id", DataTypes.StringType)
            .add("data_classes", DataTypes.createArrayType(DataTypes.StringType))
            .add("documents_held", DataTypes.createArrayType(DataTypes.StringType))
            .add("minor", DataTypes.BooleanType)
            .add("record_count", DataTypes.IntegerType);

    private static final StructType SCORED = new StructType()
            .add("id", DataTypes.StringType)
            .add("dpc", DataTypes.DoubleType)
            .add("ei", DataTypes.DoubleType)
            .add("score", DataTypes.DoubleType)
            .add("level", DataTypes.StringType)
            .add("factors", DataTypes.createArrayType(DataTypes.StringType));

    private static final List<String> NAME_BIRTH_ADDRESS = List.of("NAME", "DATE_OF_BIRTH", "POSTAL_ADDRESS", "EMAIL");
    private static final List<String> ID_KIT = List.of("NAME", "DATE_OF_BIRTH", "POSTAL_ADDRESS", "DOCUMENT_NUMBER");
    private static final List<String> CB = List.of("CB-CONFIDENTIALITY", "CB-MALICIOUS-INTENT");

    private static List<String> factors(String... ids) {
        List<String> f = new java.util.ArrayList<>(List.of(ids));
        f.addAll(CB);
        return f;
    }

    @Test
    void scoresLevelsAndFactorsOfHandMadePersons() {
        List<Row> persons = List.of(
                // DPC 1 × EI 1 (name, birth date, address) + 1 = 2.0: exactly the start of medium.
                RowFactory.create("adult-name-birth-address", NAME_BIRTH_ADDRESS, List.of("PASSPORT"), false, 1),
                // DPC 1 × EI 0.5 + 1 = 1.5: low.
                RowFactory.create("name-email-only", List.of("NAME", "EMAIL"), List.of("PASSPORT"), false, 1),
                // DPC (1 + 0.25 for 3 records) × EI 0.75 (name, birth date) + 1 = 1.9375: still low.
                RowFactory.create("three-records-name-birth", List.of("NAME", "DATE_OF_BIRTH"), List.of("PASSPORT"), false, 3),
                // DPC 2 (identity kit) × EI 1 (name + document) + 1 = 3.0: exactly high.
                RowFactory.create("adult-identity-kit", ID_KIT, List.of("NATIONAL_ID_CARD"), false, 1),
                // DPC 2 (minor) × 1 + 1 = 3.0: high.
                RowFactory.create("minor-name-birth-address", NAME_BIRTH_ADDRESS, List.of("PASSPORT"), true, 2),
                // DPC 3 (kit + minor) × 1 + 1 = 4.0: exactly very high.
                RowFactory.create("minor-identity-kit", ID_KIT, List.of("PASSPORT"), true, 1),
                // DPC 4 (capped from 1 + 1 + 1 + 0.25... = 3.25: not capped) × 1 + 1 = 4.25.
                RowFactory.create("minor-kit-three-records", ID_KIT, List.of("PASSPORT"), true, 3),
                // No name: EI 0.25; DPC 1 → 1.25.
                RowFactory.create("email-only", List.of("EMAIL"), List.of("DRIVING_LICENCE"), false, 1));
        List<Row> expected = List.of(
                RowFactory.create("adult-name-birth-address", 1.0, 1.0, 2.0, "MEDIUM", factors("DPC-BASE", "EI-MAX-NAME-BIRTH-ADDRESS")),
                RowFactory.create("name-email-only", 1.0, 0.5, 1.5, "LOW", factors("DPC-BASE", "EI-LIMITED-NAME")),
                RowFactory.create("three-records-name-birth", 1.25, 0.75, 1.9375, "LOW",
                        factors("DPC-BASE", "DPC-SEVERAL-DOCUMENTS", "EI-SIGNIFICANT-NAME-BIRTH")),
                RowFactory.create("adult-identity-kit", 2.0, 1.0, 3.0, "HIGH", factors("DPC-BASE", "DPC-IDENTITY-THEFT-KIT", "EI-MAX-DOCUMENT")),
                RowFactory.create("minor-name-birth-address", 2.0, 1.0, 3.0, "HIGH", factors("DPC-BASE", "DPC-MINOR", "EI-MAX-NAME-BIRTH-ADDRESS")),
                RowFactory.create("minor-identity-kit", 3.0, 1.0, 4.0, "VERY_HIGH",
                        factors("DPC-BASE", "DPC-IDENTITY-THEFT-KIT", "DPC-MINOR", "EI-MAX-DOCUMENT")),
                RowFactory.create("minor-kit-three-records", 3.25, 1.0, 4.25, "VERY_HIGH",
                        factors("DPC-BASE", "DPC-IDENTITY-THEFT-KIT", "DPC-MINOR", "DPC-SEVERAL-DOCUMENTS", "EI-MAX-DOCUMENT")),
                RowFactory.create("email-only", 1.0, 0.25, 1.25, "LOW", factors("DPC-BASE", "EI-NEGLIGIBLE")));
        Dataset<Row> scored = Severity.score(SharedSpark.spark().createDataFrame(persons, PERSONS), SeverityPolicy.from(PolicyConfig.defaults()))
                .select(col("id"), col("dpc").cast("double"), col("ei").cast("double"), col("score").cast("double"), col("level"), col("factors"));
        SharedSpark.assertSameRows(SharedSpark.spark().createDataFrame(expected, SCORED), scored);

        // The sentence a policy officer reads: the method's formula with this person's numbers and rules.
        Row kit = Severity.score(SharedSpark.spark().createDataFrame(persons, PERSONS), SeverityPolicy.from(PolicyConfig.defaults()))
                .filter(col("id").equalTo("adult-identity-kit")).select("explanation").first();
        assertEquals("SE = DPC 2.0000 × EI 1.0000 + CB 1.0000 = 3.0000 (HIGH): "
                + String.join(", ", factors("DPC-BASE", "DPC-IDENTITY-THEFT-KIT", "EI-MAX-DOCUMENT")), kit.getString(0));
    }

    @Test
    void aPolicyWithAWrongKeyOrValueIsRefusedWithItsPlace(@TempDir Path dir) throws IOException {
        Path typo = dir.resolve("typo.conf");
        Files.writeString(typo, "policy.severity.cb.confidentialty = 0.5\n");
        BreachImpactException e = assertThrows(BreachImpactException.class, () -> PolicyConfig.load(Optional.of(typo.toFile())));
        assertTrue(e.getMessage().contains("policy.severity.cb.confidentialty") && e.getMessage().contains("typo.conf: 1"), e.getMessage());

        Path step = dir.resolve("step.conf");
        Files.writeString(step, "policy.severity.cb.integrity = 0.3\n");
        BreachImpactException e2 = assertThrows(BreachImpactException.class,
                () -> SeverityPolicy.from(PolicyConfig.load(Optional.of(step.toFile()))));
        assertTrue(e2.getMessage().contains("0, 0.25 or 0.5") && e2.getMessage().contains("step.conf: 1"), e2.getMessage());

        Path rule = dir.resolve("rule.conf");
        Files.writeString(rule, "policy.severity.dpc.context = [{ id = \"X\", why = \"w\", add = 1, classes-all = [PASPORT] }]\n");
        BreachImpactException e3 = assertThrows(BreachImpactException.class,
                () -> SeverityPolicy.from(PolicyConfig.load(Optional.of(rule.toFile()))));
        assertTrue(e3.getMessage().contains("PASPORT") && e3.getMessage().contains("rule.conf: 1"), e3.getMessage());
    }
}
