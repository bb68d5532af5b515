package io.breachimpact.reference;

import java.io.Serializable;

/** A commune with one of its postal codes; the weight is an approximate population in thousands. */
public record Commune(String departementCode, String name, String postalCode, long weight) implements Serializable {
}
