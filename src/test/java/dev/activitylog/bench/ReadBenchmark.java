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
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
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
                "seed plan: whole-file cache, reload after a change (ms)", "heap in use once open",
                "floor: raw pread of 256 B at a random place /s", "floor vs at 10 k");
        double readAt10k = 0;
        double floorAt10k = 0;
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
                    // What the maintenance timer does, one segment per tick: the sealed segments' offset files.
                    for (int s = 0; s < engine.segments().size(); s++) {
                        engine.maintainOffsets();
                    }
                    long heap = Bench.heapInUse();
                    double reads = Bench.opsPerSecond(1, 100_000,
                            (t, i) -> engine.read(ThreadLocalRandom.current().nextLong(1, n + 1)).orElseThrow());
                    double pages = Bench.opsPerSecond(1, 2_000,
                            (t, i) -> engine.query(EntryQuery.newest(50).before(ThreadLocalRandom.current().nextLong(51, n + 2))));
                    double filtered = Bench.opsPerSecond(1, 2_000, (t, i) -> engine.query(EntryQuery.newest(50)
                            .actor(ACTORS[(int) (i % ACTORS.length)]).before(ThreadLocalRandom.current().nextLong(n / 2, n + 2))));
                    List<Path> files = files(engine);
                    double scans = Bench.opsPerSecond(1, n > 100_000 ? 5 : 200, (t, i) -> openAndScan(files, ThreadLocalRandom.current().nextLong(1, n + 1)));
                    String reload = wholeFileReload(files);
                    double floor = rawReads(files);
                    if (n == sizes.get(0)) {
                        readAt10k = reads;
                        floorAt10k = floor;
                    }
                    table.row(String.format("%,d (%d MB)", n, files.stream().mapToLong(f -> f.toFile().length()).sum() >> 20), reads, Bench.ratio(reads, readAt10k), pages,
                            filtered, scans, reload, (heap >> 20) + " MB", floor, Bench.ratio(floor, floorAt10k));
                }
            } finally {
                pool.dispose();
                TestFiles.deleteTree(dir);
            }
        }
        table.print();
    }

    /**
     * What the machine allows a read of a log this size: one positional read of 256 bytes at a random place of the
     * files through open channels, no index, no decoding. Its drop from 10 k to 10 M entries is the memory hierarchy's
     * (CPU caches, TLB, page-cache lookups over gigabytes), which no index removes.
     */
    private static double rawReads(List<Path> files) throws Exception {
        List<FileChannel> channels = new ArrayList<>();
        long[] ends = new long[files.size()];
        long total = 0;
        try {
            for (int i = 0; i < files.size(); i++) {
                FileChannel c = FileChannel.open(files.get(i), StandardOpenOption.READ);
                channels.add(c);
                total += Math.max(0, c.size() - 256);
                ends[i] = total;
            }
            long all = total;
            ByteBuffer buf = ByteBuffer.allocate(256);
            return Bench.opsPerSecond(1, 100_000, (t, i) -> {
                long at = ThreadLocalRandom.current().nextLong(all);
                int f = 0;
                while (at >= ends[f]) {
                    f++;
                }
                buf.clear();
                channels.get(f).read(buf, at - (f == 0 ? 0 : ends[f - 1]));
            });
        } finally {
            for (FileChannel c : channels) {
                c.close();
            }
        }
    }

    /** The log's files, oldest first: the seed knew one file; with segments, the plans read them in order. */
    private static List<Path> files(LogEngine engine) {
        return engine.segments().stream().map(s -> Path.of(s.file())).toList();
    }

    /** The seed's second plan: the whole file on the heap, read again after every change. */
    private static String wholeFileReload(List<Path> files) throws Exception {
        long t0 = System.nanoTime();
        try {
            List<String> cache = new ArrayList<>();
            for (Path file : files) {
                cache.addAll(Files.readAllLines(file, StandardCharsets.UTF_8));
            }
            return String.format("%.0f (%,d lines on the heap)", (System.nanoTime() - t0) / 1e6, cache.size());
        } catch (OutOfMemoryError e) {
            // The plan's limit, not the benchmark's: the log outgrew the heap.
            return "OutOfMemoryError (heap " + (Runtime.getRuntime().maxMemory() >> 20) + " MB)";
        }
    }

    /** The seed's first plan: a new handle per read, lines read until the one wanted. */
    private static void openAndScan(List<Path> files, long seq) throws Exception {
        String prefix = seq + "\t";
        for (Path file : files) {
            try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                for (String line; (line = r.readLine()) != null; ) {
                    if (line.startsWith(prefix)) {
                        return;
                    }
                }
            }
        }
        throw new IllegalStateException("entry " + seq + " not found");
    }
}
