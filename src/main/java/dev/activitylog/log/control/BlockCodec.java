package dev.activitylog.log.control;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The rows of one index block packed into bytes ({@code index_block.rows_data}, format in docs/index-design.md,
 * "Blocks"): each distinct string once, then per row the differences from the row before as variable-length
 * integers. A block of 256 rows of a few actors and actions packs into about 2 KB, one value of one B-tree row.
 */
final class BlockCodec {
    static final int VERSION = 1;

    private BlockCodec() {
    }

    static byte[] encode(List<IndexRow> rows) {
        Map<String, Integer> strings = new HashMap<>();
        List<String> table = new ArrayList<>();
        for (IndexRow r : rows) {
            for (String s : new String[]{r.actor(), r.action(), r.outcome(), r.correlation()}) {
                if (s != null && strings.putIfAbsent(s, table.size()) == null) {
                    table.add(s);
                }
            }
        }
        LineBytes out = new LineBytes(64 + rows.size() * 12);
        out.put((byte) VERSION);
        varint(out, rows.size());
        varint(out, table.size());
        for (String s : table) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            varint(out, b.length);
            out.put(b);
        }
        long seq = rows.get(0).seq();
        long end = 0;
        long ts = 0;
        for (IndexRow r : rows) {
            varint(out, r.seq() - seq);
            signed(out, r.offset() - end);
            varint(out, r.length());
            out.put((byte) (r.tsMicros() == null ? 0 : 1));
            if (r.tsMicros() != null) {
                signed(out, r.tsMicros() - ts);
                ts = r.tsMicros();
            }
            for (String s : new String[]{r.actor(), r.action(), r.outcome(), r.correlation()}) {
                varint(out, s == null ? 0 : strings.get(s) + 1);
            }
            seq = r.seq();
            end = r.end();
        }
        return out.toArray();
    }

    /** The rows of a block whose first entry is {@code firstSeq}, in order. */
    static List<IndexRow> decode(long firstSeq, byte[] data) {
        In in = new In(data);
        int version = in.read();
        if (version != VERSION) {
            throw new IllegalStateException("index block " + firstSeq + ": unknown format version " + version);
        }
        int count = (int) in.varint();
        String[] table = new String[(int) in.varint()];
        for (int i = 0; i < table.length; i++) {
            int n = (int) in.varint();
            table[i] = new String(data, in.pos, n, StandardCharsets.UTF_8);
            in.pos += n;
        }
        List<IndexRow> rows = new ArrayList<>(count);
        long seq = firstSeq;
        long end = 0;
        long ts = 0;
        for (int i = 0; i < count; i++) {
            seq += in.varint();
            long offset = end + in.signed();
            int length = (int) in.varint();
            Long time = null;
            if (in.read() == 1) {
                ts += in.signed();
                time = ts;
            }
            IndexRow r = new IndexRow(seq, offset, length, time, ref(table, in), ref(table, in), ref(table, in),
                    ref(table, in));
            rows.add(r);
            end = r.end();
        }
        return rows;
    }

    private static String ref(String[] table, In in) {
        int i = (int) in.varint();
        return i == 0 ? null : table[i - 1];
    }

    private static void varint(LineBytes out, long v) {
        while ((v & ~0x7FL) != 0) {
            out.put((byte) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.put((byte) v);
    }

    private static void signed(LineBytes out, long v) {
        varint(out, (v << 1) ^ (v >> 63));
    }

    private static final class In {
        final byte[] data;
        int pos;

        In(byte[] data) {
            this.data = data;
        }

        int read() {
            return data[pos++] & 0xFF;
        }

        long varint() {
            long v = 0;
            for (int shift = 0; ; shift += 7) {
                int b = read();
                v |= (long) (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    return v;
                }
            }
        }

        long signed() {
            long v = varint();
            return (v >>> 1) ^ -(v & 1);
        }
    }
}
