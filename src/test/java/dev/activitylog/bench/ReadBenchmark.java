package dev.activitylog.bench;

import dev.activitylog.testing.Bench;

import dev.activitylog.testing.TestFiles;
import dev.activitylog.testing.TestIndex;
import dev.activitylog.log.control.LogConfig;
import dev.activitylog.log.control.LogEngine;
import dev.activitylog.log.entity.Durability;
import dev.activitylog.log.entity.EntryQuery;
import dev.activitylog.log.entity.NewEntry;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Reads by sequence number and pages of 50 at growing log sizes, against the seed's earlier plans: open the file and
 * scan it for every read, or cache the whole file and re-read it whenever it changed. {@code -Dbench.large=true} adds
 * 10 M entries (several minutes to build).
 */
class ReadBenchmark {
    private static final String[] ACTORS = {"alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan", "judy"};

    @Test
    void readsStayFlatAsTheLogGrows() throws Exception {
        List<Integer> sizes = new ArrayList<>(List.of(10_000, 1_000_000));
        if (Boolean.getBoolean("bench.large")) {
            sizes.add(10_000_000);
        }
        Bench.Table table = new Bench.Table("Reads at growing log sizes (" + Bench.machine() + ")", "entries",
                "read by seq /s", "vs at 10 k", "page of 50 /s", "page of 50, actor filter /s", "seed plan: open + scan per read /s",
                "seed plan: whole-file cache, reload after a change (ms)", "heap in use once open");
        double readAt10k = 0;
        for (int n : sizes) {
            Path dir = Bench.tempDir("read");
            LogConfig config = LogConfig.defaults(dir).withDurability(Durability.NONE);
            JdbcConnectionPool pool = TestIndex.pool(dir);
            try {
                try (LogEngine engine = TestIndex.start(config, pool)) {
                    for (int i = 0; i < n; i++) {
                        engine.append(NewEntry.of(ACTORS[i % ACTORS.length], "order.update", "order/" + i, "x".repeat(116)));
                    }
                }
                pool.dispose();  // close shut the embedded database down: the next start opens it anew
                pool = TestIndex.pool(dir);
                // Measured after a clean reopen, as a server finds the log after a restart.
                try (LogEngine engine = TestIndex.start(config, pool)) {
                    long heap = Bench.heapInUse();
                    double reads = Bench.opsPerSecond(1, 100_000,
                            (t, i) -> engine.read(ThreadLocalRandom.current().nextLong(1, n + 1)).orElseThrow());
                    double pages = Bench.opsPerSecond(1, 2_000,
                            (t, i) -> engine.query(EntryQuery.newest(50).before(ThreadLocalRandom.current().nextLong(51, n + 2))));
                    double filtered = Bench.opsPerSecond(1, 2_000, (t, i) -> engine.query(EntryQuery.newest(50)
                            .actor(ACTORS[(int) (i % ACTORS.length)]).before(ThreadLocalRandom.current().nextLong(n / 2, n + 2))));
                    Path file = Path.of(engine.health().path());
                    double scans = Bench.opsPerSecond(1, n > 100_000 ? 5 : 200, (t, i) -> openAndScan(file, ThreadLocalRandom.current().nextLong(1, n + 1)));
                    String reload = wholeFileReload(file);
                    if (n == sizes.get(0)) {
                        readAt10k = reads;
                    }
                    table.row(String.format("%,d (%d MB)", n, Files.size(file) >> 20), reads, Bench.ratio(reads, readAt10k), pages,
                            filtered, scans, reload, (heap >> 20) + " MB");
                }
            } finally {
                pool.dispose();
                TestFiles.deleteTree(dir);
            }
        }
        table.print();
    }

    /** The seed's second plan: the whole file on the heap, read again after every change. */
    private static String wholeFileReload(Path file) throws Exception {
        long t0 = System.nanoTime();
        try {
            List<String> cache = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.format("%.0f (%,d lines on the heap)", (System.nanoTime() - t0) / 1e6, cache.size());
        } catch (OutOfMemoryError e) {
            // The plan's limit, not the benchmark's: the log outgrew the heap.
            return "OutOfMemoryError (heap " + (Runtime.getRuntime().maxMemory() >> 20) + " MB)";
        }
    }

    /** The seed's first plan: a new handle per read, lines read until the one wanted. */
    private static void openAndScan(Path file, long seq) throws Exception {
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String prefix = seq + "\t";
            for (String line; (line = r.readLine()) != null; ) {
                if (line.startsWith(prefix)) {
                    return;
                }
            }
        }
        throw new IllegalStateException("entry " + seq + " not found");
    }
}
