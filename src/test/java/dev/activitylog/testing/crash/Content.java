package dev.activitylog.testing.crash;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * A file's bytes as power loss may leave them: the durable content plus each write since the last fsync kept,
 * dropped or torn at a sector boundary. Torn as SQLite's crash VFS tears (the sectors past the boundary hold the
 * new bytes' absence, zeros or garbage) and the other way round (a later sector landed, an earlier one did not).
 */
final class Content {
    /** Sector sizes a write may be torn at: every 512-byte boundary inside it, which includes the 4 KiB ones. */
    static final int SECTOR = 512;
    private static final int PAGE = 4096;
    /** A write that crosses more boundaries than this is torn at its 4 KiB ones and its first and last 512. */
    private static final int MAX_BOUNDARIES = 8;

    static final int KEEP = 0;
    static final int DROP = 1;
    private static final String[] TORN = {"torn at %d, the rest missing", "torn at %d, the rest zeros",
            "torn at %d, the rest garbage", "torn at %d, the part before lost"};

    private byte[] bytes;
    private int length;

    Content(byte[] durable) {
        bytes = durable.clone();
        length = durable.length;
    }

    byte[] bytes() {
        return Arrays.copyOf(bytes, length);
    }

    /** The offsets (absolute) where a write of {@code n} bytes at {@code pos} may be torn. */
    static long[] boundaries(long pos, int n) {
        long first = (pos / SECTOR + 1) * SECTOR;
        long[] all = java.util.stream.LongStream.iterate(first, b -> b < pos + n, b -> b + SECTOR).toArray();
        if (all.length <= MAX_BOUNDARIES) {
            return all;
        }
        return java.util.stream.LongStream.of(all)
                .filter(b -> b % PAGE == 0 || b == all[0] || b == all[all.length - 1]).toArray();
    }

    /** How many ways a write may land: kept, dropped, and four torn ways per boundary. */
    static int variants(Trace.Write w) {
        return 2 + TORN.length * boundaries(w.position(), w.bytes().length).length;
    }

    static String describe(Trace.Write w, int variant) {
        if (variant == KEEP || variant == DROP) {
            return variant == KEEP ? "kept" : "dropped";
        }
        long at = boundaries(w.position(), w.bytes().length)[(variant - 2) / TORN.length];
        return String.format(TORN[(variant - 2) % TORN.length], at);
    }

    /** Applies a write as it landed in {@code variant} (see {@link #variants}). */
    void apply(Trace.Write w, int variant) {
        int pos = Math.toIntExact(w.position());
        byte[] b = w.bytes();
        if (variant == KEEP) {
            put(pos, b, 0, b.length);
            return;
        }
        if (variant == DROP) {
            return;
        }
        int cut = Math.toIntExact(boundaries(pos, b.length)[(variant - 2) / TORN.length] - pos);
        switch ((variant - 2) % TORN.length) {
            case 0 -> put(pos, b, 0, cut);
            case 1 -> {
                put(pos, b, 0, cut);
                put(pos + cut, new byte[b.length - cut], 0, b.length - cut);
            }
            case 2 -> {
                put(pos, b, 0, cut);
                byte[] garbage = new byte[b.length - cut];
                new Random(31L * pos + b.length).nextBytes(garbage);
                put(pos + cut, garbage, 0, garbage.length);
            }
            default -> put(pos + cut, b, cut, b.length - cut);
        }
    }

    void truncate(long size) {
        int n = Math.toIntExact(size);
        ensure(n);
        if (n < length) {
            Arrays.fill(bytes, n, length, (byte) 0);
        }
        length = n;
    }

    /** Applies every operation as it was made (an fsync made them all durable). */
    static byte[] applyAll(byte[] durable, List<Trace.Op> ops) {
        Content c = new Content(durable);
        for (Trace.Op op : ops) {
            if (op instanceof Trace.Write w) {
                c.apply(w, KEEP);
            } else if (op instanceof Trace.Truncate t) {
                c.truncate(t.size());
            }
        }
        return c.bytes();
    }

    private void put(int pos, byte[] src, int from, int n) {
        ensure(pos + n);
        System.arraycopy(src, from, bytes, pos, n);
        length = Math.max(length, pos + n);
    }

    private void ensure(int n) {
        if (n > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(n, bytes.length * 2));
        }
    }
}
