package dev.activitylog.testing;

import dev.activitylog.log.control.LogConfig;
import dev.activitylog.log.control.LogEngine;
import dev.activitylog.log.entity.NewEntry;
import org.h2.jdbcx.JdbcConnectionPool;

import java.io.IOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.stream.Stream;

/**
 * Timing, entries and a table: the small harness every benchmark shares (those in dev.activitylog.bench and the
 * in-container dev.activitylog.it.ContainerBenchmarkIT, which deploys this class with the WAR).
 */
public final class Bench {
    /** An entry whose line is 256 bytes on disk (fields, hash, checksum and separators included). */
    public static final NewEntry ENTRY_256 = NewEntry.of("alice", "order.update", "order/4711", "x".repeat(116));
    public static final int ROUNDS = Integer.getInteger("bench.rounds", 3);

    private Bench() {
    }

    @FunctionalInterface
    public interface Op {
        void run(int thread, long i) throws Exception;
    }

    /** A 256-byte line of plain bytes (255 'x' and a newline): what the raw contenders write per append. */
    public static byte[] rawLine256() {
        return ("x".repeat(255) + "\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** Operations per second of {@code op} run {@code perThread} times on each of {@code threads}: the median of ROUNDS after one warm-up. */
    public static double opsPerSecond(int threads, long perThread, Op op) throws Exception {
        return opsPerSecond(threads, perThread, op, () -> { });
    }

    /**
     * As {@link #opsPerSecond(int, long, Op, Runnable)}, measured at steady state ({@link #warmUntilQuiet}).
     */
    public static double steadyOpsPerSecond(String name, int threads, long perThread, Op op, Runnable beforeRound)
            throws Exception {
        warmUntilQuiet(name, threads, perThread, op, beforeRound);
        return opsPerSecond(threads, perThread, op, beforeRound);
    }

    /**
     * Untimed rounds until one in which the JIT compilers worked less than 2 % of the round's time (at most 30), so
     * that the measured rounds do not share the cores with the compilation of the code they run. Prints how many.
     */
    public static void warmUntilQuiet(String name, int threads, long perThread, Op op, Runnable beforeRound)
            throws Exception {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        int rounds = 0;
        double share;
        do {
            long compiled = jit.getTotalCompilationTime();
            long t0 = System.nanoTime();
            round(Executors.defaultThreadFactory(), threads, perThread, op, beforeRound);
            share = (jit.getTotalCompilationTime() - compiled) / ((System.nanoTime() - t0) / 1e6);
            rounds++;
        } while (share >= 0.02 && rounds < 30);
        System.out.printf(Locale.ROOT, "%s: %d untimed rounds until the compilers were quiet (%.1f %% of the last)%n",
                name, rounds, 100 * share);
    }

    /**
     * The medians of ROUNDS rounds of {@code op} and of {@code baseline}, taken in turn (one of each, then the next
     * pair), after a warm-up round of the baseline: both are timed in the same state of the machine. The state that
     * matters here is the page cache: a file grown by another gigabyte costs more per write than a fresh one on this
     * machine (docs/benchmarks.md, "The page cache's growth").
     */
    public static double[] alternating(int threads, long perThread, Op op, Op baseline, Runnable beforeRound)
            throws Exception {
        ThreadFactory factory = Executors.defaultThreadFactory();
        double ops = (double) threads * perThread;
        double[][] results = new double[2][ROUNDS];
        round(factory, threads, perThread, baseline, () -> { });
        for (int r = 0; r < ROUNDS; r++) {
            results[0][r] = ops / (round(factory, threads, perThread, op, beforeRound) / 1e9);
            results[1][r] = ops / (round(factory, threads, perThread, baseline, () -> { }) / 1e9);
        }
        return new double[]{median(results[0]), median(results[1])};
    }

    /**
     * The medians of {@code rounds} rounds of each of {@code ops}, taken in turns (one round of each, the order
     * reversed every other turn, so none is always the one after the same other), after a warm-up round of each:
     * all are timed in the same state of the machine, whose fsyncs here cost a third more or less from one minute to
     * the next.
     */
    public static double[] inTurns(int rounds, ThreadFactory threadFactory, int threads, long perThread, Op... ops)
            throws Exception {
        double[][] results = new double[ops.length][rounds];
        for (Op op : ops) {
            round(threadFactory, threads, perThread, op, () -> { });
        }
        for (int r = 0; r < rounds; r++) {
            for (int k = 0; k < ops.length; k++) {
                int i = r % 2 == 0 ? k : ops.length - 1 - k;
                results[i][r] = (double) threads * perThread
                        / (round(threadFactory, threads, perThread, ops[i], () -> { }) / 1e9);
            }
        }
        double[] medians = new double[ops.length];
        for (int i = 0; i < ops.length; i++) {
            medians[i] = median(results[i]);
        }
        return medians;
    }

    private static double median(double[] results) {
        Arrays.sort(results);
        return results[results.length / 2];
    }

    /** As above, with {@code beforeRound} run (untimed) before each round. */
    public static double opsPerSecond(int threads, long perThread, Op op, Runnable beforeRound) throws Exception {
        return opsPerSecond(ROUNDS, Executors.defaultThreadFactory(), threads, perThread, op, beforeRound);
    }

    /**
     * The median of {@code rounds} after one warm-up, the callers' threads made by {@code threadFactory} (in a
     * container: its ManagedThreadFactory, so the threads may call EJBs).
     */
    public static double opsPerSecond(int rounds, ThreadFactory threadFactory, int threads, long perThread, Op op,
                                      Runnable beforeRound) throws Exception {
        double[] results = new double[rounds];
        round(threadFactory, threads, perThread, op, beforeRound);  // the warm-up
        for (int r = 0; r < rounds; r++) {
            results[r] = threads * perThread / (round(threadFactory, threads, perThread, op, beforeRound) / 1e9);
        }
        return median(results);
    }

    /** One round: {@code beforeRound} (untimed), then {@code op} {@code perThread} times on each thread; its nanos. */
    private static long round(ThreadFactory threadFactory, int threads, long perThread, Op op, Runnable beforeRound)
            throws Exception {
        beforeRound.run();
        ExecutorService pool = Executors.newFixedThreadPool(threads, threadFactory);
        List<Future<?>> fs = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            fs.add(pool.submit(() -> {
                for (long i = 0; i < perThread; i++) {
                    op.run(thread, i);
                }
                return null;
            }));
        }
        for (Future<?> f : fs) {
            f.get();
        }
        long nanos = System.nanoTime() - t0;
        pool.shutdown();
        return nanos;
    }

    public static Path tempDir(String name) throws IOException {
        return Files.createTempDirectory("bench-" + name);
    }

    /** A table printed as Markdown, so a run can be pasted into docs/benchmarks.md as it is. */
    public static final class Table {
        private final String title;
        private final List<String[]> rows = new ArrayList<>();

        public Table(String title, String... header) {
            this.title = title;
            rows.add(header);
        }

        public Table row(Object... cells) {
            rows.add(Arrays.stream(cells).map(Bench::cell).toArray(String[]::new));
            return this;
        }

        public void print() {
            System.out.println(this);
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder("\n### ").append(title).append("\n\n");
            for (int r = 0; r < rows.size(); r++) {
                sb.append("| ").append(String.join(" | ", rows.get(r))).append(" |\n");
                if (r == 0) {
                    sb.append("|").append("---|".repeat(rows.get(0).length)).append("\n");
                }
            }
            return sb.toString();
        }
    }

    public static String cell(Object o) {
        if (o instanceof Double d) {
            return d >= 100 ? String.format(Locale.ROOT, "%,.0f", d) : String.format(Locale.ROOT, "%.2f", d);
        }
        return String.valueOf(o);
    }

    public static String ratio(double a, double b) {
        return String.format(Locale.ROOT, "%.2f×", a / b);
    }

    /** Heap in use after full collections: what the process keeps, not what it has yet to collect. */
    public static long heapInUse() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }

    public static String machine() {
        return Runtime.getRuntime().availableProcessors() + " cores, Java " + System.getProperty("java.version")
                + ", " + System.getProperty("os.name") + " " + System.getProperty("os.version");
    }
}
