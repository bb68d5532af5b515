package io.breachimpact.identity.match;

/**
 * How two records compared, field by field, packed in one int (three bits a field: level + 1, 0 for a
 * missing value): cheap to count by the million when the model is trained, and to store with a link.
 */
public final class Comparison {
    private Comparison() {
    }

    private static final Field[] FIELDS = Field.values();
    private static final int MASK = (1 << Field.BITS) - 1;

    public static int level(int packed, Field field) {
        return ((packed >>> (field.ordinal() * Field.BITS)) & MASK) - 1;
    }

    public static int with(int packed, Field field, int level) {
        int shift = field.ordinal() * Field.BITS;
        return (packed & ~(MASK << shift)) | ((level + 1) << shift);
    }

    /** "surname exact, given names initials, birth date exact, …" (missing fields left out). */
    public static String describe(int packed) {
        StringBuilder sb = new StringBuilder();
        for (Field f : FIELDS) {
            int level = level(packed, f);
            if (level != Field.MISSING) {
                if (sb.length() > 0) {
                    sb.append(", ");
                }
                sb.append(f.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')).append(' ').append(f.describe(level));
            }
        }
        return sb.toString();
    }
}
