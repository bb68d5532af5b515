package io.breachimpact.generate;

import io.breachimpact.model.AgeBand;
import io.breachimpact.model.DocumentType;

import java.io.Serializable;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** What one file (and, merged, the whole dump) holds: counts the summary and the tests read. */
public final class GenerationStats implements Serializable {
    private long rows;
    private long persons;
    private long bytes;
    private long guardianContacts;
    private final long[] byDocument = new long[DocumentType.values().length];
    private final long[][] byDocumentAndAge = new long[DocumentType.values().length][AgeBand.values().length];
    private final long[] byDirt = new long[Dirt.values().length];
    private final long[] byVariation = new long[Variation.values().length];
    private final long[] byKind = new long[RecordKind.values().length];
    private final long[] byCorrection = new long[Correction.values().length];
    private final HashMap<String, Long> byRegion = new HashMap<>();
    /** Lines with non-ASCII characters: the population latin1-bytes applies to. */
    private long nonAsciiLines;
    private long files;

    void count(DumpRecord r) {
        rows++;
        byDocument[r.documentType.ordinal()]++;
        byDocumentAndAge[r.documentType.ordinal()][AgeBand.of(r.age).ordinal()]++;
        byVariation[r.variation.ordinal()]++;
        byKind[r.kind.ordinal()]++;
        byCorrection[r.correction.ordinal()]++;
        byRegion.merge(r.regionCode, 1L, Long::sum);
        if (r.guardianContact) {
            guardianContacts++;
        }
        for (Dirt d : Dirt.values()) {
            if (r.has(d)) {
                byDirt[d.ordinal()]++;
            }
        }
    }

    void nonAsciiLine() {
        nonAsciiLines++;
    }

    void finish(long persons, long bytes) {
        this.persons += persons;
        this.bytes += bytes;
        this.files++;
    }

    public GenerationStats merge(GenerationStats other) {
        GenerationStats m = new GenerationStats();
        for (GenerationStats s : new GenerationStats[] {this, other}) {
            m.rows += s.rows;
            m.persons += s.persons;
            m.bytes += s.bytes;
            m.files += s.files;
            m.guardianContacts += s.guardianContacts;
            m.nonAsciiLines += s.nonAsciiLines;
            add(m.byDocument, s.byDocument);
            add(m.byDirt, s.byDirt);
            add(m.byVariation, s.byVariation);
            add(m.byKind, s.byKind);
            add(m.byCorrection, s.byCorrection);
            for (int i = 0; i < s.byDocumentAndAge.length; i++) {
                add(m.byDocumentAndAge[i], s.byDocumentAndAge[i]);
            }
            s.byRegion.forEach((k, v) -> m.byRegion.merge(k, v, Long::sum));
        }
        return m;
    }

    private static void add(long[] into, long[] from) {
        for (int i = 0; i < into.length; i++) {
            into[i] += from[i];
        }
    }

    public long rows() {
        return rows;
    }

    public long persons() {
        return persons;
    }

    public long bytes() {
        return bytes;
    }

    public long files() {
        return files;
    }

    public long guardianContacts() {
        return guardianContacts;
    }

    public long nonAsciiLines() {
        return nonAsciiLines;
    }

    public long documents(DocumentType type) {
        return byDocument[type.ordinal()];
    }

    public long documentsAged(DocumentType type, AgeBand band) {
        return byDocumentAndAge[type.ordinal()][band.ordinal()];
    }

    public long dirt(Dirt d) {
        return byDirt[d.ordinal()];
    }

    public long variations(Variation v) {
        return byVariation[v.ordinal()];
    }

    public long kinds(RecordKind k) {
        return byKind[k.ordinal()];
    }

    /** Records sent again with this correction (a follow-up delivery's). */
    public long corrections(Correction c) {
        return byCorrection[c.ordinal()];
    }

    public long corrections() {
        return rows - byCorrection[Correction.NONE.ordinal()];
    }

    public Map<String, Long> byRegion() {
        return new TreeMap<>(byRegion);
    }

    /** A plain nested map, for the JSON report. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rows", rows);
        m.put("persons", persons);
        m.put("files", files);
        m.put("bytes", bytes);
        m.put("records_with_guardian_contact", guardianContacts);
        Map<String, Object> documents = new LinkedHashMap<>();
        for (DocumentType t : DocumentType.values()) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("records", documents(t));
            Map<String, Long> ages = new LinkedHashMap<>();
            for (AgeBand b : AgeBand.values()) {
                ages.put(b.label(), documentsAged(t, b));
            }
            doc.put("by_age_band", ages);
            documents.put(t.configName(), doc);
        }
        m.put("documents", documents);
        m.put("records_by_region", byRegion());
        Map<String, Long> kinds = new LinkedHashMap<>();
        for (RecordKind k : RecordKind.values()) {
            kinds.put(k.name().toLowerCase(), kinds(k));
        }
        m.put("records_by_kind", kinds);
        Map<String, Long> variations = new LinkedHashMap<>();
        for (Variation v : Variation.values()) {
            if (v != Variation.NONE) {
                variations.put(v.name().toLowerCase(), variations(v));
            }
        }
        m.put("duplicate_variations", variations);
        Map<String, Long> corrections = new LinkedHashMap<>();
        for (Correction c : Correction.values()) {
            if (c != Correction.NONE) {
                corrections.put(c.configName(), corrections(c));
            }
        }
        m.put("corrections", corrections);
        Map<String, Long> dirt = new LinkedHashMap<>();
        for (Dirt d : Dirt.values()) {
            dirt.put(d.configName(), dirt(d));
        }
        m.put("dirt_injected", dirt);
        m.put("lines_with_non_ascii", nonAsciiLines);
        return m;
    }
}
