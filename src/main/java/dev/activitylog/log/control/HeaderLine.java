package dev.activitylog.log.control;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * The first line of every segment file (docs/file-format.md): magic, version, creation time, the log's chain seed,
 * and for every segment but the first where it continues the chain ({@code first-seq}, {@code prev-hash}).
 *
 * @param version  the format version of every line in the segment (1 or 2)
 * @param firstSeq the number of the segment's first entry (1 for the first segment)
 * @param prevHash the chain head before it: the previous segment's last hash, or the chain seed for the first
 */
public record HeaderLine(int version, Instant created, byte[] chainSeed, long firstSeq, byte[] prevHash) {
    public static final String MAGIC = "#activity-log";

    /** The header of a log's first segment, of the version this build writes. */
    public HeaderLine(Instant created, byte[] chainSeed) {
        this(created, chainSeed, 1, chainSeed);
    }

    /** A segment's header, of the version this build writes. */
    public HeaderLine(Instant created, byte[] chainSeed, long firstSeq, byte[] prevHash) {
        this(LineCodec.CURRENT, created, chainSeed, firstSeq, prevHash);
    }

    /** The same header of another version. */
    public HeaderLine withVersion(int v) {
        return new HeaderLine(v, created, chainSeed, firstSeq, prevHash);
    }

    public byte[] encode() {
        String payload = MAGIC + "\tv" + version + "\tcreated=" + Fields.formatTime(created)
                + "\tchain-seed=" + Fields.HEX.formatHex(chainSeed)
                + (firstSeq == 1 ? "" : "\tfirst-seq=" + firstSeq + "\tprev-hash=" + Fields.HEX.formatHex(prevHash));
        return Fields.withCrc(payload.getBytes(StandardCharsets.UTF_8));
    }

    /** Decodes a header line; {@code len} excludes the line feed. */
    public static HeaderLine decode(byte[] b, int off, int len) throws FormatException {
        String[] fields = new String(b, off, Fields.checkCrc(b, off, len), StandardCharsets.UTF_8).split("\t", -1);
        if (!MAGIC.equals(fields[0])) {
            throw new FormatException("first line does not start with " + MAGIC);
        }
        int version = fields.length < 2 ? 0 : fields[1].equals("v1") ? 1 : fields[1].equals("v2") ? 2 : 0;
        if (version == 0) {
            throw new UnsupportedVersion(fields.length < 2 ? "(none)" : fields[1]);
        }
        Instant created = null;
        byte[] seed = null;
        long firstSeq = 1;
        boolean firstSeqWritten = false;
        byte[] prevHash = null;
        for (int i = 2; i < fields.length; i++) {
            String f = fields[i];
            if (f.startsWith("created=")) {
                created = Fields.parseTime(f.substring("created=".length()));
            } else if (f.startsWith("chain-seed=")) {
                seed = Fields.parseHex(f.substring("chain-seed=".length()), LineCodec.HASH_BYTES, "chain-seed");
            } else if (f.startsWith("first-seq=")) {
                firstSeq = Fields.parseNumber(f.substring("first-seq=".length()), "first-seq");
                firstSeqWritten = true;
            } else if (f.startsWith("prev-hash=")) {
                prevHash = Fields.parseHex(f.substring("prev-hash=".length()), LineCodec.HASH_BYTES, "prev-hash");
            }
        }
        if (created == null || seed == null) {
            throw new FormatException("header lacks created= or chain-seed=");
        }
        // One spelling: the first segment has neither field, every later one both (first-seq=1 is never written).
        if (firstSeq < 2 ? prevHash != null || firstSeqWritten : prevHash == null) {
            throw new FormatException("header has first-seq= without prev-hash=, or the other way round, or first-seq=1");
        }
        return new HeaderLine(version, created, seed, firstSeq, prevHash == null ? seed : prevHash);
    }

    /** Raised for a well-formed header of another version: the file is a log, just not one this code can read. */
    public static final class UnsupportedVersion extends FormatException {
        UnsupportedVersion(String version) {
            super("file format version " + version + " is not supported (this build reads v1 and v2)");
        }
    }
}
