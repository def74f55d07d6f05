package dev.activitylog.admin.control;

/**
 * Text as the console shows it: characters that would be invisible or would reorder what is around them (controls,
 * bidirectional embeddings, overrides, isolates and marks, zero-width characters, line and paragraph separators, tag
 * characters, lone surrogates) are written as {@code \u202e}, the way the file format escapes them, so an actor
 * cannot make a field read as something else. TAB, LF and CR stay: they are visible as layout (the entry page keeps
 * line breaks). A literal backslash stays as it is; the entry's JSON tells the two apart.
 */
public final class VisibleText {
    private VisibleText() {
    }

    /** The text with every hidden character shown as its UTF-16 escape(s); null stays null. */
    public static String of(String s) {
        if (s == null) {
            return null;
        }
        int i = 0;
        while (i < s.length() && !hidden(s.codePointAt(i))) {
            i += Character.charCount(s.codePointAt(i));
        }
        if (i == s.length()) {
            return s;  // the common case: nothing hidden
        }
        StringBuilder out = new StringBuilder(s.length() + 16).append(s, 0, i);
        while (i < s.length()) {
            int cp = s.codePointAt(i);
            int n = Character.charCount(cp);
            if (hidden(cp)) {
                for (int k = i; k < i + n; k++) {
                    out.append(String.format("\\u%04x", (int) s.charAt(k)));
                }
            } else {
                out.appendCodePoint(cp);
            }
            i += n;
        }
        return out.toString();
    }

    private static boolean hidden(int cp) {
        if (cp == '\t' || cp == '\n' || cp == '\r') {
            return false;
        }
        return switch (Character.getType(cp)) {
            // Cc, Cf (bidi controls, zero-width, soft hyphen, tags, BOM), Zl, Zp, and a surrogate without its pair
            case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                 Character.SURROGATE -> true;
            default -> false;
        };
    }
}
