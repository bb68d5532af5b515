package io.breachimpact.ingest.profile;

import io.breachimpact.model.DumpColumns;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * One file's source values → the canonical fields, through its profile: built once per file from the
 * file's own column order, applied to every record in the read task.
 */
public final class RecordMapper implements Serializable {
    private final FieldSource[] sources = new FieldSource[DumpColumns.COUNT];
    /** For each canonical field, the positions of its source columns in the file (null: not in this dump). */
    private final int[][] positions = new int[DumpColumns.COUNT][];
    private final boolean plain;

    /** @param columnPositions source column (lower case) → its position in the file */
    public RecordMapper(DumpProfile profile, Map<String, Integer> columnPositions) {
        boolean allPlain = true;
        for (int i = 0; i < DumpColumns.COUNT; i++) {
            FieldSource source = profile.fields().get(DumpColumns.HEADER.get(i));
            if (source == null) {
                continue;
            }
            sources[i] = source;
            positions[i] = source.columns().stream().mapToInt(columnPositions::get).toArray();
            allPlain &= source.plain();
        }
        this.plain = allPlain;
    }

    /** The canonical values, in {@link DumpColumns#HEADER} order; a short line's missing columns are null. */
    public String[] map(List<String> values) {
        String[] out = new String[DumpColumns.COUNT];
        for (int i = 0; i < DumpColumns.COUNT; i++) {
            int[] at = positions[i];
            if (at == null) {
                continue;
            }
            if (plain) {
                out[i] = at[0] < values.size() ? values.get(at[0]) : null;
                continue;
            }
            String[] parts = new String[at.length];
            for (int k = 0; k < at.length; k++) {
                parts[k] = at[k] < values.size() ? values.get(at[k]) : null;
            }
            out[i] = sources[i].apply(parts);
        }
        return out;
    }
}
