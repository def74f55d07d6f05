package dev.activitylog.it;

import dev.activitylog.log.entity.NewEntry;
import dev.activitylog.testing.Bench;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One way in to the log for {@link ContainerBenchmarkIT}: how it appends and reads, the sequence numbers its appends
 * got, its figures.
 */
final class ContainerTarget {
    @FunctionalInterface
    interface Append {
        long append(NewEntry e) throws Exception;
    }

    @FunctionalInterface
    interface Read {
        boolean read(long seq) throws Exception;
    }

    /** Entries appended whose index row is not committed yet. */
    @FunctionalInterface
    interface IndexLag {
        long entries() throws Exception;
    }

    final Append append;
    final Read read;
    final IndexLag indexLag;
    final AtomicLong first = new AtomicLong(Long.MAX_VALUE);
    final AtomicLong last = new AtomicLong(Long.MIN_VALUE);
    /** {first, last} to read; null: what its own appends got. */
    long[] readRange;
    /** Append with 1 and 8 threads, read by seq with 1 and 8 threads: as {@link ContainerBenchmarkIT#COLUMNS}. */
    final double[] opsPerSecond = new double[ContainerBenchmarkIT.COLUMNS.length];

    ContainerTarget(Append append, Read read, IndexLag indexLag) {
        this.append = append;
        this.read = read;
        this.indexLag = indexLag;
    }

    /** Reads are measured on a log whose appends are all indexed (the index writer would compete with them). */
    void awaitIndexed() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        long lag;
        while ((lag = indexLag.entries()) > 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the index is still " + lag + " entries behind after a minute");
            }
            Thread.sleep(100);
        }
    }

    Bench.Op op(int column) {
        if (column < 2) {
            return (t, i) -> {
                long seq = append.append(Bench.ENTRY_256);
                first.accumulateAndGet(seq, Math::min);
                last.accumulateAndGet(seq, Math::max);
            };
        }
        long from = readRange == null ? first.get() : readRange[0];
        long count = (readRange == null ? last.get() : readRange[1]) - from + 1;
        assertTrue(count > 0, "nothing was appended");
        // Spread so that threads and consecutive reads do not hit the same entries.
        return (t, i) -> {
            long seq = from + Math.floorMod(i * 7_919L + t * 104_729L, count);
            if (!read.read(seq)) {
                throw new AssertionError("entry " + seq + " was appended but does not read back");
            }
        };
    }
}
