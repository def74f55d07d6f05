package dev.activitylog.log.control;

import dev.activitylog.log.entity.VerifyReport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongConsumer;

/**
 * Which segments verify walks and how it reads each ({@link Verifier} judges what it finds): a live log's segments
 * through its bounded handles, or a log's files opened for the check, archived ones read compressed.
 */
public final class Verification {
    private Verification() {
    }

    /**
     * Checks a live log's segments; the active one up to {@code activeSize} (its committed size).
     *
     * @param index     null to check the files alone
     * @param indexUpTo the last entry the index should have a row for (a live log goes on appending)
     * @param onCorrupt told the number of every entry whose bytes are damaged
     * @param key       checkpoint HMAC key; null to check checkpoints against the chain only
     * @param anchors   the chain heads recorded outside the file: the index's checkpoint copy, a shared index's anchors
     * @param checks    where each segment's check is recorded
     */
    static VerifyReport live(SegmentChannels channels, long activeSize, Verifier.IndexRows index, long indexUpTo,
                             LongConsumer onCorrupt, byte[] key, List<AnchorCheck.Anchor> anchors, Clock clock,
                             SegmentChecks checks)
            throws IOException, SQLException {
        Segments.Segment active = channels.activeSegment();
        // A sealed segment removed behind the log's back is a gap to report, not a file to read from an old handle.
        List<Segments.Segment> segments = channels.segments().stream()
                .filter(s -> s == active || Files.exists(s.path())).toList();
        Map<Segments.Segment, Integer> problems = new HashMap<>();
        VerifyReport report = Verifier.verify(segments, (s, walk) -> channels.withSegmentOf(s.firstSeq(), c -> {
            walk.apply(s == active ? new Verifier.SizedChannel(c, activeSize) : new Verifier.SizedChannel(c, c.size()));
            return null;
        }), index, indexUpTo, onCorrupt, key, anchors, clock, problems::put);
        for (int i = 0; i < segments.size(); i++) {
            Segments.Segment s = segments.get(i);
            if (problems.containsKey(s)) {
                long upTo = i + 1 < segments.size() ? segments.get(i + 1).firstSeq() - 1 : indexUpTo;
                checks.record(s.firstSeq(), report.at(), upTo, problems.get(s));
            }
        }
        return report;
    }

    /**
     * Checks a log's files on their own: no index, no lock (a live log may be checked). Segments archived in
     * {@code archiveDir} (may be null) are checked where they are, compressed, as the older part of the log; a null
     * {@code key} checks checkpoints against the chain only.
     */
    public static VerifyReport files(Path first, Path archiveDir, byte[] key) throws IOException {
        TreeMap<Long, Segments.Segment> all = new TreeMap<>();
        for (Segments.Segment a : Segments.archived(archiveDir, first.getFileName().toString())) {
            all.put(a.firstSeq(), a);
        }
        // Without a log directory, the archive alone is checked; without either, the listing says what is missing.
        if (all.isEmpty() || Files.isDirectory(first.toAbsolutePath().getParent())) {
            for (Segments.Segment s : Segments.list(first)) {
                all.put(s.firstSeq(), s);  // a segment still in the log wins over an archive of it
            }
        }
        try {
            return Verifier.verify(List.copyOf(all.values()), (s, walk) -> {
                if (Segments.isArchive(s)) {
                    try (GzipSource gz = GzipSource.open(s.path())) {
                        walk.apply(new Verifier.SizedChannel(gz, GzipSource.size(s.path())));
                    }
                } else {
                    try (SharedChannel c = SharedChannel.openReadOnly(s.path())) {
                        walk.apply(new Verifier.SizedChannel(c, c.size()));
                    }
                }
            }, null, 0, seq -> { }, key, List.of(), Clock.systemUTC(), (s, problems) -> { });
        } catch (SQLException e) {
            throw new IllegalStateException("no index is used here", e);
        }
    }

}
