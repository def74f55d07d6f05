package dev.activitylog.bench;

import dev.activitylog.testing.Bench;

import dev.activitylog.testing.TestFiles;
import dev.activitylog.testing.TestIndex;
import dev.activitylog.log.control.LogConfig;
import dev.activitylog.log.control.LogEngine;
import dev.activitylog.log.entity.Durability;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/** Durable appends: one fsync per entry against group commit, with 1, 4 and 16 concurrent callers. */
class DurabilityBenchmark {
    private static final int[] CALLERS = {1, 4, 16};

    @Test
    void durableAppendThroughput() throws Exception {
        Bench.Table table = new Bench.Table("Appends by durability setting (entries/s; " + Bench.machine() + ")",
                "durability", "1 caller", "4 callers", "16 callers", "16 callers vs FSYNC with 1 caller");
        double fsyncOne = 0;
        for (Durability d : new Durability[]{Durability.FSYNC, Durability.GROUP, Durability.INTERVAL, Durability.NONE}) {
            double[] r = new double[CALLERS.length];
            for (int c = 0; c < CALLERS.length; c++) {
                r[c] = run(d, CALLERS[c]);
            }
            if (d == Durability.FSYNC) {
                fsyncOne = r[0];
            }
            table.row(d, r[0], r[1], r[2], Bench.ratio(r[2], fsyncOne));
        }
        table.print();

        // The floor: what the disk gives without the engine. An fsync after 16 entries costs more than after one,
        // so one fsync per batch of 16 callers can be at most this many times one fsync per entry.
        double one = rawFsync(1);
        double sixteen = rawFsync(16);
        Bench.Table floor = new Bench.Table("The floor: raw FileChannel, write then fsync (entries/s; " + Bench.machine()
                + ")", "entries per fsync", "entries/s", "vs 1 entry per fsync");
        floor.row(1, one, Bench.ratio(one, one));
        floor.row(16, sixteen, Bench.ratio(sixteen, one));
        floor.print();

        // The floor of group commit itself: callers that each write their line under a plain lock and wait for an
        // fsync that covers it, with no engine and no index; the fsync run by the first waiter (as GroupCommit does),
        // or by a thread of its own, back to back while anyone waits (so callers come back while the next one runs).
        Bench.Table waits = new Bench.Table("The floor of waiting callers: raw FileChannel, a plain lock, one fsync"
                + " for all the callers waiting (entries/s; " + Bench.machine() + ")", "callers",
                "first waiter fsyncs", "vs 1 caller", "a syncing thread fsyncs", "vs 1 caller");
        double[] alone = {bareGroupCommit(1, false), bareGroupCommit(1, true)};
        for (int callers : CALLERS) {
            double led = callers == 1 ? alone[0] : bareGroupCommit(callers, false);
            double synced = callers == 1 ? alone[1] : bareGroupCommit(callers, true);
            waits.row(callers, led, Bench.ratio(led, alone[0]), synced, Bench.ratio(synced, alone[1]));
        }
        waits.print();

        // What a round of waking costs: 16 threads meeting at a barrier, no I/O; each trip wakes 15 parked threads,
        // as each fsync of group commit must. With fsyncs of F1 (1 entry) and F16 (16 entries) and a round of W,
        // 16 callers reach 16 F1 / (F16 + W) times one caller's one-fsync-per-entry rate when the callers come back
        // only after the fsync, and at most 16 F1 / max(F16, W) when they come back while the next fsync runs.
        double f1 = 1e6 / one;
        double f16 = 16e6 / sixteen;
        double trips = barrierTrips(16);
        double w = 1e6 / trips;
        Bench.Table bound = new Bench.Table("The bound of 16 waiting callers (" + Bench.machine() + ")",
                "fsync, 1 entry (F1)", "fsync, 16 entries (F16)", "waking 16 threads (W)", "16 F1 / (F16 + W)",
                "16 F1 / max(F16, W)");
        bound.row(micros(f1), micros(f16), micros(w) + String.format(Locale.ROOT, " (%,.0f trips/s)", trips),
                Bench.ratio(16 * f1, f16 + w), Bench.ratio(16 * f1, Math.max(f16, w)));
        bound.print();
    }

    private static String micros(double us) {
        return String.format(Locale.ROOT, "%.0f µs", us);
    }

    /** Trips per second of a barrier of {@code parties} threads that do nothing but meet at it. */
    private static double barrierTrips(int parties) throws Exception {
        CyclicBarrier barrier = new CyclicBarrier(parties);
        return Bench.opsPerSecond(parties, 20_000, (t, i) -> barrier.await()) / parties;
    }

    /**
     * Entries/s of {@code callers} threads appending 256-byte lines to a raw channel under one lock, each returning
     * only once an fsync covers its line. Without {@code syncer} the first caller to find no fsync running fsyncs
     * all that is written; with it, a thread of its own does, again and again while lines wait.
     */
    private static double bareGroupCommit(int callers, boolean syncer) throws Exception {
        Path dir = Bench.tempDir("group-floor");
        byte[] line = Bench.rawLine256();
        ReentrantLock lock = new ReentrantLock();
        Condition done = lock.newCondition();
        Condition work = lock.newCondition();
        long[] state = new long[4];  // written, synced, syncing (1 while an fsync runs), stopped (1)
        try (FileChannel ch = FileChannel.open(dir.resolve("raw.log"), StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE)) {
            Runnable sync = () -> {  // caller holds the lock; releases it while the disk works
                state[2] = 1;
                long target = state[0];
                lock.unlock();
                try {
                    ch.force(false);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                } finally {
                    lock.lock();
                    state[2] = 0;
                }
                state[1] = Math.max(state[1], target);
                done.signalAll();
            };
            Thread syncing = new Thread(() -> {
                lock.lock();
                try {
                    while (state[3] == 0) {
                        if (state[1] < state[0]) {
                            sync.run();
                        } else {
                            work.awaitUninterruptibly();
                        }
                    }
                } finally {
                    lock.unlock();
                }
            });
            if (syncer) {
                syncing.start();
            }
            try {
                return Bench.opsPerSecond(callers, 4_000 / callers, (t, i) -> {
                    lock.lock();
                    try {
                        ch.write(ByteBuffer.wrap(line), state[0]);
                        long end = state[0] += line.length;
                        work.signal();
                        while (state[1] < end) {
                            if (syncer || state[2] == 1) {
                                done.awaitUninterruptibly();
                            } else {
                                sync.run();
                            }
                        }
                    } finally {
                        lock.unlock();
                    }
                });
            } finally {
                lock.lock();
                state[3] = 1;
                work.signal();
                lock.unlock();
                syncing.join();
            }
        } finally {
            TestFiles.deleteTree(dir);
        }
    }

    /** Entries/s of a raw channel writing {@code batch} 256-byte lines, then fsyncing, 2,000 fsyncs a round. */
    private static double rawFsync(int batch) throws Exception {
        Path dir = Bench.tempDir("fsync-floor");
        ByteBuffer lines = ByteBuffer.allocateDirect(batch * 256);
        byte[] line = Bench.rawLine256();
        for (int i = 0; i < batch; i++) {
            lines.put(line);
        }
        try (FileChannel ch = FileChannel.open(dir.resolve("raw.log"), StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE)) {
            return batch * Bench.opsPerSecond(1, 2_000, (t, i) -> {
                lines.clear();
                while (lines.hasRemaining()) {
                    ch.write(lines);
                }
                ch.force(false);
            });
        } finally {
            TestFiles.deleteTree(dir);
        }
    }

    private static double run(Durability durability, int callers) throws Exception {
        Path dir = Bench.tempDir("durability");
        JdbcConnectionPool pool = TestIndex.pool(dir);
        long total = durability == Durability.NONE || durability == Durability.INTERVAL ? 100_000 : 4_000;
        try (LogEngine engine = TestIndex.start(LogConfig.defaults(dir).withDurability(durability), pool)) {
            return Bench.opsPerSecond(callers, total / callers, (t, i) -> engine.append(Bench.ENTRY_256));
        } finally {
            pool.dispose();
            TestFiles.deleteTree(dir);
        }
    }
}
