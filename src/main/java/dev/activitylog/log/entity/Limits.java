package dev.activitylog.log.entity;

/**
 * Field limits, in UTF-16 chars before escaping. Enforced by Bean Validation at the API and again by the engine, so a
 * single line never exceeds {@link #MAX_LINE_BYTES} even if every char needs a six-byte escape.
 */
public final class Limits {
    public static final int ACTOR = 200;
    public static final int ACTION = 100;
    public static final int SUBJECT = 1_000;
    public static final int DETAIL = 65_536;
    /** Worst case: every char escaped as {@code \}{@code uXXXX} (6 bytes), plus seq, time, hash, crc and separators. */
    public static final int MAX_LINE_BYTES = 6 * (ACTOR + ACTION + SUBJECT + DETAIL) + 256;

    private Limits() {
    }
}
