package dev.activitylog.bench;

import dev.activitylog.log.control.LogConfig;
import dev.activitylog.log.control.LogEngine;
import dev.activitylog.log.entity.ClusterCursor;
import dev.activitylog.log.entity.ClusterPage;
import dev.activitylog.log.entity.Durability;
import dev.activitylog.log.entity.Entry;
import dev.activitylog.log.entity.EntryQuery;
import dev.activitylog.log.entity.NewEntry;
import dev.activitylog.testing.Bench;
import dev.activitylog.testing.PostgresServer;
import dev.activitylog.testing.TestFiles;
import dev.activitylog.testing.TestIndex;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGConnectionPoolDataSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A cluster on one PostgreSQL index (fsync on, as in production) against the embedded H2 default, in the same run:
 * sustained appends of one node and of two nodes at once (until every row and line is in the index, not a burst
 * that leaves a backlog), the lag from an append to its entry in the merged view of another node, and a merged
 * page's time with 10 k and with {@code -Dbench.cluster.entries=N} (default 1,000,000) entries per node.
 */
class ClusterBenchmark {
    private static final int APPENDS = Integer.getInteger("bench.cluster.appends", 100_000);
    private static final int ENTRIES = Integer.getInteger("bench.cluster.entries", 1_000_000);

    @Test
    void aClusterOnPostgresql() throws Exception {
        Path work = Bench.tempDir("cluster");
        Path pgDir = Files.createTempDirectory(Files.createDirectories(Path.of("target")).toAbsolutePath(), "pg-bench-");
        try (PostgresServer pg = PostgresServer.start(pgDir, true)) {
            Bench.Table appends = new Bench.Table(String.format("Appends to a cluster on PostgreSQL, %,d per node,"
                    + " 256-byte entries, NONE, until the index has every row and line, entries/s (%s)", APPENDS,
                    Bench.machine()), "appender", "entries/s", "vs embedded H2");
            embedded(work.resolve("warm-up"));  // a cold JVM appends at a third of its speed: one untimed run first
            double embedded = embedded(work.resolve("h2"));
            appends.row("one node, embedded H2 (the default)", embedded, Bench.ratio(embedded, embedded));
            JdbcConnectionPool index = pool(pg, pg.createDatabase());
            double one = nodes(index, work.resolve("one"), 1);
            appends.row("one node, PostgreSQL", one, Bench.ratio(one, embedded));
            JdbcConnectionPool shared = pool(pg, pg.createDatabase());
            double two = nodes(shared, work.resolve("two"), 2);
            appends.row("two nodes at once, one PostgreSQL (together)", two, Bench.ratio(two, embedded));
            appends.print();

            JdbcConnectionPool merged = pool(pg, pg.createDatabase());
            try (LogEngine a = start(merged, work.resolve("ma"), "node-a");
                 LogEngine b = start(merged, work.resolve("mb"), "node-b")) {
                lag(a, b);
                fill(a, b, 10_000);
                analyze(merged);
                double[] small = pages(b);
                fill(a, b, ENTRIES);
                analyze(merged);
                double[] large = pages(b);
                Bench.Table t = new Bench.Table(String.format("A merged page of 50 of two nodes, ms (median of 20;"
                        + " %s)", Bench.machine()), "page", "10 k per node", String.format("%,d per node", ENTRIES),
                        "growth");
                String[] names = {"newest, every node", "newest, one node", "newest, one actor of 1,000",
                        "older, from the middle"};
                for (int i = 0; i < names.length; i++) {
                    t.row(names[i], String.format("%.2f", small[i]), String.format("%.2f", large[i]),
                            String.format("%.2fx", large[i] / small[i]));
                }
                t.print();
            }
            index.dispose();
            shared.dispose();
            merged.dispose();
        } finally {
            TestFiles.deleteTree(work);
        }
    }

    private static double embedded(Path dir) throws Exception {
        JdbcConnectionPool pool = TestIndex.pool(dir);
        try (LogEngine engine = TestIndex.start(LogConfig.defaults(dir).withDurability(Durability.NONE), pool)) {
            long t0 = System.nanoTime();
            for (int i = 0; i < APPENDS; i++) {
                engine.append(Bench.ENTRY_256);
            }
            while (engine.health().indexed() < APPENDS) {
                engine.maintain();  // the rows still in memory: sustained means the index has them all
            }
            return APPENDS / ((System.nanoTime() - t0) / 1e9);
        } finally {
            pool.dispose();
        }
    }

    /** {@code n} nodes appending at once, each from its thread, until every row and line is in the index. */
    private static double nodes(JdbcConnectionPool index, Path dir, int n) throws Exception {
        List<LogEngine> engines = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            engines.add(start(index, dir.resolve("n" + i), "node-" + i));
        }
        ExecutorService threads = Executors.newFixedThreadPool(n);
        try {
            long t0 = System.nanoTime();
            List<Future<?>> done = new ArrayList<>();
            for (LogEngine e : engines) {
                done.add(threads.submit(() -> {
                    for (int i = 0; i < APPENDS; i++) {
                        e.append(Bench.ENTRY_256);
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            while (count(index, "SELECT COUNT(*) FROM index_line") < (long) n * APPENDS) {
                for (LogEngine e : engines) {
                    e.maintain();  // the last rows; the indexer thread copies the lines after them
                }
            }
            return (double) n * APPENDS / ((System.nanoTime() - t0) / 1e9);
        } finally {
            threads.shutdown();
            for (LogEngine e : engines) {
                e.close();
            }
        }
    }

    /** From node a's acknowledged append to its entry on node b's newest merged page: polled, as a reader would. */
    private static void lag(LogEngine a, LogEngine b) {
        double[] ms = new double[20];
        for (int i = 0; i < ms.length; i++) {
            long t0 = System.nanoTime();
            Entry e = a.append(NewEntry.of("lag", "lag.probe", "p" + i, null));
            while (b.cluster().page(EntryQuery.newest(1), "node-a", null).entries().stream()
                    .noneMatch(n -> n.entry().seq() == e.seq())) {
                Thread.onSpinWait();
            }
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(ms);
        Bench.Table t = new Bench.Table("From an append on node a to its entry in node b's merged view, ms (20 probes, "
                + Bench.machine() + ")", "median", "max");
        t.row(String.format("%.1f", ms[ms.length / 2]), String.format("%.1f", ms[ms.length - 1]));
        t.print();
    }

    private static void fill(LogEngine a, LogEngine b, int perNode) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (LogEngine e : List.of(a, b)) {
                done.add(threads.submit(() -> {
                    for (long i = e.health().entries(); i < perNode; i++) {
                        e.append(NewEntry.of("user-" + (i % 1000), "order.update", "order/" + i, "x".repeat(80)));
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            threads.shutdown();
        }
        for (LogEngine e : List.of(a, b)) {
            while (e.cluster().page(EntryQuery.newest(1), e == a ? "node-a" : "node-b", null).entries().get(0)
                    .entry().seq() < e.health().entries()) {
                e.maintain();  // until the newest line is in the merged view
            }
        }
    }

    /** Median ms of each kind of merged page, 20 times each. */
    private static double[] pages(LogEngine reader) {
        ClusterPage first = reader.cluster().page(EntryQuery.newest(50), null, null);
        long middle = first.entries().get(0).entry().seq() / 2;
        ClusterCursor mid = new ClusterCursor(micros(reader, middle), "node-a", middle);
        List<Runnable> kinds = List.of(
                () -> reader.cluster().page(EntryQuery.newest(50), null, null),
                () -> reader.cluster().page(EntryQuery.newest(50), "node-a", null),
                () -> reader.cluster().page(EntryQuery.newest(50).actor("user-7"), null, null),
                () -> reader.cluster().page(EntryQuery.newest(50), null, mid));
        double[] out = new double[kinds.size()];
        for (int k = 0; k < kinds.size(); k++) {
            double[] ms = new double[20];
            for (int i = -3; i < ms.length; i++) {
                long t0 = System.nanoTime();
                kinds.get(k).run();
                if (i >= 0) {
                    ms[i] = (System.nanoTime() - t0) / 1e6;
                }
            }
            Arrays.sort(ms);
            out[k] = ms[ms.length / 2];
        }
        return out;
    }

    private static long micros(LogEngine reader, long seq) {
        Entry e = reader.cluster().read("node-a", seq).orElseThrow();
        return e.time().getEpochSecond() * 1_000_000 + e.time().getNano() / 1_000;
    }

    private static LogEngine start(JdbcConnectionPool index, Path dir, String node) {
        return LogEngine.start(LogConfig.defaults(dir).withDurability(Durability.NONE).withNode(node), index);
    }

    private static JdbcConnectionPool pool(PostgresServer pg, String database) {
        PGConnectionPoolDataSource ds = new PGConnectionPoolDataSource();
        ds.setServerNames(new String[]{"127.0.0.1"});
        ds.setPortNumbers(new int[]{pg.port()});
        ds.setDatabaseName(database);
        ds.setUser(PostgresServer.USER);
        JdbcConnectionPool pool = JdbcConnectionPool.create(ds);
        pool.setMaxConnections(20);
        return pool;
    }

    /** The planner's statistics, as autovacuum keeps them (right after a bulk load it may not have run yet). */
    private static void analyze(JdbcConnectionPool index) throws Exception {
        try (Connection c = index.getConnection(); Statement s = c.createStatement()) {
            s.execute("ANALYZE");
        }
    }

    private static long count(JdbcConnectionPool index, String sql) throws Exception {
        try (Connection c = index.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
