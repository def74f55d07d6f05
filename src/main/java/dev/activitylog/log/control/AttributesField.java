package dev.activitylog.log.control;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The attributes field of a version 2 entry (docs/file-format.md, "Version 2"): {@code key=value} pairs joined by
 * {@code ,}, sorted by key, each key once and never empty, keys and values escaped with {@code =} and {@code ,} as
 * {@code \=} and {@code \,}. One spelling per map, so the chain hash does not depend on the order they were given in.
 */
final class AttributesField {
    private AttributesField() {
    }

    static LineBytes append(Map<String, String> attributes, LineBytes out) {
        boolean first = true;
        // An entry's map is sorted by key already (Entry); only other maps are sorted here.
        Map<String, String> sorted = attributes instanceof SortedMap<String, String> m && m.comparator() == null ? m
                : new TreeMap<>(attributes);
        for (Map.Entry<String, String> a : sorted.entrySet()) {
            if (!first) {
                out.put((byte) ',');
            }
            first = false;
            Escaping.escape(a.getKey(), out, true).put((byte) '=');
            Escaping.escape(a.getValue(), out, true);
        }
        return out;
    }

    static SortedMap<String, String> parse(String field) throws FormatException {
        SortedMap<String, String> attributes = new TreeMap<>();
        if (field.isEmpty()) {
            return attributes;
        }
        String previous = null;
        int start = 0;
        int equals = -1;
        for (int i = 0; i <= field.length(); i++) {
            char c = i == field.length() ? ',' : field.charAt(i);
            if (c == '\\') {
                if (++i == field.length()) {
                    throw new FormatException("dangling escape");
                }  // an escaped character is never a separator
            } else if (c == '=') {
                if (equals >= 0) {
                    throw new FormatException("attribute with a second unescaped '='");
                }
                equals = i;
            } else if (c == ',') {
                if (equals < 0) {
                    throw new FormatException("attribute without '='");
                }
                String key = Escaping.unescape(field.substring(start, equals), true);
                if (key.isEmpty() || previous != null && previous.compareTo(key) >= 0) {
                    throw new FormatException("attribute keys empty, repeated or not sorted");
                }
                attributes.put(key, Escaping.unescape(field.substring(equals + 1, Math.min(i, field.length())), true));
                previous = key;
                start = i + 1;
                equals = -1;
            }
        }
        return attributes;
    }
}
