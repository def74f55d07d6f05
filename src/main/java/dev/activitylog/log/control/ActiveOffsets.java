package dev.activitylog.log.control;

import java.util.Arrays;

/**
 * Where the active segment's entries are, from the first appended since it became active or since the log opened
 * (earlier ones: the index's rows), so that a read of a recent entry needs no index row (docs/index-design.md,
 * "Offsets"). Written by the appender under the write lock, after the entry's bytes are in the file and before its
 * number is published; read without a lock by readers that have seen that number, which makes the slot visible.
 * Bounded by the segment: 8 bytes per entry.
 */
final class ActiveOffsets {
    private final long firstSeq;
    /** Offset and length of entry {@code firstSeq + k} at {@code 2k} and {@code 2k + 1}. */
    private volatile int[] pairs = new int[2 * 1024];
    private int count;
    /** Set when an offset no longer fits (a segment past 4 GiB): nothing more is recorded. */
    private boolean full;

    ActiveOffsets(long firstSeq) {
        this.firstSeq = firstSeq;
    }

    /** Records the entry just written; called once per entry, in order. */
    void add(long seq, long offset, int length) {
        if (full || seq != firstSeq + count || offset > 0xFFFF_FFFFL) {
            full = true;
            return;
        }
        int[] p = pairs;
        if (2 * count + 2 > p.length) {
            p = Arrays.copyOf(p, p.length * 2);
        }
        p[2 * count] = (int) offset;
        p[2 * count + 1] = length;
        pairs = p;  // the volatile write after the slot: a reader of the new array sees it
        count++;
    }

    /** Where published entry {@code seq} is, or null when it was appended before this record began. */
    IndexRow find(long seq) {
        long k = seq - firstSeq;
        int[] p = pairs;
        if (k < 0 || 2 * k + 1 >= p.length) {
            return null;
        }
        int length = p[(int) (2 * k + 1)];
        // 0: not recorded (the slot of an entry past the recorded ones, or after the record stopped).
        return length == 0 ? null : IndexRow.located(seq, Integer.toUnsignedLong(p[(int) (2 * k)]), length);
    }
}
