package dev.activitylog.log.control;

import dev.activitylog.log.entity.CorruptEntryException;
import dev.activitylog.log.entity.Entry;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The nodes' lines in a shared index ({@code index_line}): written by each node from its file ({@link LineShipper}),
 * read by any node, and checked on the way out as a line of the local file is: its CRC, its number, and its link to
 * the entry before it in the chain (the line before it, or the node's chain seed for entry 1).
 */
final class IndexLines {
    private IndexLines() {
    }

    /** The last entry of this node whose line the index holds, or 0. */
    static long last(EntryIndex index) throws SQLException {
        try (Connection c = index.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT MAX(seq) FROM index_line WHERE node_no = ?")) {
            ps.setInt(1, index.nodeNo());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Inserts this node's lines (number, line without its line feed) in one transaction. */
    static void insert(EntryIndex index, List<Map.Entry<Long, String>> lines) throws SQLException {
        Jdbc.batch(index.dataSource(), "INSERT INTO index_line (node_no, seq, line) VALUES (?, ?, ?)", lines,
                (ps, l) -> {
                    ps.setInt(1, index.nodeNo());
                    ps.setLong(2, l.getKey());
                    ps.setString(3, l.getValue());
                });
    }

    /** Entry {@code seq} of {@code node} from the index's copy of its lines, checked; empty when it has none. */
    static Optional<Entry> entry(EntryIndex index, String node, long seq) throws SQLException {
        Map<Long, String> lines = new TreeMap<>();
        byte[] seed = null;
        try (Connection c = index.dataSource().getConnection()) {
            Integer nodeNo = IndexNodes.number(c, node);
            if (nodeNo == null) {
                return Optional.empty();
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT seq, line FROM index_line WHERE node_no = ?"
                    + " AND seq BETWEEN ? AND ?")) {
                ps.setInt(1, nodeNo);
                ps.setLong(2, seq - 1);
                ps.setLong(3, seq);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        lines.put(rs.getLong(1), rs.getString(2));
                    }
                }
            }
            if (seq == 1) {
                seed = IndexNodes.chainSeed(c, nodeNo);
            }
        }
        String line = lines.get(seq);
        if (line == null) {
            return Optional.empty();
        }
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        LineCodec.Decoded d = decode(bytes, seq, node);
        byte[] previous = seq == 1 ? seed
                : lines.containsKey(seq - 1) ? decode(lines.get(seq - 1).getBytes(StandardCharsets.UTF_8), seq - 1, node).hash()
                : null;
        if (previous != null && !Arrays.equals(LineCodec.chain(previous, bytes, 0, d.bodyLength()), d.hash())) {
            throw new CorruptEntryException(seq, "node " + node + "'s line in the index does not follow from the entry"
                    + " before it (hash chain broken: the line was changed)");
        }
        return Optional.of(d.entry());
    }

    /** Decodes a line of either format version, checking its CRC and its number. */
    static LineCodec.Decoded decode(byte[] line, long seq, String node) {
        FormatException failure = null;
        for (int version : List.of(LineCodec.CURRENT, 1)) {
            try {
                LineCodec.Decoded d = LineCodec.decodeEntry(version, line, 0, line.length);
                if (d.entry().seq() != seq) {
                    throw new CorruptEntryException(seq, "node " + node + "'s line in the index holds entry "
                            + d.entry().seq());
                }
                return d;
            } catch (FormatException e) {
                failure = failure == null ? e : failure;
            }
        }
        throw new CorruptEntryException(seq, "node " + node + "'s line in the index is damaged: " + failure.getMessage());
    }
}
