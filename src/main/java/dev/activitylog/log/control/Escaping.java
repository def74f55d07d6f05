package dev.activitylog.log.control;

/**
 * Field escaping: one entry is always one line, and a terminal shows what was stored, not what a control or
 * bidirectional-override character makes it look like. Reversible, so every string (lone surrogates included)
 * reads back exactly as it was appended.
 */
final class Escaping {
    private static final byte BACKSLASH = '\\';

    private Escaping() {
    }

    static LineBytes escape(String s, LineBytes out) {
        return escape(s, out, false);
    }

    /**
     * With {@code attribute}, also {@code =} and {@code ,} are escaped ({@code \=}, {@code \,}): the separators of
     * the attributes field (docs/file-format.md, "Version 2").
     */
    static LineBytes escape(String s, LineBytes out, boolean attribute) {
        int n = s.length();
        for (int i = 0; i < n; ) {
            int plain = plainUpTo(s, i, attribute);
            out.ascii(s, i, plain);  // the common case: printable ASCII, copied in bulk
            i = plain < n ? special(s, plain, out) : n;
        }
        return out;
    }

    /** The end of the run from {@code i} of printable ASCII that stays as it is. */
    private static int plainUpTo(String s, int i, boolean attribute) {
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c >= 0x7F || c == '\\' || attribute && (c == '=' || c == ',')) {
                return i;
            }
        }
        return i;
    }

    /** Writes the char at {@code i}, which is not plain ASCII, escaped if it must be; returns the next index. */
    private static int special(String s, int i, LineBytes out) {
        char c = s.charAt(i);
        switch (c) {
            case '\\' -> out.put(BACKSLASH).put(BACKSLASH);
            case '\t' -> out.put(BACKSLASH).put((byte) 't');
            case '\n' -> out.put(BACKSLASH).put((byte) 'n');
            case '\r' -> out.put(BACKSLASH).put((byte) 'r');
            case '=', ',' -> out.put(BACKSLASH).put((byte) c);  // in an attribute, else they are plain
            default -> {
                if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    out.codePoint(Character.toCodePoint(c, s.charAt(i + 1)));
                    return i + 2;
                } else if (needsUnicodeEscape(c)) {
                    out.put(BACKSLASH).put((byte) 'u').hex(c, 4);
                } else {
                    out.codePoint(c);
                }
            }
        }
        return i + 1;
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
