package io.breachimpact.reference;

import java.io.Serializable;

/** One age range of the age profile of a document type's applicants (ages inclusive). */
public record AgeProfile(String documentType, int ageFrom, int ageTo, double weight) implements Serializable {
}
