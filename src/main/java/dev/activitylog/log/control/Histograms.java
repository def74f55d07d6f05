package dev.activitylog.log.control;

import dev.activitylog.log.entity.EntryQuery;
import dev.activitylog.log.entity.Histogram;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a {@link Histogram} from the index's grouped counts and the rows still in memory (each row counted once:
 * {@link PendingRows#snapshot}). The range is the query's, or else from the first to the last matching entry; the
 * bucket width is the smallest round one (1 s, 5 s, 1 min, 1 h, 1 day, ...) that covers it in at most the buckets
 * asked for, and buckets start at multiples of it (UTC), so the bars of two charts line up.
 */
final class Histograms {
    /** Actions counted apart; the others are added up together. */
    static final int SERIES = 6;
    private static final long SECOND = 1_000_000;
    private static final long[] WIDTHS = {SECOND, 2 * SECOND, 5 * SECOND, 10 * SECOND, 15 * SECOND, 30 * SECOND,
            60 * SECOND, 120 * SECOND, 300 * SECOND, 600 * SECOND, 900 * SECOND, 1800 * SECOND, 3600 * SECOND,
            7200 * SECOND, 10800 * SECOND, 21600 * SECOND, 43200 * SECOND, 86400 * SECOND, 2 * 86400 * SECOND,
            7 * 86400 * SECOND, 14 * 86400 * SECOND, 30 * 86400 * SECOND, 91 * 86400 * SECOND, 365 * 86400 * SECOND};

    private Histograms() {
    }

    static Histogram of(EntryQuery q, int buckets, PendingRows pending, EntryIndex index) throws SQLException {
        if (buckets < 1 || buckets > Histogram.MAX_BUCKETS) {
            throw new IllegalArgumentException("buckets must be 1 to " + Histogram.MAX_BUCKETS + ": " + buckets);
        }
        PendingRows.Snapshot snapshot = pending.snapshot();
        List<IndexRow> memory = snapshot.memory().stream().filter(r -> r.tsMicros() != null && r.matches(q)).toList();
        long[] range = index.rows().timeRange(q, snapshot.upTo());
        for (IndexRow r : memory) {
            range = range == null ? new long[]{r.tsMicros(), r.tsMicros()}
                    : new long[]{Math.min(range[0], r.tsMicros()), Math.max(range[1], r.tsMicros())};
        }
        if (range == null) {
            return new Histogram(q.from() != null ? q.from() : Instant.EPOCH, Duration.ofSeconds(1), List.of(), false,
                    List.of());
        }
        long from = q.from() != null ? Times.micros(q.from()) : range[0];
        long to = q.to() != null ? Times.micros(q.to()) : range[1] + 1;
        long width = width(from, to, buckets);
        from = Math.floorDiv(from, width) * width;
        int n = (int) Math.max(1, buckets(from, to, width));
        Map<Integer, Map<String, Long>> counts = index.rows().counts(q, snapshot.upTo(), from, width, n);
        for (IndexRow r : memory) {
            long b = Math.floorDiv(r.tsMicros() - from, width);
            if (b >= 0 && b < n) {
                counts.computeIfAbsent((int) b, k -> new HashMap<>()).merge(r.action(), 1L, Long::sum);
            }
        }
        return histogram(counts, from, width, n);
    }

    /** The smallest round width whose aligned buckets cover {@code [from, to)} (micros) in at most {@code buckets}. */
    static long width(long from, long to, int buckets) {
        for (long w : WIDTHS) {
            if (buckets(from, to, w) <= buckets) {
                return w;
            }
        }
        long year = WIDTHS[WIDTHS.length - 1];
        long w = Math.max(1, -Math.floorDiv(-(to - from), (long) buckets * year)) * year;
        return buckets(from, to, w) <= buckets ? w : w + year;
    }

    private static long buckets(long from, long to, long width) {
        return Math.floorDiv(to - 1, width) - Math.floorDiv(from, width) + 1;
    }

    private static Histogram histogram(Map<Integer, Map<String, Long>> counts, long from, long width, int n) {
        Map<String, Long> totals = new HashMap<>();
        counts.values().forEach(m -> m.forEach((action, c) -> totals.merge(action, c, Long::sum)));
        List<String> series = totals.keySet().stream()
                .sorted(Comparator.comparing((String a) -> -totals.get(a)).thenComparing(a -> a))
                .limit(totals.size() > SERIES ? SERIES - 1 : SERIES).toList();
        boolean other = totals.size() > series.size();
        List<Histogram.Bar> bars = new ArrayList<>(n);
        for (int b = 0; b < n; b++) {
            Map<String, Long> m = counts.getOrDefault(b, Map.of());
            List<Long> values = new ArrayList<>(series.size() + 1);
            for (String s : series) {
                values.add(m.getOrDefault(s, 0L));
            }
            if (other) {
                values.add(m.entrySet().stream().filter(e -> !series.contains(e.getKey()))
                        .mapToLong(Map.Entry::getValue).sum());
            }
            bars.add(new Histogram.Bar(Times.ofMicros(from + b * width), Times.ofMicros(from + (b + 1) * width), values));
        }
        return new Histogram(Times.ofMicros(from), Duration.ofNanos(width * 1_000), series, other, bars);
    }
}
