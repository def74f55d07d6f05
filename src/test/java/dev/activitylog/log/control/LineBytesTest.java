package dev.activitylog.log.control;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** A line built as bytes is the UTF-8 of its text, whatever the chars and however far it grows. */
class LineBytesTest {
    @ParameterizedTest
    @ValueSource(strings = {"", "plain ascii ~!", "latin-1 ünïcödé ÿ", "bmp 日本 € ‰",
            "pair \ud83d\ude00 and 𝄞", "mixed a\u00e9b\u4e2dc\ud83d\ude00d"})
    void textThatNeedsNoEscapeIsItsUtf8(String s) {
        LineBytes b = new LineBytes(1);  // grows from the smallest buffer
        Escaping.escape(s, b);
        assertArrayEquals(s.getBytes(StandardCharsets.UTF_8), b.toArray());
    }

    @Test
    void escapesAreAsciiAndTheRestStaysUtf8() {
        LineBytes b = new LineBytes(16);
        Escaping.escape("é\tx\\y\u2028z=,", b, true);
        assertEquals("é\\tx\\\\y\\u2028z\\=\\,", b.toString());
    }

    @Test
    void numbersAndHexAreSpelledOneWay() {
        LineBytes b = new LineBytes(16);
        for (long v : new long[]{0, 7, 9, 10, 99, 100, 1_234_567, Long.MAX_VALUE}) {
            b.reset(64).number(v);
            assertEquals(Long.toString(v), b.toString());
        }
        b.reset(64).hex(0xC0FFEEL, 8).put((byte) ' ').hex(new byte[]{0, 15, (byte) 0xAB, -1});
        assertEquals("00c0ffee 000fabff", b.toString());
    }

    @Test
    void aResetLetsAGrownBufferGo() {
        LineBytes b = new LineBytes(16);
        Escaping.escape("x".repeat(100_000), b);
        assertEquals(100_000, b.length());
        assertEquals(0, b.reset(1024).length());
        assertEquals(1024, b.array().length);
    }
}
