package dev.activitylog.log.entity;

/**
 * Field limits, in UTF-16 chars before escaping (docs/file-format.md, "What callers may store"). Enforced by Bean
 * Validation at the API and again by the engine, so a single line never exceeds {@link #MAX_LINE_BYTES} even if every
 * char needs a six-byte escape. The patterns are the one spelling of each rule, used by both checks.
 */
public final class Limits {
    public static final int ACTOR = 200;
    public static final int ACTION = 100;
    public static final int SUBJECT = 1_000;
    public static final int DETAIL = 65_536;
    public static final int OUTCOME = 256;
    public static final int ORIGIN = 256;
    public static final int CORRELATION = 128;
    public static final int ATTRIBUTES = 16;
    public static final int ATTRIBUTE_KEY = 64;
    public static final int ATTRIBUTE_VALUE = 1_024;
    /** {@code SUCCESS}, {@code FAILURE}, or {@code FAILURE:} and a type: ASCII Java identifiers joined by dots. */
    public static final String OUTCOME_PATTERN =
            "SUCCESS|FAILURE(:[A-Za-z_$][A-Za-z0-9_$]*(\\.[A-Za-z_$][A-Za-z0-9_$]*)*)?";
    /** An ASCII letter or underscore, then letters, digits, {@code _ . -}. */
    public static final String KEY_PATTERN = "[A-Za-z_][A-Za-z0-9_.-]*";
    /**
     * A required text is present when it holds a char that is neither Unicode whitespace (as {@link String#isBlank})
     * nor a control char up to U+0020 (as {@link String#trim}, and so Bean Validation's {@code @NotBlank}).
     */
    public static final String PRESENT_PATTERN = "(?s).*[^\\x00-\\x20\\p{javaWhitespace}].*";
    /** Printable ASCII without spaces: matched exactly, safe in a URL once encoded. */
    public static final String CORRELATION_PATTERN = "[!-~]*";
    private static final int ATTRIBUTES_CHARS = ATTRIBUTES * (ATTRIBUTE_KEY + ATTRIBUTE_VALUE + 2);
    /** Worst case: every char escaped as {@code \}{@code uXXXX} (6 bytes), plus seq, time, hash, crc and separators. */
    public static final int MAX_LINE_BYTES =
            6 * (ACTOR + ACTION + SUBJECT + DETAIL + OUTCOME + ORIGIN + CORRELATION + ATTRIBUTES_CHARS) + 256;

    private Limits() {
    }
}
