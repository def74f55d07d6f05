package dev.activitylog.log.control;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** The first line of every log file (docs/file-format.md): magic, version, creation time and the chain seed. */
public record HeaderLine(Instant created, byte[] chainSeed) {
    public static final String MAGIC = "#activity-log";
    public static final String VERSION = "v1";

    public byte[] encode() {
        String payload = MAGIC + '\t' + VERSION + "\tcreated=" + Fields.formatTime(created)
                + "\tchain-seed=" + Fields.HEX.formatHex(chainSeed);
        return Fields.withCrc(payload.getBytes(StandardCharsets.UTF_8));
    }

    /** Decodes a header line; {@code len} excludes the line feed. */
    public static HeaderLine decode(byte[] b, int off, int len) throws FormatException {
        String[] fields = new String(b, off, Fields.checkCrc(b, off, len), StandardCharsets.UTF_8).split("\t", -1);
        if (!MAGIC.equals(fields[0])) {
            throw new FormatException("first line does not start with " + MAGIC);
        }
        if (fields.length < 2 || !VERSION.equals(fields[1])) {
            throw new UnsupportedVersion(fields.length < 2 ? "(none)" : fields[1]);
        }
        Instant created = null;
        byte[] seed = null;
        for (int i = 2; i < fields.length; i++) {
            String f = fields[i];
            if (f.startsWith("created=")) {
                created = Fields.parseTime(f.substring("created=".length()));
            } else if (f.startsWith("chain-seed=")) {
                seed = Fields.parseHex(f.substring("chain-seed=".length()), LineCodec.HASH_BYTES, "chain-seed");
            }
        }
        if (created == null || seed == null) {
            throw new FormatException("header lacks created= or chain-seed=");
        }
        return new HeaderLine(created, seed);
    }

    /** Raised for a well-formed header of another version: the file is a log, just not one this code can read. */
    public static final class UnsupportedVersion extends FormatException {
        UnsupportedVersion(String version) {
            super("file format version " + version + " is not supported (this build reads " + VERSION + ")");
        }
    }
}
