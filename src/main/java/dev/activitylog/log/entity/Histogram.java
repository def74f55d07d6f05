package dev.activitylog.log.entity;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * How many entries match a query's indexed filters (actor, action, time; not its text, which only the file holds)
 * in each bucket of time, split by action: the most frequent ones apart, the rest together. Computed from the
 * index, never by reading the file.
 *
 * @param from   the start of the first bucket
 * @param bucket the width of each
 * @param series the actions counted apart, most frequent first
 * @param other  whether the other actions are counted too, together, after those of {@code series}
 * @param bars   one per bucket, oldest first; empty when nothing matches
 */
public record Histogram(Instant from, Duration bucket, List<String> series, boolean other, List<Bar> bars) {
    public static final int MAX_BUCKETS = 200;

    public Histogram {
        series = List.copyOf(series);
        bars = List.copyOf(bars);
    }

    /** @param counts by series, in the order of {@link #series()}, then the other actions' if {@link #other()} */
    public record Bar(Instant start, Instant end, List<Long> counts) {
        public Bar {
            counts = List.copyOf(counts);
        }

        public long total() {
            return counts.stream().mapToLong(Long::longValue).sum();
        }
    }

    /** The largest bar's total (0 when nothing matches). */
    public long max() {
        return bars.stream().mapToLong(Bar::total).max().orElse(0);
    }

    public long total() {
        return bars.stream().mapToLong(Bar::total).sum();
    }
}
