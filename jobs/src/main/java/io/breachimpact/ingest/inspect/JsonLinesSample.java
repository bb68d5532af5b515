package io.breachimpact.ingest.inspect;

import io.breachimpact.ingest.JsonLinesReader;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The records of a JSON Lines sample as columns named by path: the array of objects most lines hold is
 * taken for the records (each element one record, with its line's fields), else each line is one.
 */
final class JsonLinesSample {
    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonLinesSample() {
    }

    /** The objects of the text's lines; lines that are not an object are counted, not kept. */
    static List<JsonNode> objects(String text) {
        List<JsonNode> objects = new ArrayList<>();
        for (String line : text.split("\r?\n")) {
            if (line.isBlank()) {
                continue;
            }
            try {
                JsonNode node = JSON.readTree(line);
                if (node != null && node.isObject()) {
                    objects.add(node);
                }
            } catch (java.io.IOException e) {
                // not an object: the malformed share shows in what is left
            }
        }
        return objects;
    }

    /** The path of the array of objects that most lines hold, or null. */
    static String recordsPath(List<JsonNode> objects) {
        Map<String, Integer> arrays = new LinkedHashMap<>();
        for (JsonNode o : objects) {
            arraysOfObjects(o, "", arrays);
        }
        return arrays.entrySet().stream().filter(e -> e.getValue() * 2 >= objects.size()).max(Map.Entry.comparingByValue())
                .map(Map.Entry::getKey).orElse(null);
    }

    private static void arraysOfObjects(JsonNode node, String prefix, Map<String, Integer> arrays) {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String path = prefix + e.getKey().toLowerCase(Locale.ROOT);
            if (e.getValue().isObject()) {
                arraysOfObjects(e.getValue(), path + ".", arrays);
            } else if (e.getValue().isArray() && e.getValue().size() > 0 && e.getValue().get(0).isObject()) {
                arrays.merge(path, 1, Integer::sum);
            }
        }
    }

    /** Each record's values by path, as ingest reads them: the line's own leaves, and each element's under the records path. */
    static List<Map<String, String>> records(List<JsonNode> objects, String recordsPath) {
        List<Map<String, String>> records = new ArrayList<>();
        for (JsonNode o : objects) {
            records.addAll(JsonLinesReader.records(o, recordsPath));
        }
        return records;
    }
}
