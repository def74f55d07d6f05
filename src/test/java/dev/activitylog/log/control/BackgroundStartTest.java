package dev.activitylog.log.control;

import dev.activitylog.log.entity.Entry;
import dev.activitylog.log.entity.EntryQuery;
import dev.activitylog.log.entity.Health;
import dev.activitylog.log.entity.LogState;
import dev.activitylog.log.entity.LogUnavailableException;
import dev.activitylog.log.entity.LogUnavailableException.Reason;
import dev.activitylog.log.entity.NewEntry;
import dev.activitylog.log.entity.RecoveryReport;
import dev.activitylog.log.entity.StartProgress;
import dev.activitylog.log.entity.VerifyReport;
import dev.activitylog.testing.TestIndex;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A start that runs in the background ({@link LogEngine#open}): a full rebuild of a log of many segments is held at
 * a known segment by the test hook, and health, calls and close are checked while it is held there.
 */
class BackgroundStartTest {
    /** About 8 entries of TestLog.appendMany per segment. */
    private static final long SMALL = 1_000;
    private static final Duration CALL_WAIT = Duration.ofMillis(300);
    /** Only a bound against a hung test: every wait below returns as soon as its condition holds. */
    private static final long DEADLINE_SECONDS = 60;

    @TempDir
    Path dir;

    /** Holds the opening thread at the first checkpoint whose step is {@code step}, until released. */
    private static final class Hold implements Consumer<StartProgress> {
        final String step;
        final CountDownLatch reached = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        /** The progress the hook saw there (written by the opening thread before {@link #reached}). */
        StartProgress seen;

        Hold(String step) {
            this.step = step;
        }

        @Override
        public void accept(StartProgress p) {
            if (seen == null && p.step().equals(step)) {
                seen = p;
                reached.countDown();
                try {
                    release.await(DEADLINE_SECONDS, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        void awaitReached() throws InterruptedException {
            assertTrue(reached.await(DEADLINE_SECONDS, TimeUnit.SECONDS), "the start never reached: " + step);
        }
    }

    /** A log of many sealed segments whose index is lost: the next start rebuilds it segment by segment. */
    private TestLog logToRebuild(List<Entry> written) throws IOException {
        TestLog log = new TestLog(dir, LogConfig.defaults(dir).withSegments(SMALL, null), FileChannel::open);
        written.addAll(log.appendMany(100, "alice"));
        log.stop();
        log.deleteIndexFiles();
        return log;
    }

    /** The segment files, oldest first. */
    private List<Path> segmentFiles() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().matches("activity\\.log|\\d{20}\\.log"))
                    .sorted(Comparator.comparingLong(BackgroundStartTest::firstSeq)).toList();
        }
    }

    private static long firstSeq(Path segment) {
        String name = segment.getFileName().toString();
        return name.equals("activity.log") ? 1 : Long.parseLong(name.substring(0, 20));
    }

    /** How the start names its work on the third sealed segment. */
    private static String thirdOf(List<Path> files) {
        return "indexing sealed segment 3 of " + (files.size() - 1) + " (" + files.get(2).getFileName() + ")";
    }

    @Test
    void whileARebuildRunsHealthSaysHowFarAndCallsWaitThenFailTypedUntilItIsOpen() throws Exception {
        List<Entry> written = new java.util.ArrayList<>();
        try (TestLog log = logToRebuild(written)) {
            List<Path> files = segmentFiles();
            assertTrue(files.size() > 5, "many segments: " + files);
            Hold hold = new Hold(thirdOf(files));
            log.openInBackground(CALL_WAIT, hold);
            hold.awaitReached();

            Health h = log.engine.health();
            assertEquals(LogState.STARTING, h.state());
            assertTrue(h.cause().contains("opening and recovering"), h.cause());
            StartProgress p = h.progress();
            assertEquals(hold.step, p.step());
            assertEquals(firstSeq(files.get(2)) - 1, p.entriesIndexed(), "the first two segments' entries");
            assertEquals(Files.size(files.get(0)) + Files.size(files.get(1)), p.bytesDone());
            long total = 0;
            for (Path f : files.subList(0, files.size() - 1)) {
                total += Files.size(f);
            }
            Path active = files.get(files.size() - 1);
            byte[] activeBytes = Files.readAllBytes(active);
            int headerLength = new String(activeBytes, StandardCharsets.UTF_8).indexOf('\n') + 1;
            assertEquals(total + activeBytes.length - headerLength, p.bytesTotal(),
                    "every sealed segment and the active one after its header");

            assertWaitsThenFailsStarting(() -> log.engine.append(NewEntry.of("bob", "late", "s", "")), hold.step);
            assertWaitsThenFailsStarting(() -> log.engine.read(1), hold.step);
            assertWaitsThenFailsStarting(() -> log.engine.query(EntryQuery.newest(10)), hold.step);
            assertWaitsThenFailsStarting(() -> log.engine.segments(), hold.step);
            assertWaitsThenFailsStarting(() -> log.engine.verify(), hold.step);
            // Maintenance runs under the container's lock: it must not wait for the start at all.
            assertTimeoutPreemptively(Duration.ofSeconds(DEADLINE_SECONDS), log.engine::maintain);
            assertEquals(LogState.STARTING, log.engine.health().state(), "still held");

            hold.release.countDown();
            assertTrue(log.engine.awaitStart(Duration.ofSeconds(DEADLINE_SECONDS)));
            h = log.engine.health();
            assertEquals(LogState.AVAILABLE, h.state(), h.cause());
            assertNull(h.progress());
            assertEquals(100, h.entries(), "the refused append stored nothing");
            assertTrue(h.lastRecovery().indexRebuilt(), h.lastRecovery().summary());
            assertEquals(101, log.engine.append(NewEntry.of("bob", "after", "s", "")).seq());
            for (Entry e : written) {
                assertEquals(e, log.engine.read(e.seq()).orElseThrow());
            }
        }
    }

    private static void assertWaitsThenFailsStarting(Executable call, String step) {
        long t0 = System.nanoTime();
        LogUnavailableException e = assertThrows(LogUnavailableException.class, call);
        long waited = System.nanoTime() - t0;
        assertEquals(Reason.STARTING, e.reason(), e.getMessage());
        assertTrue(e.getMessage().contains(step), e.getMessage());
        assertTrue(waited >= CALL_WAIT.toNanos(), "failed after " + waited / 1_000_000 + " ms, before the bound");
    }

    @Test
    void aCloseDuringTheRebuildStopsAtTheNextSegmentLeavesTheFilesAloneAndTheNextStartGoesOn() throws Exception {
        List<Entry> written = new java.util.ArrayList<>();
        try (TestLog log = logToRebuild(written)) {
            List<Path> files = segmentFiles();
            Map<Path, byte[]> before = contents();
            Hold hold = new Hold(thirdOf(files));
            log.openInBackground(CALL_WAIT, hold);
            hold.awaitReached();

            Thread closer = new Thread(log.engine::close, "test-closer");
            closer.start();
            // close asks the start to stop, then waits for the write lock the opening thread holds.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEADLINE_SECONDS);
            while (closer.getState() != Thread.State.WAITING) {
                assertTrue(System.nanoTime() < deadline, "close never waited for the opening thread");
                Thread.onSpinWait();
            }
            hold.release.countDown();
            closer.join(TimeUnit.SECONDS.toMillis(DEADLINE_SECONDS));
            assertFalse(closer.isAlive(), "close returned");
            assertEquals(LogState.CLOSED, log.engine.health().state());

            Map<Path, byte[]> after = contents();
            assertEquals(before.keySet(), after.keySet(), "no file added or removed");
            for (Path f : before.keySet()) {
                assertArrayEquals(before.get(f), after.get(f), f + " untouched");
            }
            assertTrue(Files.exists(dir.resolve("index").resolve("activity-index.clean")), "shut down cleanly");
            log.stop();
            long stoppedAt = firstSeq(files.get(2));
            assertEquals(stoppedAt - 1, rowsInIndex(), "the index holds the first two segments, whole");

            log.open();
            Health h = log.engine.health();
            assertEquals(LogState.AVAILABLE, h.state(), h.cause());
            RecoveryReport r = h.lastRecovery();
            assertTrue(r.actions().contains("indexed " + (files.size() - 3) + " sealed segments from entry " + stoppedAt),
                    r.actions().toString());
            assertEquals(100, log.indexRows(), "every entry indexed");
            for (Entry e : written) {
                assertEquals(e, log.engine.read(e.seq()).orElseThrow());
            }
            VerifyReport v = log.engine.verify();
            assertTrue(v.ok(), v.summary());
        }
    }

    @Test
    void aFailedBackgroundOpenEndsUnavailableWithItsCause() throws Exception {
        Files.writeString(dir.resolve(LogConfig.DEFAULT_FILE_NAME), "not a log at all\n");
        try (TestLog log = new TestLog(dir)) {
            log.stop();
            log.openInBackground(CALL_WAIT, p -> { });
            assertTrue(log.engine.awaitStart(Duration.ofSeconds(DEADLINE_SECONDS)));
            Health h = log.engine.health();
            assertEquals(LogState.UNAVAILABLE, h.state());
            assertNull(h.progress());
            assertTrue(h.cause().contains("not an activity log file"), h.cause());
            LogUnavailableException e = assertThrows(LogUnavailableException.class,
                    () -> log.engine.append(NewEntry.of("bob", "x", "s", "")));
            assertEquals(Reason.NOT_A_LOG, e.reason());
        }
    }

    /** Rows in the index database, counted through a pool of its own (the engine's is gone with it). */
    private long rowsInIndex() throws SQLException {
        JdbcConnectionPool pool = TestIndex.pool(dir);
        try {
            return TestLog.rows(pool).size();
        } finally {
            pool.dispose();
        }
    }

    private Map<Path, byte[]> contents() throws IOException {
        Map<Path, byte[]> out = new LinkedHashMap<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
                if (!p.getFileName().toString().endsWith(".lock")) {
                    out.put(p, Files.readAllBytes(p));
                }
            }
        }
        return out;
    }
}
