package io.breachimpact.identity.match;

import java.io.Serializable;

/**
 * When a scored pair is one human. Precision first: a link sends one person's notice to another, so
 * besides the weight threshold two disagreements are never outweighed by the rest — given names that
 * differ (twins and siblings share a birth date, a surname, a guardian's email and phone and an
 * address) and birth dates in different years, not one digit apart (a father and his son of the same
 * name at one address). Only the same document (type and number) overrides them.
 */
public record LinkPolicy(double minWeight) implements Serializable {

    /** @param minProbability the match probability a link needs (resolve.match-probability) */
    public static LinkPolicy atProbability(double minProbability) {
        return new LinkPolicy(MatchModel.weightAt(minProbability));
    }

    /** The two records cannot be one human, whatever else agrees. */
    public boolean cannotLink(int comparison) {
        if (Comparison.level(comparison, Field.DOCUMENT) == 0) {
            return false;
        }
        return Comparison.level(comparison, Field.GIVEN_NAMES) == Field.GIVEN_NAMES.different()
                || Comparison.level(comparison, Field.BIRTH_DATE) == Field.BIRTH_DATE.different();
    }

    public boolean links(int comparison, double weight) {
        return weight >= minWeight && !cannotLink(comparison);
    }
}
