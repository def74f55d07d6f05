package dev.activitylog.log.control;

import dev.activitylog.log.entity.Durability;
import dev.activitylog.log.entity.InvalidEntryException;
import dev.activitylog.log.entity.NewEntry;
import dev.activitylog.testing.ForwardingChannel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the engine tells its {@link LogMetrics}: docs/deployment.md, "Metrics". */
class LogMetricsTest {
    /** A disk whose fsync takes this long, so that what includes an fsync can be told from what does not. */
    private static final long SLOW_FSYNC_MILLIS = 40;

    @TempDir
    Path dir;

    private final Recorded metrics = new Recorded();

    @Test
    void anAppendUnderFsyncIsTimedWithItsFsyncAndEachFsyncIsTimed() {
        LogConfig config = LogConfig.defaults(dir).withDurability(Durability.FSYNC).withMetrics(metrics);
        try (TestLog log = new TestLog(dir, config, SlowFsync::new)) {
            log.appendMany(3, "alice");
            assertEquals(3, metrics.appended.size(), "one per acknowledged append");
            assertEquals(3, metrics.fsynced.size(), "FSYNC: one fsync per append");
            for (int i = 0; i < 3; i++) {
                assertTrue(metrics.fsynced.get(i) >= TimeUnit.MILLISECONDS.toNanos(SLOW_FSYNC_MILLIS), "the fsync's time");
                assertTrue(metrics.appended.get(i) >= metrics.fsynced.get(i), "the append waited for its fsync");
            }
        }
    }

    @Test
    void groupCommitFsyncsAreTimedAndTheAppendsWaitForThem() {
        LogConfig config = LogConfig.defaults(dir).withDurability(Durability.GROUP).withMetrics(metrics);
        try (TestLog log = new TestLog(dir, config, SlowFsync::new)) {
            log.appendMany(2, "alice");
            assertEquals(2, metrics.appended.size());
            assertEquals(2, metrics.fsynced.size(), "one caller at a time: a group commit each");
            assertTrue(metrics.appended.stream().allMatch(n -> n >= TimeUnit.MILLISECONDS.toNanos(SLOW_FSYNC_MILLIS)),
                    "acknowledged after the group commit: " + metrics.appended);
        }
    }

    @Test
    void withoutDurabilityAppendsAreNotSlowedByTheDiskAndOnlyTheCloseFsyncs() {
        LogConfig config = LogConfig.defaults(dir).withMetrics(metrics);
        try (TestLog log = new TestLog(dir, config, SlowFsync::new)) {
            log.appendMany(5, "alice");
            assertEquals(5, metrics.appended.size());
            assertEquals(List.of(), metrics.fsynced, "NONE never waits for the disk");
            assertTrue(metrics.appended.stream().allMatch(n -> n > 0 && n < TimeUnit.MILLISECONDS.toNanos(SLOW_FSYNC_MILLIS)),
                    metrics.appended.toString());
            log.stop();
            assertEquals(1, metrics.fsynced.size(), "the close's fsync");
        }
    }

    @Test
    void aRefusedAppendIsNotCounted() {
        try (TestLog log = new TestLog(dir, LogConfig.defaults(dir).withMetrics(metrics), FileChannel::open)) {
            assertThrows(InvalidEntryException.class, () -> log.engine.append(NewEntry.of("", "x", null, null)));
            assertEquals(List.of(), metrics.appended);
        }
    }

    @Test
    void eachRecoveryReportsTheBytesItCut() throws IOException {
        try (TestLog log = new TestLog(dir, LogConfig.defaults(dir).withMetrics(metrics), FileChannel::open)) {
            assertEquals(List.of(0L), metrics.recovered, "the first open: nothing to cut");
            log.appendMany(2, "alice");
            log.stop();
            Files.write(log.file(), "3\ttorn ent".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    StandardOpenOption.APPEND);
            log.open();
            assertEquals(List.of(0L, 10L), metrics.recovered);
            assertEquals(10, log.engine.health().lastRecovery().bytesCut(), "what the report says, too");
        }
    }

    @Test
    void eachVerifyReportsItsProblems() throws IOException {
        try (TestLog log = new TestLog(dir, LogConfig.defaults(dir).withMetrics(metrics), FileChannel::open)) {
            log.appendMany(3, "alice");
            log.engine.verify();
            log.stop();
            byte[] b = log.bytes();
            long[] starts = TestLog.lineStarts(b);
            b[(int) starts[2] + 25] ^= 0x10;  // inside entry 2
            Files.write(log.file(), b);
            log.open();
            int problems = log.engine.verify().problems().size();
            assertTrue(problems > 0);
            assertEquals(List.of(0, problems), metrics.verified);
        }
    }

    /** What the engine reported, in order. */
    private static final class Recorded implements LogMetrics {
        final List<Long> appended = new CopyOnWriteArrayList<>();
        final List<Long> fsynced = new CopyOnWriteArrayList<>();
        final List<Long> recovered = new CopyOnWriteArrayList<>();
        final List<Integer> verified = new CopyOnWriteArrayList<>();

        @Override
        public void appended(long nanos) {
            appended.add(nanos);
        }

        @Override
        public void fsynced(long nanos) {
            fsynced.add(nanos);
        }

        @Override
        public void recovered(long bytesCut) {
            recovered.add(bytesCut);
        }

        @Override
        public void verified(int problems) {
            verified.add(problems);
        }
    }

    /** A real file whose fsync takes {@link #SLOW_FSYNC_MILLIS} longer: a slow disk, not a synchronisation. */
    private static final class SlowFsync extends ForwardingChannel {
        SlowFsync(Path path, java.nio.file.OpenOption... options) throws IOException {
            super(FileChannel.open(path, options));
        }

        @Override
        public void force(boolean metaData) throws IOException {
            try {
                Thread.sleep(SLOW_FSYNC_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
            delegate.force(metaData);
        }
    }
}
