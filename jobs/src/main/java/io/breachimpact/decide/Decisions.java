package io.breachimpact.decide;

import io.breachimpact.exposure.Severity;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.util.ArrayList;
import java.util.List;

import static org.apache.spark.sql.functions.array_contains;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.split;
import static org.apache.spark.sql.functions.when;

/**
 * One decision per person, from its severity and its contacts: the outcome (individual notice,
 * public communication, or held for manual review) with the rule that chose it, then for a notice the
 * recipient, the channel, an extra letter for the eldest, the template; and for everyone the
 * monitoring offer. Rule ids go into {@code reasons}: every decision can be explained.
 */
public final class Decisions {
    private Decisions() {
    }

    public static final String NOTICE = "INDIVIDUAL_NOTICE";
    public static final String PUBLIC = "PUBLIC_COMMUNICATION";
    public static final String REVIEW = "MANUAL_REVIEW";

    private static final String LETTER_REACHABLE = "letter_reachable";

    /** The outcomes, and the rules that choose them (every decision's first reason is one of these). */
    public static final List<String> OUTCOMES = List.of(NOTICE, PUBLIC, REVIEW);
    public static final List<String> OUTCOME_RULES = List.of("REVIEW-QUALITY-FLAG", "PUBLIC-BELOW-THRESHOLD", "PUBLIC-UNREACHABLE",
            "NOTICE-HIGH-RISK");

    /** The rule ids of {@code reasons}, comma-separated, in order. */
    public static final String REASONS_TEXT = "reasons_text";

    /**
     * @param unmasked silver/persons with their severity: {@code level}, {@code score}, {@code minor},
     *                {@code age}, {@code email}, {@code mobile_phone}, {@code contact_channels},
     *                {@code quality_flags}, {@code data_classes}
     */
    public static Dataset<Row> decide(Dataset<Row> unmasked, DecisionPolicy policy) {
        // Templates and offers test the data classes as bits (computed here unless scoring left them).
        Dataset<Row> persons = Severity.withMasks(unmasked)
                // Whether a letter reaches the person, read once (the channel rules ask it a dozen times).
                .withColumn(LETTER_REACHABLE, array_contains(col("contact_channels"), "LETTER"));
        Column rank = levelRank(col("level"));
        Column review = lit(false);
        for (String flag : policy.manualReviewFlags()) {
            review = review.or(array_contains(col("quality_flags"), flag));
        }
        Column reachableChannel = firstChannel(policy);
        Column outcome = when(review, lit(REVIEW))
                .when(rank.lt(policy.individualFrom().ordinal()), lit(PUBLIC))
                .when(reachableChannel.isNull(), lit(PUBLIC))
                .otherwise(lit(NOTICE));
        Column outcomeRule = when(review, lit(OUTCOME_RULES.get(0)))
                .when(rank.lt(policy.individualFrom().ordinal()), lit(OUTCOME_RULES.get(1)))
                .when(reachableChannel.isNull(), lit(OUTCOME_RULES.get(2)))
                .otherwise(lit(OUTCOME_RULES.get(3)));
        Column notice = col("outcome").equalTo(NOTICE);
        Column channel = when(notice, reachableChannel);
        Column recipient = when(notice, when(col("minor"), lit("GUARDIAN")).otherwise(lit("SELF")));
        Column extraLetter = notice.and(col("minor").equalTo(false)).and(coalesce(col("age"), lit(0)).geq(policy.letterAlsoFromAge()))
                .and(col("channel").notEqual("LETTER")).and(available(DecisionPolicy.Channel.LETTER));

        Column content = null;
        List<DecisionPolicy.Template> templates = policy.templates();
        for (int i = templates.size() - 1; i >= 0; i--) {
            DecisionPolicy.Template t = templates.get(i);
            Column holds = Severity.condition(DecisionPolicy.condition(t.classesAll()));
            content = content == null ? lit(t.id()) : when(holds, lit(t.id())).otherwise(content);
        }
        Column offer = null;
        List<DecisionPolicy.Tier> tiers = policy.tiers();
        for (int i = tiers.size() - 1; i >= 0; i--) {
            DecisionPolicy.Tier t = tiers.get(i);
            Column holds = rank.geq(t.levelAtLeast().ordinal()).and(Severity.condition(DecisionPolicy.condition(t.classesAll())));
            offer = offer == null ? lit(t.code()) : when(holds, lit(t.code())).otherwise(offer);
        }
        Dataset<Row> decided = persons.withColumn("outcome", outcome).withColumn("outcome_rule", outcomeRule)
                .withColumn("channel", channel)
                .withColumn("recipient", recipient)
                .withColumn("content", when(notice, content))
                .withColumn("offer_code", offer);
        decided = decided.withColumn("extra_letter", coalesce(extraLetter, lit(false)))
                .withColumn("template_id", when(notice, template(col("content"), col("recipient"), col("channel"), policy.language())))
                .withColumn("letter_template_id", when(col("extra_letter"),
                        template(col("content"), col("recipient"), lit("LETTER"), policy.language())));
        List<Column> reasons = new ArrayList<>();
        reasons.add(col("outcome_rule"));
        reasons.add(when(notice.and(col("minor")), lit("RECIPIENT-GUARDIAN")));
        reasons.add(when(notice, concat_ws("", lit("CHANNEL-"), col("channel"))));
        reasons.add(when(col("extra_letter"), lit("EXTRA-LETTER-AGE-" + policy.letterAlsoFromAge())));
        reasons.add(when(notice, concat_ws("", lit("TEMPLATE-"), col("content"))));
        reasons.add(concat_ws("", lit("OFFER-"), col("offer_code")));
        // Also kept as one text: decide carries it so through its work rows (an array costs a level per
        // element to write and read back, 13 million times).
        return decided.withColumn(REASONS_TEXT, concat_ws(",", reasons.toArray(new Column[0])))
                .withColumn("reasons", split(col(REASONS_TEXT), ","))
                .withColumn("policy_version", lit(policy.version()))
                .drop("outcome_rule", "content").drop(Severity.CLASS_MASK).drop(Severity.DOCUMENT_MASK).drop(LETTER_REACHABLE);
    }

    /** LOW 0, MEDIUM 1, HIGH 2, VERY_HIGH 3. */
    public static Column levelRank(Column level) {
        Column rank = lit(0);
        for (Severity.Level l : Severity.Level.values()) {
            rank = when(level.equalTo(l.name()), lit(l.ordinal())).otherwise(rank);
        }
        return rank;
    }

    static Column template(Column content, Column recipient, Column channel, String language) {
        return concat_ws(".", content, recipient, channel, lit(language));
    }

    private static Column available(DecisionPolicy.Channel channel) {
        return switch (channel) {
            case EMAIL -> col("email").isNotNull();
            case SMS -> col("mobile_phone").isNotNull();
            case LETTER -> col(LETTER_REACHABLE);
        };
    }

    /** The first available channel in the policy's order; a minor's guardian first by the minor channel. */
    private static Column firstChannel(DecisionPolicy policy) {
        Column adult = null;
        List<DecisionPolicy.Channel> order = policy.channels();
        for (int i = order.size() - 1; i >= 0; i--) {
            DecisionPolicy.Channel c = order.get(i);
            adult = when(available(c), lit(c.name())).otherwise(adult == null ? lit(null).cast("string") : adult);
        }
        Column minor = when(available(policy.minorChannel()), lit(policy.minorChannel().name())).otherwise(adult);
        return when(col("minor"), minor).otherwise(adult);
    }
}
