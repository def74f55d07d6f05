package dev.activitylog.log.control;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import dev.activitylog.log.entity.Entry;
import dev.activitylog.log.entity.Outcome;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

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
            b = new LineBytes(new byte[1]).number(v);
            assertEquals(Long.toString(v), b.toString());
        }
        b = new LineBytes(0).hex(0xC0FFEEL, 8).put((byte) ' ').hex(new byte[]{0, 15, (byte) 0xAB, -1});
        assertEquals("00c0ffee 000fabff", b.toString());
    }

    @Test
    void aHugeLineAndTheSmallOneAfterItBothReadBack() throws Exception {
        Entry huge = new Entry(1, Instant.EPOCH, "alice", "act", "s", "d".repeat(60_000), Outcome.SUCCESS, "", "", null);
        Entry small = new Entry(2, Instant.EPOCH, "bob", "act", "s", "d", Outcome.SUCCESS, "", "", null);
        LineCodec.Encoded first = LineCodec.encodeEntry(2, huge, new byte[LineCodec.HASH_BYTES]);
        LineCodec.Encoded second = LineCodec.encodeEntry(2, small, first.hash());
        for (var pair : List.of(Map.entry(first, huge), Map.entry(second, small))) {
            byte[] line = pair.getKey().line();
            assertEquals(pair.getValue(), LineCodec.decodeEntry(2, line, 0, line.length - 1).entry());
        }
    }
}
