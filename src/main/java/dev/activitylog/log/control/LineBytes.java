package dev.activitylog.log.control;

import java.util.Arrays;

/**
 * Bytes being built, a log line or an index block ({@link BlockCodec}): fields are encoded straight into one growing
 * array, so an append's line costs one copy at the end instead of a StringBuilder, a String and its bytes.
 * Not thread-safe.
 */
final class LineBytes {
    private static final byte[] DIGITS = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private byte[] buf;
    private int len;

    LineBytes(int capacity) {
        this(new byte[Math.max(16, capacity)]);
    }

    /** Builds in {@code buffer} (a reused one: its content is overwritten) until it must grow. */
    LineBytes(byte[] buffer) {
        buf = buffer;
    }

    int length() {
        return len;
    }

    /** The bytes so far; valid up to {@link #length()}, until the next change. */
    byte[] array() {
        return buf;
    }

    byte[] toArray() {
        return Arrays.copyOf(buf, len);
    }

    /** The bytes so far as text (for lines of ASCII fields). */
    @Override
    public String toString() {
        return new String(buf, 0, len, java.nio.charset.StandardCharsets.UTF_8);
    }

    LineBytes put(byte b) {
        room(1);
        buf[len++] = b;
        return this;
    }

    LineBytes put(byte[] b) {
        room(b.length);
        System.arraycopy(b, 0, buf, len, b.length);
        len += b.length;
        return this;
    }

    /** A non-negative number in decimal. */
    LineBytes number(long v) {
        int digits = 1;
        for (long x = v; x >= 10; x /= 10) {
            digits++;
        }
        room(digits);
        for (int i = len + digits - 1; i >= len; i--) {
            buf[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        len += digits;
        return this;
    }

    /** {@code bytes} as lower-case hex digits. */
    LineBytes hex(byte[] bytes) {
        room(2 * bytes.length);
        for (byte b : bytes) {
            buf[len++] = DIGITS[(b >> 4) & 0xF];
            buf[len++] = DIGITS[b & 0xF];
        }
        return this;
    }

    /** The low {@code digits} hex digits of {@code v}, most significant first. */
    LineBytes hex(long v, int digits) {
        room(digits);
        for (int i = digits - 1; i >= 0; i--) {
            buf[len++] = DIGITS[(int) (v >>> (4 * i)) & 0xF];
        }
        return this;
    }

    /**
     * The chars {@code from} to {@code to} of {@code s}, which are all ASCII (the caller checked): their UTF-8 bytes
     * are their low bytes, copied in bulk. For any other char the method would be wrong, which is why it is
     * deprecated; here it is the one bulk copy from a String into a byte array the platform has.
     */
    @SuppressWarnings("deprecation")
    LineBytes ascii(String s, int from, int to) {
        room(to - from);
        s.getBytes(from, to, buf, len);
        len += to - from;
        return this;
    }

    /** One code point (not a surrogate), UTF-8 encoded. */
    LineBytes codePoint(int cp) {
        room(4);
        if (cp < 0x80) {
            buf[len++] = (byte) cp;
        } else if (cp < 0x800) {
            buf[len++] = (byte) (0xC0 | cp >> 6);
            buf[len++] = (byte) (0x80 | cp & 0x3F);
        } else if (cp < 0x10000) {
            buf[len++] = (byte) (0xE0 | cp >> 12);
            buf[len++] = (byte) (0x80 | cp >> 6 & 0x3F);
            buf[len++] = (byte) (0x80 | cp & 0x3F);
        } else {
            buf[len++] = (byte) (0xF0 | cp >> 18);
            buf[len++] = (byte) (0x80 | cp >> 12 & 0x3F);
            buf[len++] = (byte) (0x80 | cp >> 6 & 0x3F);
            buf[len++] = (byte) (0x80 | cp & 0x3F);
        }
        return this;
    }

    private void room(int more) {
        if (len + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(len + more, 2 * buf.length));
        }
    }
}
