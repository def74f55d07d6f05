package dev.activitylog.bench;

import dev.activitylog.testing.Bench;

import dev.activitylog.testing.TestFiles;
import net.openhft.chronicle.bytes.BytesStore;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Chronicle Queue's row of {@link AppendBenchmark}: the same 256 bytes per append as the raw FileChannel row, one
 * excerpt each through an {@link ExcerptAppender}; with 8 threads each thread has its own appender on the same queue.
 * Like the other rows, nothing is fsynced (Chronicle writes to memory-mapped files; the OS writes them back).
 * <p>
 * Compiled and run only in the bench profile (pom.xml), which has the test-scoped dependency and the JVM flags Java 17
 * needs for it ({@code --add-exports}/{@code --add-opens}, the list in Chronicle's own parent POM) and
 * {@code -Dchronicle.analytics.disable=true}; the chronicle-analytics jar is excluded as well, so it never tries to
 * send usage data.
 */
final class ChronicleQueueAppend implements AppendBenchmark.ChronicleContender {
    private static final int MAX_THREADS = 8;

    @Override
    public String name() {
        Properties p = new Properties();
        try (InputStream in = ChronicleQueue.class.getResourceAsStream("/META-INF/maven/net.openhft/chronicle-queue/pom.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // the name without its version
        }
        return ("Chronicle Queue " + p.getProperty("version", "")).strip();
    }

    @Override
    public double[] oneAndEightThreads() throws Exception {
        Path dir = Bench.tempDir("chronicle");
        try (ChronicleQueue queue = ChronicleQueue.singleBuilder(dir).build()) {
            ExcerptAppender[] appenders = new ExcerptAppender[MAX_THREADS];
            BytesStore<?, ?>[] lines = new BytesStore<?, ?>[MAX_THREADS];
            try {
                for (int t = 0; t < MAX_THREADS; t++) {
                    appenders[t] = queue.createAppender();
                    // Each round runs on a new pool, so an appender moves to another thread between rounds (never
                    // during one, and the pool hand-over orders the two uses): Chronicle's single-thread check would
                    // refuse that.
                    appenders[t].singleThreadedCheckDisabled(true);
                    lines[t] = BytesStore.wrap(Bench.rawLine256());
                }
                Bench.Op op = (t, i) -> appenders[t].writeBytes(lines[t]);
                return new double[]{Bench.opsPerSecond(1, 200_000, op), Bench.opsPerSecond(MAX_THREADS, 25_000, op)};
            } finally {
                for (ExcerptAppender a : appenders) {
                    if (a != null) {
                        a.close();
                    }
                }
            }
        } finally {
            TestFiles.deleteTree(dir);
        }
    }
}
