package dev.activitylog.bench;

import dev.activitylog.testing.Bench;

import dev.activitylog.testing.TestFiles;
import dev.activitylog.testing.TestIndex;
import dev.activitylog.log.control.LogConfig;
import dev.activitylog.log.control.LogEngine;
import dev.activitylog.log.entity.Durability;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

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
