package dev.activitylog.log.control;

import dev.activitylog.log.entity.Entry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Version 2 entry lines (docs/file-format.md, "Version 2"): the new fields, attributes, and one version per segment. */
class LineCodecV2Test {
    private static final byte[] SEED = new byte[LineCodec.HASH_BYTES];
    private static final Instant T = Instant.parse("2026-11-26T19:40:00.123456Z");
    private static final String HOSTILE = "a=b,c\\d\te\nf\rg\u0000h\u202ei\u2066j\u200fk\ud800l\\=m\\,n";

    private static Entry entry(String outcome, String origin, String correlation, Map<String, String> attributes) {
        return new Entry(9, T, "alice", "order.cancel", "order/7", "why", outcome, origin, correlation, attributes);
    }

    private static Entry roundTrip(Entry e) throws FormatException {
        byte[] line = LineCodec.encodeEntry(2, e, SEED).line();
        for (int i = 0; i < line.length - 1; i++) {
            assertFalse(line[i] >= 0 && line[i] < 0x20 && line[i] != '\t', "no raw control byte at " + i);
        }
        assertEquals(11, new String(line, StandardCharsets.UTF_8).chars().filter(c -> c == '\t').count(),
                "the eleven separators of a version 2 line, whatever the text");
        return LineCodec.decodeEntry(2, line, 0, line.length - 1).entry();
    }

    @Test
    void everyFieldRoundTrips() throws Exception {
        Entry e = entry("FAILURE:java.lang.IllegalStateException", "203.0.113.7 node-1",
                "4bf92f3577b34da6a3ce929d0e0e4736", Map.of("http.method", "POST", "order", "7"));
        assertEquals(e, roundTrip(e));
        String text = new String(LineCodec.encodeEntry(2, e, SEED).line(), StandardCharsets.UTF_8);
        assertTrue(text.contains("\tFAILURE:java.lang.IllegalStateException\t203.0.113.7 node-1\t"
                + "4bf92f3577b34da6a3ce929d0e0e4736\thttp.method=POST,order=7\t"), text);
    }

    @ParameterizedTest
    @ValueSource(strings = {HOSTILE, "=", ",", "\\", "==,,\\\\", "", " ", "\u2028\u2029\ufeff", "\ud83d\ude00"})
    void hostileTextInOriginCorrelationAndAttributesReadsBackExactly(String s) throws Exception {
        Map<String, String> attributes = new TreeMap<>();
        attributes.put("k" + s, s);     // the codec takes any key; only the input rules refuse such keys
        attributes.put(s + "z", "v" + s);
        Entry e = entry("SUCCESS", s, s, attributes);
        Entry back = roundTrip(e);
        assertEquals(e, back);
        assertEquals(attributes, back.attributes());
    }

    @Test
    void theLineAndTheHashDoNotDependOnTheOrderAttributesWereGivenIn() {
        Map<String, String> forward = new LinkedHashMap<>();
        Map<String, String> backward = new LinkedHashMap<>();
        for (int i = 0; i < 16; i++) {
            forward.put("key" + i, "v" + i);
            backward.put("key" + (15 - i), "v" + (15 - i));
        }
        LineCodec.Encoded a = LineCodec.encodeEntry(2, entry("SUCCESS", "", "", forward), SEED);
        LineCodec.Encoded b = LineCodec.encodeEntry(2, entry("SUCCESS", "", "", backward), SEED);
        assertArrayEquals(a.line(), b.line());
        assertArrayEquals(a.hash(), b.hash());
    }

    @Test
    void theChainCoversEveryVersion2Field() throws Exception {
        LineCodec.Encoded enc = LineCodec.encodeEntry(2, entry("FAILURE", "o", "c", Map.of("k", "v")), SEED);
        byte[] body = "9\t2026-11-26T19:40:00.123456Z\talice\torder.cancel\torder/7\twhy\tFAILURE\to\tc\tk=v"
                .getBytes(StandardCharsets.UTF_8);
        LineCodec.Decoded d = LineCodec.decodeEntry(2, enc.line(), 0, enc.line().length - 1);
        assertArrayEquals(LineCodec.chain(SEED, body, 0, body.length), d.hash());
        assertEquals(body.length, d.bodyLength());
    }

    @Test
    void aLineIsReadByItsSegmentsVersionOnly() throws Exception {
        byte[] v1 = Lines.v1(3, T, "bob", "login", "s", "d", SEED).line();
        byte[] v2 = Lines.v2(3, T, "bob", "login", "s", "d", SEED).line();
        Entry old = LineCodec.decodeEntry(1, v1, 0, v1.length - 1).entry();
        assertNull(old.outcome(), "a version 1 entry's outcome is unknown");
        assertEquals("", old.origin());
        assertEquals("", old.correlation());
        assertTrue(old.attributes().isEmpty());
        assertThrows(FormatException.class, () -> LineCodec.decodeEntry(2, v1, 0, v1.length - 1));
        assertThrows(FormatException.class, () -> LineCodec.decodeEntry(1, v2, 0, v2.length - 1));
        assertThrows(FormatException.class, () -> LineCodec.decodeEntry(0, v2, 0, v2.length - 1),
                "a segment whose header could not be read has no version to read by");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "success", "FAILED", "FAILURE:", "FAILURE:1x", "FAILURE:a..b", "FAILURE:a.", "SUCCESS:x",
            "FAILURE:a b", "FAILURE\\t"})
    void anOutcomeOfAnotherSpellingIsRefused(String bad) {
        byte[] edited = reframe(LineCodec.encodeEntry(2, entry("FAILURE", "", "", null), SEED).line(),
                "\tFAILURE\t", "\t" + bad + "\t");
        assertThrows(FormatException.class, () -> LineCodec.decodeEntry(2, edited, 0, edited.length - 1), bad);
    }

    @ParameterizedTest
    @ValueSource(strings = {"b=1,a=2", "a=1,a=2", "=1", "a", "a=1=2", "a=1,", ",a=1", "a=1\\"})
    void attributesOfAnotherSpellingAreRefused(String bad) {
        byte[] edited = reframe(LineCodec.encodeEntry(2, entry("SUCCESS", "", "", Map.of("a", "1")), SEED).line(),
                "\ta=1\t", "\t" + bad + "\t");
        assertThrows(FormatException.class, () -> LineCodec.decodeEntry(2, edited, 0, edited.length - 1), bad);
    }

    @Test
    void theAttributeEscapesAreRefusedInOtherFields() {
        byte[] edited = reframe(Lines.v2(1, T, "bob", "login", "s", "plain", SEED).line(), "\tplain\t", "\ta\\=b\t");
        assertThrows(FormatException.class, () -> LineCodec.decodeEntry(2, edited, 0, edited.length - 1));
    }

    @Test
    void everySingleBitFlipOfAVersion2LineIsDetected() {
        byte[] line = LineCodec.encodeEntry(2, entry("FAILURE:x.Y", "o", "c", Map.of("k", "v=1")), SEED).line();
        for (int i = 0; i < line.length - 1; i++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] damaged = line.clone();
                damaged[i] ^= (byte) (1 << bit);
                assertThrows(FormatException.class, () -> LineCodec.decodeEntry(2, damaged, 0, damaged.length - 1));
            }
        }
    }

    private static byte[] reframe(byte[] line, String from, String to) {
        return LineCodecTest.reframe(line, from, to);
    }
}
