package io.breachimpact.reference;

import java.io.Serializable;

/** A région of France with its INSEE code and legal population. */
public record Region(String code, String name, long population) implements Serializable {
}
