package dev.activitylog.log.control;

/**
 * Field escaping: one entry is always one line, and a terminal shows what was stored, not what a control or
 * bidirectional-override character makes it look like. Reversible, so every string (lone surrogates included)
 * reads back exactly as it was appended.
 */
final class Escaping {
    private Escaping() {
    }

    static StringBuilder escape(String s, StringBuilder out) {
        return escape(s, out, false);
    }

    /**
     * With {@code attribute}, also {@code =} and {@code ,} are escaped ({@code \=}, {@code \,}): the separators of
     * the attributes field (docs/file-format.md, "Version 2").
     */
    static StringBuilder escape(String s, StringBuilder out, boolean attribute) {
        int first = firstToEscape(s, attribute);
        if (first == s.length()) {
            return out.append(s);  // the common case: nothing to escape, one bulk copy
        }
        out.append(s, 0, first);
        for (int i = first; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '=', ',' -> out.append(attribute ? "\\" : "").append(c);
                default -> {
                    if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                        out.append(c).append(s.charAt(++i));
                    } else if (needsUnicodeEscape(c)) {
                        out.append("\\u").append(Character.forDigit(c >> 12, 16)).append(Character.forDigit((c >> 8) & 0xF, 16))
                                .append(Character.forDigit((c >> 4) & 0xF, 16)).append(Character.forDigit(c & 0xF, 16));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out;
    }

    private static int firstToEscape(String s, boolean attribute) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' || needsUnicodeEscape(c) || attribute && (c == '=' || c == ',')) {  // TAB, LF, CR: controls
                return i;
            }
        }
        return s.length();
    }

    private static boolean needsUnicodeEscape(char c) {
        return c < 0x20 || (c >= 0x7F && c <= 0x9F)       // C0, DEL, C1 controls
                || Character.isSurrogate(c)                 // unpaired (pairs were handled above)
                || c == 0x2028 || c == 0x2029               // line and paragraph separators
                || (c >= 0x200B && c <= 0x200F)             // zero-width and direction marks
                || (c >= 0x202A && c <= 0x202E)             // bidirectional embeddings and overrides
                || (c >= 0x2060 && c <= 0x2069)             // invisible operators, bidi isolates
                || c == 0xFEFF;                             // byte order mark
    }

    static String unescape(String s) throws FormatException {
        return unescape(s, false);
    }

    /** With {@code attribute}, {@code \=} and {@code \,} are read too (elsewhere they make the line invalid). */
    static String unescape(String s, boolean attribute) throws FormatException {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (++i == s.length()) {
                throw new FormatException("dangling escape");
            }
            switch (s.charAt(i)) {
                case '\\' -> out.append('\\');
                case 't' -> out.append('\t');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case '=', ',' -> {
                    if (!attribute) {
                        throw new FormatException("unknown escape \\" + s.charAt(i));
                    }
                    out.append(s.charAt(i));
                }
                case 'u' -> {
                    if (i + 4 >= s.length()) {
                        throw new FormatException("short unicode escape");
                    }
                    int v = 0;
                    for (int k = 1; k <= 4; k++) {
                        int d = Character.digit(s.charAt(i + k), 16);
                        if (d < 0) {
                            throw new FormatException("bad unicode escape");
                        }
                        v = (v << 4) | d;
                    }
                    out.append((char) v);
                    i += 4;
                }
                default -> throw new FormatException("unknown escape \\" + s.charAt(i));
            }
        }
        return out.toString();
    }
}
