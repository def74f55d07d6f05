package dev.activitylog.bench;

import dev.activitylog.testing.Bench;

import dev.activitylog.testing.TestFiles;
import dev.activitylog.testing.TestIndex;
import dev.activitylog.log.control.LogConfig;
import dev.activitylog.log.control.LineCodec;
import dev.activitylog.log.control.LogEngine;
import dev.activitylog.log.entity.Durability;
import dev.activitylog.log.entity.Entry;
import dev.activitylog.log.entity.NewEntry;
import dev.activitylog.log.entity.Outcome;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.logging.FileHandler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;

/**
 * Append throughput, no fsync, 1 and 8 threads: the engine against the limit (raw FileChannel appends of the same
 * bytes), a JDBC audit table in H2 (one autocommit insert per entry), java.util.logging's FileHandler and Chronicle
 * Queue (the bench profile only: it has the dependency and the JVM flags, see {@link ChronicleContender}). The
 * engine's sustained rows and the raw, H2 and JUL baselines are measured at steady state
 * ({@link Bench#steadyOpsPerSecond}): on two cores the JIT compiles H2's code for many seconds beside the appender.
 */
class AppendBenchmark {
    /**
     * A contender whose class is compiled only in the bench profile (pom.xml: the default build excludes it and has
     * no Chronicle Queue dependency): entries/s with 1 and with 8 threads.
     */
    interface ChronicleContender {
        String CLASS = "dev.activitylog.bench.ChronicleQueueAppend";

        /** "Chronicle Queue" and its version. */
        String name();

        double[] oneAndEightThreads() throws Exception;
    }

    @Test
    void appendThroughput() throws Exception {
        Bench.Table table = new Bench.Table("Append throughput, no fsync (entries/s; " + Bench.machine() + ")",
                "appender", "1 thread", "8 threads", "1 thread vs raw FileChannel", "8 threads vs raw, 8 threads",
                "1 thread vs H2 audit table", "1 thread vs java.util.logging");
        double[] raw = raw();
        double[] h2 = h2AuditTable();
        double[] jul = julFileHandler();
        double[] floor = lineFloor();
        double[] engine = engine();
        ChronicleContender chronicleQueue = chronicleQueue();
        double[] chronicle = chronicleQueue == null ? null : chronicleQueue.oneAndEightThreads();
        double[][] baselines = {raw, h2, jul};
        row(table, "activity-log engine (NONE), bursts of 50,000", new double[]{engine[0], engine[1]}, baselines);
        row(table, "activity-log engine (NONE), sustained 300,000 (steady state)", new double[]{engine[2], engine[3]},
                baselines);
        row(table, "floor: the engine's lines (encode, CRC32C, SHA-256 chain) by a raw FileChannel, no index", floor, baselines);
        row(table, "raw FileChannel append (the limit)", raw, baselines);
        row(table, "H2 audit table, JDBC insert per entry", h2, baselines);
        row(table, "java.util.logging FileHandler", jul, baselines);
        if (chronicle != null) {
            row(table, chronicleQueue.name() + ", one ExcerptAppender per thread", chronicle, baselines);
        } else {
            table.row("Chronicle Queue", "not run", "not run", "-", "-", "-", "needs -Pbench (dependency and JVM flags)");
        }
        table.print();
        new Bench.Table("Sustained append against the raw channel in the same rounds (entries/s; rounds taken in turn,"
                + " the raw lines written into a file beside the log)", "threads", "engine (NONE), sustained",
                "raw FileChannel beside it", "engine vs raw")
                .row("1", engine[2], engine[4], Bench.ratio(engine[2], engine[4]))
                .row("8", engine[3], engine[5], Bench.ratio(engine[3], engine[5]))
                .print();

        // Tamper evidence: what the SHA-256 chain hash costs per entry, against a whole append, in the same run.
        byte[] body = ("123456\t2026-11-26T20:00:00.000000Z\talice\torder.update\torder/4711\t" + "x".repeat(116))
                .getBytes(StandardCharsets.UTF_8);
        byte[][] head = {new byte[32]};
        double hashes = Bench.opsPerSecond(1, 200_000, (t, i) -> head[0] = LineCodec.chain(head[0], body, 0, body.length));
        new Bench.Table("Cost of the hash chain (tamper evidence)", "operation", "per second", "µs each", "share of an append")
                .row("SHA-256 chain hash of one entry", hashes, 1e6 / hashes, String.format(java.util.Locale.ROOT, "%.1f %%", 100 * engine[0] / hashes))
                .row("whole engine append (NONE), burst", engine[0], 1e6 / engine[0], "100 %")
                .print();
    }

    /** A baseline's rate at steady state, as the engine's sustained rows are measured. */
    private static double steady(String name, int threads, long perThread, Bench.Op op) throws Exception {
        return Bench.steadyOpsPerSecond(name + ", " + threads + (threads == 1 ? " thread" : " threads"), threads,
                perThread, op, () -> { });
    }

    /** A contender's rates (1 and 8 threads) and its ratios to the raw channel, the H2 table and JUL, same run. */
    private static void row(Bench.Table table, String name, double[] rates, double[][] baselines) {
        double[] raw = baselines[0];
        table.row(name, rates[0], rates[1], Bench.ratio(rates[0], raw[0]), Bench.ratio(rates[1], raw[1]),
                Bench.ratio(rates[0], baselines[1][0]), Bench.ratio(rates[0], baselines[2][0]));
    }

    /**
     * The engine's bursts, then its sustained rounds at steady state, each timed in turn with a round of the raw
     * channel writing the same lines into a file beside the log (docs/benchmarks.md, "The page cache's growth").
     */
    private static double[] engine() throws Exception {
        Path dir = Bench.tempDir("engine");
        JdbcConnectionPool pool = TestIndex.pool(dir);
        try (LogEngine engine = TestIndex.start(LogConfig.defaults(dir).withDurability(Durability.NONE), pool);
             FileChannel beside = FileChannel.open(dir.resolve("raw-beside.log"), StandardOpenOption.CREATE,
                     StandardOpenOption.WRITE)) {
            // Bursts stay below the index backlog bound (100,000 rows): the append path alone, the index writer
            // catching up on the other core. Sustained runs hit the bound: appends then go at the index's pace.
            Runnable caughtUp = engine::maintain;
            Bench.Op append = (t, i) -> engine.append(Bench.ENTRY_256);
            Bench.Op raw = rawAppend(beside);
            double one = Bench.opsPerSecond(1, 50_000, append, caughtUp);
            double eight = Bench.opsPerSecond(8, 6_250, append, caughtUp);
            Bench.warmUntilQuiet("engine, 1 thread", 1, 300_000, append, caughtUp);
            double[] sustainedOne = Bench.alternating(1, 300_000, append, raw, caughtUp);
            Bench.warmUntilQuiet("engine, 8 threads", 8, 37_500, append, caughtUp);
            double[] sustainedEight = Bench.alternating(8, 37_500, append, raw, caughtUp);
            long entries = engine.health().entries();
            System.out.printf("engine: %.1f bytes per entry on disk%n", (double) engine.health().fileSize() / entries);
            return new double[]{one, eight, sustainedOne[0], sustainedEight[0], sustainedOne[1], sustainedEight[1]};
        } finally {
            pool.dispose();
            TestFiles.deleteTree(dir);
        }
    }

    /** The Chronicle Queue contender, or null when its class was not compiled (a run without the bench profile). */
    private static ChronicleContender chronicleQueue() throws ReflectiveOperationException {
        try {
            return (ChronicleContender) Class.forName(ChronicleContender.CLASS).getDeclaredConstructor().newInstance();
        } catch (ClassNotFoundException e) {
            return null;
        }
    }

    /**
     * What the log's format itself costs: each entry made, encoded with its CRC32C and SHA-256 chain hash as the
     * engine does, and written at the end of a file, one positional write each; no checks, no index, no engine.
     */
    private static double[] lineFloor() throws Exception {
        Path dir = Bench.tempDir("floor");
        NewEntry e = Bench.ENTRY_256;
        try (FileChannel ch = FileChannel.open(dir.resolve("floor.log"), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            long[] position = {0, 0};
            byte[][] head = {new byte[32]};
            Bench.Op op = (t, i) -> {
                synchronized (position) {
                    Entry entry = new Entry(++position[1], LineCodec.truncate(java.time.Instant.now()), e.actor(),
                            e.action(), e.subject(), e.detail(), Outcome.SUCCESS, "", "", null);
                    LineCodec.Encoded enc = LineCodec.encodeEntry(LineCodec.CURRENT, entry, head[0]);
                    head[0] = enc.hash();
                    ch.write(ByteBuffer.wrap(enc.line()), position[0]);
                    position[0] += enc.line().length;
                }
            };
            return new double[]{Bench.opsPerSecond(1, 200_000, op), Bench.opsPerSecond(8, 25_000, op)};
        } finally {
            TestFiles.deleteTree(dir);
        }
    }

    /** The same 256-byte lines written at the end of a file, one positional write each, nothing else. */
    private static double[] raw() throws Exception {
        Path dir = Bench.tempDir("raw");
        try (FileChannel ch = FileChannel.open(dir.resolve("raw.log"), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            Bench.Op op = rawAppend(ch);
            return new double[]{steady("raw", 1, 200_000, op), steady("raw", 8, 25_000, op)};
        } finally {
            TestFiles.deleteTree(dir);
        }
    }

    /** The raw contender: 256-byte lines appended to {@code ch}, one positional write each, under one lock. */
    private static Bench.Op rawAppend(FileChannel ch) {
        byte[] line = Bench.rawLine256();
        long[] position = {0};
        return (t, i) -> {
            synchronized (position) {
                ch.write(ByteBuffer.wrap(line), position[0]);
                position[0] += line.length;
            }
        };
    }

    private static double[] h2AuditTable() throws Exception {
        Path dir = Bench.tempDir("h2");
        JdbcConnectionPool pool = JdbcConnectionPool.create("jdbc:h2:" + dir.resolve("audit").toAbsolutePath(), "sa", "");
        pool.setMaxConnections(16);
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE audit (id BIGINT AUTO_INCREMENT PRIMARY KEY, ts TIMESTAMP(6) WITH TIME ZONE,"
                    + " actor VARCHAR(200), action VARCHAR(100), subject VARCHAR(1000), detail VARCHAR(65536))");
        }
        Bench.Op op = (t, i) -> {
            try (Connection c = pool.getConnection();
                 PreparedStatement ps = c.prepareStatement("INSERT INTO audit (ts, actor, action, subject, detail) VALUES (CURRENT_TIMESTAMP, ?, ?, ?, ?)")) {
                ps.setString(1, Bench.ENTRY_256.actor());
                ps.setString(2, Bench.ENTRY_256.action());
                ps.setString(3, Bench.ENTRY_256.subject());
                ps.setString(4, Bench.ENTRY_256.detail());
                ps.executeUpdate();
            }
        };
        try {
            return new double[]{steady("H2 table", 1, 20_000, op), steady("H2 table", 8, 2_500, op)};
        } finally {
            try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
                s.execute("SHUTDOWN");
            }
            pool.dispose();
            TestFiles.deleteTree(dir);
        }
    }

    private static double[] julFileHandler() throws Exception {
        Path dir = Bench.tempDir("jul");
        FileHandler handler = new FileHandler(dir.resolve("jul.log").toString(), 0, 1, true);
        handler.setFormatter(new SimpleFormatter());
        String message = Bench.ENTRY_256.actor() + " " + Bench.ENTRY_256.action() + " " + Bench.ENTRY_256.subject() + " "
                + Bench.ENTRY_256.detail();
        try {
            Bench.Op op = (t, i) -> handler.publish(new LogRecord(Level.INFO, message));
            return new double[]{steady("JUL", 1, 100_000, op), steady("JUL", 8, 12_500, op)};
        } finally {
            handler.close();
            TestFiles.deleteTree(dir);
        }
    }
}
