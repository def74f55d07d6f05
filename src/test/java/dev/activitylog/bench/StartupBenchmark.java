package dev.activitylog.bench;

import dev.activitylog.testing.Bench;

import dev.activitylog.testing.TestFiles;
import dev.activitylog.testing.TestIndex;
import dev.activitylog.log.control.LogConfig;
import dev.activitylog.log.control.LogEngine;
import dev.activitylog.log.control.Verification;
import dev.activitylog.log.entity.Durability;
import dev.activitylog.log.entity.LogState;
import dev.activitylog.log.entity.NewEntry;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;

/**
 * Opening a large log ({@code -Dbench.startupMiB}, default 1024): after a clean stop, with a torn tail, and with the
 * index deleted (a full rebuild), against one sequential read of the file; and the heap in use once open.
 */
class StartupBenchmark {
    @Test
    void startupOnALargeLog() throws Exception {
        long target = Long.getLong("bench.startupMiB", 1024) << 20;
        Path dir = Bench.tempDir("startup");
        try {
            NewEntry entry = NewEntry.of("alice", "document.update", "doc/1", "y".repeat(880));
            JdbcConnectionPool pool = TestIndex.pool(dir);
            long heapSmall;
            try (LogEngine engine = TestIndex.start(LogConfig.defaults(dir).withDurability(Durability.NONE), pool)) {
                engine.append(entry);
                heapSmall = Bench.heapInUse();
                while (engine.health().bytes() < target) {  // every segment, not the active one alone
                    for (int i = 0; i < 10_000; i++) {
                        engine.append(entry);
                    }
                }
            }
            pool.dispose();
            Path file = dir.resolve(LogConfig.DEFAULT_FILE_NAME);
            List<Path> segments;
            try (Stream<Path> s = Files.list(dir)) {
                segments = s.filter(p -> p.getFileName().toString().endsWith(".log")).sorted().toList();
            }
            long size = 0;
            for (Path p : segments) {
                size += Files.size(p);
            }

            long t0 = System.nanoTime();
            ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20);
            for (Path p : segments) {
                try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
                    while (ch.read(buf) > 0) {
                        buf.clear();
                    }
                }
            }
            double sequentialMs = (System.nanoTime() - t0) / 1e6;
            // What a rebuild cannot do without: every line parsed and checked (CRC, chain), no index written.
            t0 = System.nanoTime();
            if (!Verification.files(file, null, null).ok()) {
                throw new AssertionError("the log does not verify");
            }
            double parseMs = (System.nanoTime() - t0) / 1e6;

            double cleanMs = open(dir, null);
            long heapLarge = lastHeap;
            double tornMs = open(dir, () -> append(segments.get(segments.size() - 1), "4242\t2026-11-26T20:00:00.000000Z\talice\tcut short by a cr"));
            double rebuildMs = open(dir, () -> deleteIndex(dir));
            long entries = lastEntries;

            Bench.Table table = new Bench.Table(String.format("Startup on a %,d MB log, %,d entries (%s)", size >> 20, entries,
                    Bench.machine()), "case", "time to AVAILABLE (ms)", "note");
            table.row("clean stop", cleanMs, "reads the last index row and the bytes after it; Flyway skipped when the schema is current");
            table.row("torn tail", tornMs, "the tail is cut and kept in a side file");
            table.row("index deleted (full rebuild)", rebuildMs, String.format("%.0f MB/s; a sequential read of the file took %.0f ms: rebuild at %.0f %% of it",
                    size / 1e6 / (rebuildMs / 1000), sequentialMs, 100 * sequentialMs / rebuildMs));
            table.row("parse and check only (Verification.files: CRC, chain; no index)", parseMs,
                    String.format("the rebuild runs at %s of this pass", Bench.ratio(parseMs, rebuildMs)));
            table.row("heap in use once open", (heapLarge >> 20) + " MB", "with a 1-entry log: " + (heapSmall >> 20) + " MB (the index lives in H2, not on the heap)");
            table.print();
        } finally {
            TestFiles.deleteTree(dir);
        }
    }

    private static long lastHeap;
    private static long lastEntries;

    /** Milliseconds from start to AVAILABLE of the log in {@code dir}, after {@code before} (null: nothing) ran. */
    static double open(Path dir, Runnable before) throws Exception {
        if (before != null) {
            before.run();
        }
        JdbcConnectionPool pool = TestIndex.pool(dir);
        long t0 = System.nanoTime();
        try (LogEngine engine = TestIndex.start(LogConfig.defaults(dir).withDurability(Durability.NONE), pool)) {
            double ms = (System.nanoTime() - t0) / 1e6;
            if (engine.health().state() != LogState.AVAILABLE) {
                throw new IllegalStateException(engine.health().cause());
            }
            lastEntries = engine.health().entries();
            lastHeap = Bench.heapInUse();
            System.out.println("startup: " + engine.health().lastRecovery().summary());
            return ms;
        } finally {
            pool.dispose();
        }
    }

    private static void append(Path file, String text) {
        try {
            Files.writeString(file, text, StandardOpenOption.APPEND);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The embedded index gone, as if lost: the next start rebuilds it from the log. */
    static void deleteIndex(Path dir) {
        try (Stream<Path> s = Files.list(dir.resolve("index"))) {
            for (Path p : s.toList()) {
                Files.delete(p);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
