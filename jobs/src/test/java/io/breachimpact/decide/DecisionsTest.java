package io.breachimpact.decide;

import io.breachimpact.config.PolicyConfig;
import io.breachimpact.testing.SharedSpark;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.apache.spark.sql.functions.col;

/** Every notification rule of the bundled policy on hand-made persons, expected decisions written out by hand. */
class DecisionsTest {
    static final StructType PERSONS = new StructType()
            .add("person_id", DataTypes.StringType)
            .add("level", DataTypes.StringType)
            .add("score", DataTypes.createDecimalType(10, 4))
            .add("minor", DataTypes.BooleanType)
            .add("age", DataTypes.IntegerType)
            .add("email", DataTypes.StringType)
            .add("mobile_phone", DataTypes.StringType)
            .add("contact_channels", DataTypes.createArrayType(DataTypes.StringType))
            .add("quality_flags", DataTypes.createArrayType(DataTypes.StringType))
            .add("data_classes", DataTypes.createArrayType(DataTypes.StringType))
            .add("record_count", DataTypes.IntegerType);

    static final List<String> IDENTITY = List.of("DATE_OF_BIRTH", "EMAIL", "NAME", "PHONE", "POSTAL_ADDRESS");
    static final List<String> DOCUMENT = List.of("DATE_OF_BIRTH", "DOCUMENT_NUMBER", "EMAIL", "NAME", "PHONE", "POSTAL_ADDRESS");
    static final List<String> ALL = List.of("EMAIL", "SMS", "LETTER");

    static Row person(String id, String level, boolean minor, int age, String email, String mobile, List<String> channels,
                      List<String> flags, List<String> classes) {
        return RowFactory.create(id, level, new java.math.BigDecimal("3.0000"), minor, age, email, mobile, channels, flags, classes, 1);
    }

    private static final StructType DECIDED = new StructType()
            .add("person_id", DataTypes.StringType)
            .add("outcome", DataTypes.StringType)
            .add("channel", DataTypes.StringType)
            .add("recipient", DataTypes.StringType)
            .add("extra_letter", DataTypes.BooleanType)
            .add("template_id", DataTypes.StringType)
            .add("letter_template_id", DataTypes.StringType)
            .add("offer_code", DataTypes.StringType)
            .add("reasons", DataTypes.createArrayType(DataTypes.StringType));

    @Test
    void everyRuleOnHandMadePersons() {
        List<Row> persons = List.of(
                person("adult", "HIGH", false, 40, "a@x.fr", "+33600000001", ALL, List.of(), IDENTITY),
                person("minor", "VERY_HIGH", true, 12, "parent@x.fr", "+33600000002", ALL, List.of(), DOCUMENT),
                person("minor-no-address", "HIGH", true, 12, "parent@x.fr", null, List.of("EMAIL"), List.of(), IDENTITY),
                person("elder", "HIGH", false, 80, "e@x.fr", null, List.of("EMAIL", "LETTER"), List.of(), IDENTITY),
                person("elder-letter-only", "HIGH", false, 80, null, null, List.of("LETTER"), List.of(), IDENTITY),
                person("unreachable", "HIGH", false, 40, null, null, List.of(), List.of("NO_VALID_CONTACT"), IDENTITY),
                person("invalid-email-valid-phone", "HIGH", false, 30, null, "+33600000003", List.of("SMS", "LETTER"), List.of(), IDENTITY),
                person("passport-high", "HIGH", false, 30, "p@x.fr", null, ALL, List.of(), DOCUMENT),
                person("medium", "MEDIUM", false, 30, "m@x.fr", null, ALL, List.of(), IDENTITY),
                person("low", "LOW", false, 30, "l@x.fr", null, ALL, List.of(), List.of("EMAIL", "NAME")),
                person("conflict", "VERY_HIGH", false, 30, "c@x.fr", null, ALL, List.of("CONFLICTING_BIRTH_DATES"), DOCUMENT));
        List<Row> expected = List.of(
                RowFactory.create("adult", "INDIVIDUAL_NOTICE", "EMAIL", "SELF", false, "IDENTITY-THEFT.SELF.EMAIL.fr", null, "ALERTS-12",
                        List.of("NOTICE-HIGH-RISK", "CHANNEL-EMAIL", "TEMPLATE-IDENTITY-THEFT", "OFFER-ALERTS-12")),
                RowFactory.create("minor", "INDIVIDUAL_NOTICE", "LETTER", "GUARDIAN", false, "DOCUMENT-FRAUD.GUARDIAN.LETTER.fr", null, "ASSIST-24",
                        List.of("NOTICE-HIGH-RISK", "RECIPIENT-GUARDIAN", "CHANNEL-LETTER", "TEMPLATE-DOCUMENT-FRAUD", "OFFER-ASSIST-24")),
                // Without an address, the guardian is written to by the first channel that reaches them.
                RowFactory.create("minor-no-address", "INDIVIDUAL_NOTICE", "EMAIL", "GUARDIAN", false, "IDENTITY-THEFT.GUARDIAN.EMAIL.fr", null,
                        "ALERTS-12", List.of("NOTICE-HIGH-RISK", "RECIPIENT-GUARDIAN", "CHANNEL-EMAIL", "TEMPLATE-IDENTITY-THEFT", "OFFER-ALERTS-12")),
                RowFactory.create("elder", "INDIVIDUAL_NOTICE", "EMAIL", "SELF", true, "IDENTITY-THEFT.SELF.EMAIL.fr",
                        "IDENTITY-THEFT.SELF.LETTER.fr", "ALERTS-12",
                        List.of("NOTICE-HIGH-RISK", "CHANNEL-EMAIL", "EXTRA-LETTER-AGE-75", "TEMPLATE-IDENTITY-THEFT", "OFFER-ALERTS-12")),
                // Already by letter: no second letter.
                RowFactory.create("elder-letter-only", "INDIVIDUAL_NOTICE", "LETTER", "SELF", false, "IDENTITY-THEFT.SELF.LETTER.fr", null,
                        "ALERTS-12", List.of("NOTICE-HIGH-RISK", "CHANNEL-LETTER", "TEMPLATE-IDENTITY-THEFT", "OFFER-ALERTS-12")),
                RowFactory.create("unreachable", "PUBLIC_COMMUNICATION", null, null, false, null, null, "ALERTS-12",
                        List.of("PUBLIC-UNREACHABLE", "OFFER-ALERTS-12")),
                RowFactory.create("invalid-email-valid-phone", "INDIVIDUAL_NOTICE", "SMS", "SELF", false, "IDENTITY-THEFT.SELF.SMS.fr", null,
                        "ALERTS-12", List.of("NOTICE-HIGH-RISK", "CHANNEL-SMS", "TEMPLATE-IDENTITY-THEFT", "OFFER-ALERTS-12")),
                RowFactory.create("passport-high", "INDIVIDUAL_NOTICE", "EMAIL", "SELF", false, "DOCUMENT-FRAUD.SELF.EMAIL.fr", null,
                        "ASSIST-24-DOC", List.of("NOTICE-HIGH-RISK", "CHANNEL-EMAIL", "TEMPLATE-DOCUMENT-FRAUD", "OFFER-ASSIST-24-DOC")),
                RowFactory.create("medium", "PUBLIC_COMMUNICATION", null, null, false, null, null, "ADVICE",
                        List.of("PUBLIC-BELOW-THRESHOLD", "OFFER-ADVICE")),
                RowFactory.create("low", "PUBLIC_COMMUNICATION", null, null, false, null, null, "ADVICE",
                        List.of("PUBLIC-BELOW-THRESHOLD", "OFFER-ADVICE")),
                RowFactory.create("conflict", "MANUAL_REVIEW", null, null, false, null, null, "ASSIST-24",
                        List.of("REVIEW-QUALITY-FLAG", "OFFER-ASSIST-24")));
        Dataset<Row> decided = Decisions.decide(SharedSpark.spark().createDataFrame(persons, PERSONS), DecisionPolicy.from(PolicyConfig.defaults()))
                .select(col("person_id"), col("outcome"), col("channel"), col("recipient"), col("extra_letter"), col("template_id"),
                        col("letter_template_id"), col("offer_code"), col("reasons"));
        SharedSpark.assertSameRows(SharedSpark.spark().createDataFrame(expected, DECIDED), decided);
    }
}
