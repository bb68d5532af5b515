package io.breachimpact.reference;

import java.io.Serializable;

/** A given name as popular in one birth cohort (years inclusive). */
public record GivenName(String name, char sex, int cohortFrom, int cohortTo, long weight) implements Serializable {
}
