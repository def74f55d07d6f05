package dev.activitylog.log.control;

import dev.activitylog.log.entity.Entry;
import dev.activitylog.log.entity.RetentionStatus;
import dev.activitylog.log.entity.SegmentInfo;
import dev.activitylog.testing.SettableClock;
import dev.activitylog.testing.Tamper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the segments view says of each segment's last check, and the health page of retention. */
class SegmentChecksTest {
    @TempDir
    Path dir;

    private TestLog log(RetentionPolicy policy, SettableClock clock) {
        return new TestLog(dir, LogConfig.defaults(dir).withClock(clock).withSegments(1_000, null)
                .withRetention(policy), FileChannel::open);
    }

    @Test
    void verifyRecordsEachSegmentsCheckAndARestartRemembersIt() throws IOException {
        SettableClock clock = new SettableClock(Instant.parse("2026-12-01T10:00:00Z"));
        try (TestLog log = log(null, clock)) {
            List<Entry> written = log.appendMany(30, "alice");
            List<SegmentInfo> before = log.engine.segments();
            assertTrue(before.size() > 2, "several segments: " + before);
            assertTrue(before.stream().allMatch(s -> s.verified() == null), "never checked yet");

            // Damage an entry of the second segment: only its row shows problems.
            SegmentInfo damaged = before.get(1);
            Tamper.editInPlace(Path.of(damaged.file()), damaged.firstSeq(), "alice", "mallo");
            clock.advance(Duration.ofMinutes(5));
            assertFalse(log.engine.verify().ok());

            List<SegmentInfo> after = log.engine.segments();
            for (SegmentInfo s : after) {
                assertNotNull(s.verified(), s.file());
                assertEquals(clock.instant(), s.verified().at(), s.file());
                assertEquals(s.lastSeq(), s.verified().upToSeq(), s.file());
                assertEquals(s.firstSeq() == damaged.firstSeq(), s.verified().problems() > 0, s.toString());
            }
            assertEquals(written.get(written.size() - 1).seq(), after.get(after.size() - 1).verified().upToSeq(),
                    "the active segment's check says up to which entry");

            log.restart();
            assertEquals(after, log.engine.segments(), "a restart remembers the checks");
        }
    }

    @Test
    void healthSaysWhatRetentionIsSetToDoWhatItDidAndWhatGoesNext() {
        SettableClock clock = new SettableClock(Instant.parse("2026-12-01T10:00:00Z"));
        RetentionPolicy policy = new RetentionPolicy(Duration.ofDays(30), 0, RetentionPolicy.Action.ARCHIVE,
                dir.resolve("archive"));
        try (TestLog log = log(policy, clock)) {
            RetentionStatus none = log.engine.health().retention();
            assertEquals("archive segments sealed more than PT720H ago, to " + dir.resolve("archive"), none.policy());
            assertNull(none.lastRun(), "not run yet");
            assertNull(none.nextRun());
            assertTrue(none.next().startsWith("none: nothing is sealed yet"), none.next());

            log.appendMany(30, "alice");
            Instant sealed = clock.instant();
            RetentionStatus waiting = log.engine.health().retention();
            assertEquals("activity.log, sealed " + sealed + ": due " + sealed.plus(Duration.ofDays(30)), waiting.next());

            clock.advance(Duration.ofDays(31));
            List<String> removed = log.engine.applyRetention();
            assertFalse(removed.isEmpty());
            RetentionStatus ran = log.engine.health().retention();
            assertEquals(clock.instant(), ran.lastRun());
            assertEquals(clock.instant().plusSeconds(LogConfig.MAINTENANCE_SECONDS), ran.nextRun());
            assertTrue(ran.lastResult().startsWith("removed " + removed.size() + ": activity.log entries=1.."),
                    ran.lastResult());
            assertEquals(List.of(ran.lastRun().toString(), ran.lastResult()),
                    List.of(ran.lastRemoval().toString(), ran.lastRemoved()));

            // An archive was read back and compared before its segment was removed: that counts as its check.
            List<SegmentInfo> archived = log.engine.segments().stream()
                    .filter(s -> s.state() == SegmentInfo.State.ARCHIVED).toList();
            assertEquals(removed.size(), archived.size());
            for (SegmentInfo a : archived) {
                assertEquals(new SegmentInfo.Verified(clock.instant(), a.lastSeq(), 0), a.verified(), a.file());
            }

            // A later run that finds nothing to remove does not hide the last removal.
            clock.advance(Duration.ofSeconds(LogConfig.MAINTENANCE_SECONDS));
            assertEquals(List.of(), log.engine.applyRetention());
            RetentionStatus later = log.engine.health().retention();
            assertEquals("nothing to remove", later.lastResult());
            assertEquals(List.of(ran.lastRun().toString(), ran.lastResult()),
                    List.of(later.lastRemoval().toString(), later.lastRemoved()));
        }
    }

    @Test
    void withoutRetentionHealthSaysNothingIsRemoved() {
        try (TestLog log = log(null, new SettableClock(Instant.parse("2026-12-01T10:00:00Z")))) {
            assertNull(log.engine.health().retention());
        }
    }
}
