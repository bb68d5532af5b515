package io.breachimpact.reference;

import java.io.Serializable;

/** A value of a frequency table (surnames, streets, email domains) with its relative weight. */
public record WeightedText(String text, double weight) implements Serializable {
}
