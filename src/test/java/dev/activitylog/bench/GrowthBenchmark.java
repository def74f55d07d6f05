package dev.activitylog.bench;

import dev.activitylog.log.control.LogConfig;
import dev.activitylog.log.control.LogEngine;
import dev.activitylog.log.entity.Durability;
import dev.activitylog.log.entity.EntryQuery;
import dev.activitylog.log.entity.NewEntry;
import dev.activitylog.testing.Bench;
import dev.activitylog.testing.TestFiles;
import dev.activitylog.testing.TestIndex;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * How each cost grows with the log (issue "A cheaper index", target 7): at 10 k, 1 M and, with
 * {@code -Dbench.large=true}, 10 M entries ({@code -Dbench.sizes=10000,1000000} the first sizes), each operation's time against its time at 10 k in the same run: a
 * sustained append (the index keeping up), a read by number, a page of 50 unfiltered, filtered by actor and by a time
 * range, a full rebuild of the index (per entry) and a clean start. Prints the table and draws it
 * ({@link GrowthPlot}) into {@code -Dbench.plot} (default target/growth.svg; docs/growth.svg is the committed one).
 */
class GrowthBenchmark {
    private static final String[] ACTORS = {"alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan", "judy"};
    private static final int APPENDS = 100_000;

    @Test
    void costsAsTheLogGrows() throws Exception {
        List<Integer> sizes = new ArrayList<>(Stream.of(System.getProperty("bench.sizes", "10000,1000000").split(","))
                .map(String::strip).map(Integer::valueOf).toList());
        if (Boolean.getBoolean("bench.large")) {
            sizes.add(10_000_000);
        }
        // cost name -> seconds per operation at each size
        Map<String, List<Double>> costs = new LinkedHashMap<>();
        // A first pass at the smallest size, not recorded: the JIT compiles the engine there, not in the first column.
        measureInNewLog(sizes.get(0), new LinkedHashMap<>());
        for (int n : sizes) {
            measureInNewLog(n, costs);
        }
        List<String> header = new ArrayList<>(List.of("cost"));
        for (int n : sizes) {
            header.add(String.format("%,d entries", n));
            if (n != sizes.get(0)) {
                header.add(String.format("vs at %,d", sizes.get(0)));
            }
        }
        Bench.Table table = new Bench.Table("How each cost grows with the log: time per operation (" + Bench.machine()
                + ")", header.toArray(String[]::new));
        costs.forEach((name, seconds) -> {
            List<Object> row = new ArrayList<>(List.of(name));
            for (int i = 0; i < seconds.size(); i++) {
                row.add(GrowthPlot.time(seconds.get(i)));
                if (i > 0) {
                    row.add(String.format("%.2f×", seconds.get(i) / seconds.get(0)));
                }
            }
            table.row(row.toArray());
        });
        table.print();
        Path plot = Path.of(System.getProperty("bench.plot", "target/growth.svg"));
        Files.createDirectories(plot.toAbsolutePath().getParent());
        Files.writeString(plot, GrowthPlot.svg(sizes, costs, Bench.machine()));
        System.out.println("plot: " + plot.toAbsolutePath());
    }

    private static void measureInNewLog(int n, Map<String, List<Double>> costs) throws Exception {
        Path dir = Bench.tempDir("growth");
        try {
            measure(dir, n, costs);
        } finally {
            TestFiles.deleteTree(dir);
        }
    }

    private static void measure(Path dir, int n, Map<String, List<Double>> costs) throws Exception {
        LogConfig config = LogConfig.defaults(dir).withDurability(Durability.NONE);
        JdbcConnectionPool pool = TestIndex.pool(dir);
        try (LogEngine engine = TestIndex.start(config, pool)) {
            for (int i = 0; i < n; i++) {
                engine.append(entry(i));
            }
        }
        pool.dispose();
        pool = TestIndex.pool(dir);
        try (LogEngine engine = TestIndex.start(config, pool)) {
            for (int s = 0; s < engine.segments().size(); s++) {
                engine.maintainOffsets();  // the sealed segments' offset files, as the maintenance timer builds them
            }
            // Sustained: the appends and then the index's catch-up, so no backlog is left out of the figure.
            long t0 = System.nanoTime();
            for (int i = 0; i < APPENDS; i++) {
                engine.append(entry(n + i));
            }
            while (engine.health().indexLag() > 0) {
                engine.maintain();
            }
            add(costs, "append (sustained, the index keeping up)", (System.nanoTime() - t0) / 1e9 / APPENDS);
            long last = n + APPENDS;
            Instant first = engine.read(1).orElseThrow().time();
            Duration span = Duration.between(first, engine.read(last).orElseThrow().time());
            add(costs, "read by sequence number", 1 / Bench.opsPerSecond(1, 100_000,
                    (t, i) -> engine.read(random(1, last)).orElseThrow()));
            add(costs, "page of 50", 1 / Bench.opsPerSecond(1, 2_000,
                    (t, i) -> engine.query(EntryQuery.newest(50).before(random(51, last + 1)))));
            add(costs, "page of 50, one actor", 1 / Bench.opsPerSecond(1, 2_000, (t, i) -> engine.query(
                    EntryQuery.newest(50).actor(ACTORS[(int) (i % ACTORS.length)]).before(random(51, last + 1)))));
            add(costs, "page of 50, a time range (1 % of the log)", 1 / Bench.opsPerSecond(1, 200, (t, i) -> {
                Instant from = first.plus(span.multipliedBy(random(0, 99)).dividedBy(100));
                engine.query(EntryQuery.newest(50).between(from, from.plus(span.dividedBy(100))));
            }));
        }
        pool.dispose();
        // As StartupBenchmark opens a log (its configuration is this one's), in milliseconds.
        add(costs, "clean start", StartupBenchmark.open(dir, null) / 1e3);
        add(costs, "full index rebuild, per entry",
                StartupBenchmark.open(dir, () -> StartupBenchmark.deleteIndex(dir)) / 1e3 / (n + APPENDS));
    }

    private static NewEntry entry(long i) {
        return NewEntry.of(ACTORS[(int) (i % ACTORS.length)], "order.update", "order/" + i, "x".repeat(116));
    }

    private static long random(long from, long to) {
        return ThreadLocalRandom.current().nextLong(from, to);
    }

    private static void add(Map<String, List<Double>> costs, String name, double secondsPerOperation) {
        costs.computeIfAbsent(name, k -> new ArrayList<>()).add(secondsPerOperation);
    }
}
