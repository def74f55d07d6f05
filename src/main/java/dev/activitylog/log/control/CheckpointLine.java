package dev.activitylog.log.control;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;

/**
 * A checkpoint (docs/file-format.md): the chain head after entry {@code seq}, and with a key an HMAC over it. Written
 * as a line of the file, and its {@code seq:hash} also kept in the index database as a second copy ({@link #meta}).
 *
 * @param mac null when the log runs without a checkpoint key
 */
public record CheckpointLine(long seq, byte[] hash, Instant time, byte[] mac) {
    public static final String PREFIX = "#checkpoint";
    private static final byte[] PREFIX_TAB = (PREFIX + "\t").getBytes(StandardCharsets.US_ASCII);

    public byte[] encode() {
        String payload = PREFIX + "\tseq=" + seq + "\thash=" + Fields.HEX.formatHex(hash) + "\ttime="
                + Fields.formatTime(time) + "\tmac=" + (mac == null ? "none" : Fields.HEX.formatHex(mac));
        return Fields.withCrc(payload.getBytes(StandardCharsets.UTF_8));
    }

    /** Whether the line (of any validity) starts like a checkpoint: such lines are not entries. */
    public static boolean isCheckpoint(byte[] b, int off, int len) {
        if (len < PREFIX_TAB.length) {
            return false;
        }
        for (int i = 0; i < PREFIX_TAB.length; i++) {
            if (b[off + i] != PREFIX_TAB[i]) {
                return false;
            }
        }
        return true;
    }

    /** Decodes and checks the CRC of a checkpoint line; {@code len} excludes the line feed. */
    public static CheckpointLine decode(byte[] b, int off, int len) throws FormatException {
        String[] fields = new String(b, off, Fields.checkCrc(b, off, len), StandardCharsets.UTF_8).split("\t", -1);
        if (fields.length != 5 || !PREFIX.equals(fields[0]) || !fields[1].startsWith("seq=")
                || !fields[2].startsWith("hash=") || !fields[3].startsWith("time=") || !fields[4].startsWith("mac=")) {
            throw new FormatException("malformed checkpoint");
        }
        String mac = fields[4].substring(4);
        return new CheckpointLine(Fields.parseNumber(fields[1].substring(4), "checkpoint sequence number"),
                Fields.parseHex(fields[2].substring(5), LineCodec.HASH_BYTES, "checkpoint hash"),
                Fields.parseTime(fields[3].substring(5)),
                mac.equals("none") ? null : Fields.parseHex(mac, LineCodec.HASH_BYTES, "checkpoint mac"));
    }

    /**
     * HMAC-SHA256 of a checkpoint, bound to this file by its chain seed: the bytes of
     * {@code "activity-log checkpoint v1\n" + seed-hex + "\n" + seq + "\n" + hash-hex + "\n" + time}.
     */
    public static byte[] mac(byte[] key, byte[] chainSeed, long seq, byte[] hash, Instant time) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(key, "HmacSHA256"));
            String text = "activity-log checkpoint v1\n" + Fields.HEX.formatHex(chainSeed) + "\n" + seq + "\n"
                    + Fields.HEX.formatHex(hash) + "\n" + Fields.formatTime(time);
            return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required of every Java platform", e);
        }
    }

    /** The index database's copy of the chain head: {@code seq:hash}. */
    String meta() {
        return seq + ":" + Fields.HEX.formatHex(hash);
    }

    /** The chain head the index database recorded (time and MAC are not kept there). */
    static CheckpointLine fromMeta(String meta) throws FormatException {
        int colon = meta.indexOf(':');
        if (colon < 0) {
            throw new FormatException("bad recorded checkpoint " + meta);
        }
        return new CheckpointLine(Fields.parseNumber(meta.substring(0, colon), "recorded checkpoint"),
                Fields.parseHex(meta.substring(colon + 1), LineCodec.HASH_BYTES, "recorded checkpoint"), null, null);
    }
}
