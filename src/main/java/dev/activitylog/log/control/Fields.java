package dev.activitylog.log.control;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.zip.CRC32C;

/**
 * The field rules every line of docs/file-format.md shares: the trailing CRC32C, numbers, times and hex. Strict on
 * purpose: each value has exactly one spelling, so an edit that keeps the meaning ({@code 007} for {@code 7}, a time
 * with three fraction digits, upper-case hex) still changes what the checksums cover and is caught.
 */
final class Fields {
    static final byte TAB = '\t';
    static final byte LF = '\n';
    static final HexFormat HEX = HexFormat.of();
    private static final int CRC_HEX = 8;
    private static final DateTimeFormatter SECONDS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

    /** The formatted second of the last time formatted: appends within one second reuse it. */
    private record SecondCache(long epochSecond, byte[] text) {
    }

    private static volatile SecondCache lastSecond = new SecondCache(Long.MIN_VALUE, new byte[0]);

    private Fields() {
    }

    /** The payload, a TAB, its CRC32C in 8 lower-case hex digits, and a line feed. */
    static byte[] withCrc(byte[] payload) {
        return appendCrc(new LineBytes(payload.length + 2 + CRC_HEX).put(payload)).toArray();
    }

    /** Ends the line: a TAB, the CRC32C of everything in it so far in 8 lower-case hex digits, and a line feed. */
    static LineBytes appendCrc(LineBytes line) {
        CRC32C crc = new CRC32C();
        crc.update(line.array(), 0, line.length());
        return line.put(TAB).hex(crc.getValue(), CRC_HEX).put(LF);
    }

    /** Checks the trailing CRC field of a line ({@code len} without its line feed); returns the payload length. */
    static int checkCrc(byte[] b, int off, int len) throws FormatException {
        int payloadLen = len - CRC_HEX - 1;
        if (payloadLen < 1 || b[off + payloadLen] != TAB) {
            throw new FormatException("no checksum field");
        }
        long stored = 0;
        for (int i = off + payloadLen + 1; i < off + len; i++) {
            // Lower case only: a checksum that also accepted 'A' for 'a' would miss a flip of bit 5.
            int d = hexDigit(b[i]);
            if (d < 0) {
                throw new FormatException("checksum is not lower-case hexadecimal");
            }
            stored = (stored << 4) | d;
        }
        CRC32C crc = new CRC32C();
        crc.update(b, off, payloadLen);
        if (crc.getValue() != stored) {
            throw new FormatException("checksum mismatch");
        }
        return payloadLen;
    }

    /** Exactly {@code 2 * bytes} lower-case hex digits. */
    static byte[] parseHex(String s, int bytes, String what) throws FormatException {
        if (s.length() != 2 * bytes) {
            throw new FormatException("bad " + what);
        }
        for (int i = 0; i < s.length(); i++) {
            if (hexDigit(s.charAt(i)) < 0) {
                throw new FormatException("bad " + what + ": not lower-case hexadecimal");
            }
        }
        return HEX.parseHex(s);
    }

    private static int hexDigit(int c) {
        return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
    }

    /** A decimal number of 1 to 18 digits without a sign or a leading zero ("0" itself is allowed). */
    static long parseNumber(byte[] b, int from, int to, String what) throws FormatException {
        int n = to - from;
        if (n < 1 || n > 18 || (n > 1 && b[from] == '0')) {
            throw new FormatException("bad " + what);
        }
        long v = 0;
        for (int i = from; i < to; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) {
                throw new FormatException("bad " + what);
            }
            v = v * 10 + d;
        }
        return v;
    }

    static long parseNumber(String s, String what) throws FormatException {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        return parseNumber(b, 0, b.length, what);
    }

    static String formatTime(Instant time) {
        return appendTime(time, new LineBytes(27)).toString();
    }

    /** {@code uuuu-MM-ddTHH:mm:ss.ffffffZ}; formatting the date once per second is most of an append's saving. */
    static LineBytes appendTime(Instant time, LineBytes out) {
        SecondCache cache = lastSecond;
        if (cache.epochSecond() != time.getEpochSecond()) {
            cache = new SecondCache(time.getEpochSecond(), SECONDS.format(time).getBytes(StandardCharsets.US_ASCII));
            lastSecond = cache;
        }
        out.put(cache.text()).put((byte) '.');
        int micros = time.getNano() / 1000;
        for (int div = 100_000; div > 0; div /= 10) {
            out.put((byte) ('0' + micros / div % 10));
        }
        return out.put((byte) 'Z');
    }

    /**
     * Exactly the form {@link #formatTime} writes ({@code uuuu-MM-ddTHH:mm:ss.ffffffZ}, 27 characters), read by hand:
     * {@code Instant.parse} was half of a read by number. Anything else is refused: another number of fraction
     * digits, another offset, a lower-case 't', a signed or five-digit year, a leap second, a day the month lacks.
     */
    static Instant parseTime(String s) throws FormatException {
        if (s.length() != 27 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T' || s.charAt(13) != ':'
                || s.charAt(16) != ':' || s.charAt(19) != '.' || s.charAt(26) != 'Z') {
            throw new FormatException("bad time " + s);
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        int micros = digits(s, 20, 6);
        if (year < 0 || month < 0 || day < 0 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0
                || second > 59 || micros < 0) {
            throw new FormatException("bad time " + s);
        }
        long epochDay;
        try {
            epochDay = LocalDate.of(year, month, day).toEpochDay();
        } catch (DateTimeException e) {
            throw new FormatException("bad time " + s);
        }
        return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3_600 + minute * 60 + second, micros * 1_000L);
    }

    /** The decimal number of {@code n} ASCII digits at {@code from}, or -1 if any is not one. */
    private static int digits(String s, int from, int n) {
        int v = 0;
        for (int i = from; i < from + n; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
