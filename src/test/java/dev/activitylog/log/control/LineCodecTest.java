package dev.activitylog.log.control;

import dev.activitylog.testing.Tamper;
import dev.activitylog.log.entity.Entry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LineCodecTest {
    private static final byte[] SEED = new byte[LineCodec.HASH_BYTES];
    private static final Instant T = Instant.parse("2026-11-26T19:40:00.123456Z");

    private static LineCodec.Decoded decode(byte[] line) throws FormatException {
        assertEquals('\n', line[line.length - 1], "every line ends with a line feed");
        return LineCodec.decodeEntry(2, line, 0, line.length - 1);
    }

    @Test
    void entryRoundTripsAndIsReadable() throws Exception {
        LineCodec.Encoded enc = Lines.v2(42, T, "alice", "order.cancel", "order/7", "customer asked", SEED);
        String text = new String(enc.line(), StandardCharsets.UTF_8);
        assertTrue(text.startsWith("42\t2026-11-26T19:40:00.123456Z\talice\torder.cancel\torder/7\tcustomer asked\t"), text);
        LineCodec.Decoded d = decode(enc.line());
        assertEquals(new Entry(42, T, "alice", "order.cancel", "order/7", "customer asked", "SUCCESS", "", "", null),
                d.entry());
        assertArrayEquals(enc.hash(), d.hash());
    }

    @ParameterizedTest
    @ValueSource(strings = {"line\nbreak", "tab\there", "cr\rlf\r\n", "back\\slash \\n literal", "nul\u0000bell\u0007",
            "del\u007f c1\u0085", "ls\u2028ps\u2029", "bidi\u202eoverride\u2066", "zwsp\u200bbom\ufeff",
            "lone high \ud800 end", "lone low \udc00", "pair \ud83d\ude00 ok", "reversed \udc00\ud800", "ünïcödé 日本",
            "\\u0041 is not an escape", ""})
    void anyStringIsStoredOnOneLineAndReadsBackExactly(String s) throws Exception {
        LineCodec.Encoded enc = Lines.v2(1, T, "actor", "action", s, s, SEED);
        byte[] line = enc.line();
        int tabs = 0;
        for (int i = 0; i < line.length - 1; i++) {
            assertNotEquals('\n', line[i], "no raw line feed inside an entry");
            assertNotEquals('\r', line[i], "no raw carriage return inside an entry");
            assertFalse(line[i] >= 0 && line[i] < 0x20 && line[i] != '\t', "no raw control byte");
            if (line[i] == '\t') {
                tabs++;
            }
        }
        assertEquals(11, tabs, "exactly the eleven field separators");
        String text = new String(line, StandardCharsets.UTF_8);
        assertFalse(text.contains("\u202e") || text.contains("\u2028") || text.contains("\ufeff"),
                "invisible and direction-changing characters are escaped");
        Entry e = decode(line).entry();
        assertEquals(s, e.subject());
        assertEquals(s, e.detail());
    }

    @Test
    void everySingleBitFlipIsDetected() throws Exception {
        byte[] line = Lines.v2(7, T, "bob", "login", "", "from 10.0.0.1", SEED).line();
        for (int i = 0; i < line.length - 1; i++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] damaged = line.clone();
                damaged[i] ^= (byte) (1 << bit);
                int at = i;
                int b = bit;
                assertThrows(FormatException.class, () -> LineCodec.decodeEntry(2, damaged, 0, damaged.length - 1),
                        () -> "flip of bit " + b + " at byte " + at + " went unnoticed");
            }
        }
    }

    @Test
    void truncatedLinesAreRejected() throws Exception {
        byte[] line = Lines.v2(7, T, "bob", "login", "s", "d", SEED).line();
        for (int len = 0; len < line.length - 1; len++) {
            byte[] prefix = Arrays.copyOf(line, len);
            assertThrows(FormatException.class, () -> LineCodec.decodeEntry(2, prefix, 0, prefix.length));
        }
    }

    @Test
    void hashesChainFromThePreviousEntry() throws Exception {
        LineCodec.Encoded first = Lines.v2(1, T, "a", "b", "", "", SEED);
        LineCodec.Encoded second = Lines.v2(2, T, "a", "b", "", "", first.hash());
        LineCodec.Encoded secondOtherParent = Lines.v2(2, T, "a", "b", "", "", SEED);
        assertFalse(Arrays.equals(second.hash(), secondOtherParent.hash()), "the chain depends on the previous hash");
        byte[] body = "2\t2026-11-26T19:40:00.123456Z\ta\tb\t\t\tSUCCESS\t\t\t".getBytes(StandardCharsets.UTF_8);
        assertArrayEquals(LineCodec.chain(first.hash(), body, 0, body.length), decode(second.line()).hash(),
                "hash = SHA-256(previous hash || fields up to the hash field), as docs/file-format.md says");
    }

    @Test
    void headerRoundTripsAndOtherVersionsAreRecognised() throws Exception {
        byte[] seed = new byte[LineCodec.HASH_BYTES];
        Arrays.fill(seed, (byte) 0xab);
        byte[] line = new HeaderLine(T, seed).encode();
        assertTrue(new String(line, StandardCharsets.UTF_8).startsWith("#activity-log\tv2\tcreated=2026-11-26T19:40:00.123456Z\tchain-seed=abab"));
        HeaderLine h = HeaderLine.decode(line, 0, line.length - 1);
        assertEquals(T, h.created());
        assertArrayEquals(seed, h.chainSeed());

        assertEquals(2, h.version());
        byte[] v1 = new HeaderLine(T, seed).withVersion(1).encode();
        assertEquals(1, HeaderLine.decode(v1, 0, v1.length - 1).version(), "version 1 segments stay readable");

        String other = new String(line, StandardCharsets.UTF_8).replace("\tv2\t", "\tv3\t");
        byte[] payload = other.substring(0, other.lastIndexOf('\t')).getBytes(StandardCharsets.UTF_8);
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(payload);
        byte[] reframed = (new String(payload, StandardCharsets.UTF_8) + "\t" + String.format("%08x", crc.getValue()))
                .getBytes(StandardCharsets.UTF_8);
        assertThrows(HeaderLine.UnsupportedVersion.class, () -> HeaderLine.decode(reframed, 0, reframed.length));
    }

    /** The line with its payload edited as a text and its CRC recomputed, so only the field rules can refuse it. */
    static byte[] reframe(byte[] line, String from, String to) {
        String text = new String(line, 0, line.length - 1, StandardCharsets.UTF_8);
        String payload = text.substring(0, text.lastIndexOf('\t'));
        assertTrue(payload.contains(from), payload);
        return (Tamper.withCrc(payload.replace(from, to)) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aSequenceNumberWithALeadingZeroOrASignIsRefused() throws Exception {
        byte[] line = Lines.v2(7, T, "bob", "login", "s", "d", SEED).line();
        assertEquals(7, decode(reframe(line, "7\t", "7\t")).entry().seq(), "the control: only the CRC is recomputed");
        for (String bad : new String[]{"007\t", "07\t", "+7\t", "0\t"}) {
            byte[] edited = reframe(line, "7\t", bad);
            FormatException e = assertThrows(FormatException.class, () -> decode(edited), bad);
            assertTrue(e.getMessage().contains("sequence number"), e.getMessage());
        }
    }

    @Test
    void aTimeWithoutExactlySixFractionDigitsIsRefused() throws Exception {
        byte[] line = Lines.v2(7, T, "bob", "login", "s", "d", SEED).line();
        for (String bad : new String[]{"2026-11-26T19:40:00.123Z", "2026-11-26T19:40:00.123456789Z",
                "2026-11-26T19:40:00Z", "2026-11-26T19:40:00.123456+00:00", "2026-11-26t19:40:00.123456Z"}) {
            byte[] edited = reframe(line, "2026-11-26T19:40:00.123456Z", bad);
            FormatException e = assertThrows(FormatException.class, () -> decode(edited), bad);
            assertTrue(e.getMessage().contains("bad time"), e.getMessage());
        }
    }

    @Test
    void anUpperCaseHashIsRefused() throws Exception {
        LineCodec.Encoded enc = Lines.v2(7, T, "bob", "login", "s", "d", SEED);
        String hash = java.util.HexFormat.of().formatHex(enc.hash());
        assertTrue(hash.chars().anyMatch(c -> c >= 'a' && c <= 'f'), "the hash has letters to change the case of");
        byte[] edited = reframe(enc.line(), hash, hash.toUpperCase(java.util.Locale.ROOT));
        FormatException e = assertThrows(FormatException.class, () -> decode(edited));
        assertTrue(e.getMessage().contains("hash"), e.getMessage());
    }

    @Test
    void aCheckpointWithASignedOrZeroPaddedNumberIsRefused() throws Exception {
        byte[] line = new CheckpointLine(12, SEED, T, null).encode();
        assertEquals(12, CheckpointLine.decode(line, 0, line.length - 1).seq());
        for (String bad : new String[]{"seq=012", "seq=+12"}) {
            byte[] edited = reframe(line, "seq=12", bad);
            assertThrows(FormatException.class, () -> CheckpointLine.decode(edited, 0, edited.length - 1), bad);
        }
    }
}
