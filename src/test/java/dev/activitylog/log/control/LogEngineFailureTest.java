package dev.activitylog.log.control;

import dev.activitylog.log.entity.Durability;
import dev.activitylog.log.entity.Entry;
import dev.activitylog.log.entity.EntryQuery;
import dev.activitylog.log.entity.Health;
import dev.activitylog.log.entity.LogState;
import dev.activitylog.log.entity.LogUnavailableException;
import dev.activitylog.log.entity.LogWriteException;
import dev.activitylog.log.entity.NewEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The engine when things fail: a write that fails part way, a failed fsync, an unusable directory, a second engine
 * on the same directory, an index database shut down underneath, an interrupted reader. Each says what a caller
 * sees and that nothing acknowledged is lost. The ordinary paths: {@link LogEngineTest}.
 */
class LogEngineFailureTest {
    @TempDir
    Path dir;

    @Test
    void aWriteThatFailsPartWayLeavesTheFileAsItWasAndTheNextAppendWorks() throws Exception {
        FaultyChannel.Faults faults = new FaultyChannel.Faults();
        try (TestLog log = new TestLog(dir, LogConfig.defaults(dir), faults)) {
            log.appendMany(5, "alice");
            byte[] before = log.bytes();
            faults.writeBytesBeforeFailure = 17;
            LogWriteException e = assertThrows(LogWriteException.class,
                    () -> log.engine.append(NewEntry.of("bob", "upload", null, "big")));
            assertTrue(e.getMessage().contains("nothing was stored") && e.getMessage().contains("NO_SPACE"), e.getMessage());
            assertArrayEquals(before, log.bytes(), "the partial line was rolled back");
            assertEquals(LogState.AVAILABLE, log.engine.health().state());
            assertEquals(5, log.engine.health().entries());

            faults.heal();
            Entry next = log.engine.append(NewEntry.of("bob", "upload", null, "after space was freed"));
            assertEquals(6, next.seq());
            log.restart();
            assertTrue(log.engine.health().lastRecovery().clean(), () -> log.engine.health().lastRecovery().summary());
            assertEquals(next, log.engine.read(6).orElseThrow());
        }
    }

    @Test
    void aFailedFsyncStopsWritesButNotReadsUntilTheLogIsReopened() {
        FaultyChannel.Faults faults = new FaultyChannel.Faults();
        try (TestLog log = new TestLog(dir, LogConfig.defaults(dir).withDurability(Durability.FSYNC), faults)) {
            List<Entry> written = log.appendMany(3, "alice");
            faults.failForce = true;
            assertThrows(LogWriteException.class, () -> log.engine.append(NewEntry.of("bob", "x", null, null)));
            Health h = log.engine.health();
            assertEquals(LogState.READ_ONLY, h.state());
            assertTrue(h.cause().contains("fsync failed"), h.cause());
            faults.heal();
            LogWriteException refused = assertThrows(LogWriteException.class,
                    () -> log.engine.append(NewEntry.of("bob", "y", null, null)));
            assertTrue(refused.getMessage().contains("read-only"), refused.getMessage());
            assertEquals(written.get(2), log.engine.read(3).orElseThrow(), "reads go on");

            log.engine.maintain();
            assertEquals(LogState.AVAILABLE, log.engine.health().state());
            assertEquals(4, log.engine.append(NewEntry.of("bob", "z", null, null)).seq(),
                    "the unacknowledged entry was rolled back, so its number is reused");
        }
    }

    @Test
    void aDirectoryThatIsAFileMakesTheLogUnavailableUntilFixed() throws Exception {
        Path notADir = dir.resolve("logdir");
        Files.writeString(notADir, "I am a file");
        try (TestLog log = new TestLog(notADir, LogConfig.defaults(notADir), java.nio.channels.FileChannel::open)) {
            Health h = log.engine.health();
            assertEquals(LogState.UNAVAILABLE, h.state());
            assertTrue(h.cause().contains(notADir.toString()) && h.cause().contains("not a directory"), h.cause());
            LogUnavailableException e = assertThrows(LogUnavailableException.class,
                    () -> log.engine.append(NewEntry.of("a", "b", null, null)));
            assertEquals(LogUnavailableException.Reason.NOT_A_DIRECTORY, e.reason());
            assertThrows(LogUnavailableException.class, () -> log.engine.read(1));

            Files.delete(notADir);
            assertEquals(1, log.engine.append(NewEntry.of("a", "b", null, null)).seq(), "recovers on the next call");
            assertEquals(LogState.AVAILABLE, log.engine.health().state());
        }
    }

    @Test
    void aSecondEngineOnTheSameDirectoryIsRefused() {
        try (TestLog first = new TestLog(dir)) {
            first.appendMany(1, "alice");
            LogEngine second = LogEngine.start(first.config, org.h2.jdbcx.JdbcConnectionPool.create(
                    "jdbc:h2:mem:other", "sa", ""));
            try {
                Health h = second.health();
                assertEquals(LogState.UNAVAILABLE, h.state());
                assertTrue(h.cause().contains("in use"), h.cause());
            } finally {
                second.close();
            }
            assertEquals(2, first.engine.append(NewEntry.of("alice", "still", null, null)).seq());
        }
    }

    @Test
    void closingARefusedEngineLeavesTheRunningEngineAndItsIndexAlone() {
        try (TestLog first = new TestLog(dir)) {
            List<Entry> written = first.appendMany(10, "alice");
            first.engine.maintain();  // the rows are in the index database now, not only in memory
            // A redeployment that starts before the old one closed: same directory, same embedded database.
            org.h2.jdbcx.JdbcConnectionPool pool = org.h2.jdbcx.JdbcConnectionPool.create(
                    LogConfig.embeddedIndexUrl(dir), "sa", "");
            LogEngine second = LogEngine.start(first.config, pool);
            assertEquals(LogState.UNAVAILABLE, second.health().state());
            assertEquals(LogUnavailableException.Reason.IN_USE,
                    assertThrows(LogUnavailableException.class, () -> second.read(1)).reason());
            second.close();
            pool.dispose();

            assertFalse(Files.exists(dir.resolve("index").resolve("activity-index.clean")),
                    "the refused engine did not mark a database in use as cleanly closed");
            assertEquals(LogState.AVAILABLE, first.engine.health().state(), first.engine.health().cause());
            assertEquals(written.get(0), first.engine.read(1).orElseThrow());
            assertEquals(10, first.engine.query(EntryQuery.newest(50)).entries().size());
            assertTrue(first.engine.verify().ok());
            assertEquals(11, first.engine.append(NewEntry.of("alice", "still", null, null)).seq());
        }
    }

    @Test
    void anIndexDatabaseShutDownUnderTheEngineIsNotReportedAvailable() {
        try (TestLog log = new TestLog(dir)) {
            log.appendMany(10, "alice");
            log.engine.maintain();
            log.sql("SHUTDOWN");
            Health h = log.engine.health();
            assertEquals(LogState.DEGRADED, h.state());
            assertTrue(h.cause().contains("index database"), h.cause());
        }
    }

    @Test
    void anInterruptedReaderDoesNotCloseTheFileForOthers() throws Exception {
        try (TestLog log = new TestLog(dir)) {
            List<Entry> written = log.appendMany(10, "alice");
            Thread.currentThread().interrupt();
            try {
                assertEquals(written.get(4), log.engine.read(5).orElseThrow());
                assertTrue(Thread.currentThread().isInterrupted(), "the caller's interrupt status is kept");
            } finally {
                Thread.interrupted();
            }
            AtomicReference<Entry> other = new AtomicReference<>();
            Thread t = new Thread(() -> other.set(log.engine.read(6).orElseThrow()));
            t.start();
            t.join();
            assertEquals(written.get(5), other.get());
            assertEquals(11, log.engine.append(NewEntry.of("bob", "after", null, null)).seq());
        }
    }
}
