package dev.activitylog.log.control;

import dev.activitylog.log.entity.Durability;
import dev.activitylog.log.entity.Health;
import dev.activitylog.log.entity.LogState;
import dev.activitylog.log.entity.SegmentInfo;
import dev.activitylog.log.entity.StartProgress;
import dev.activitylog.log.entity.WriterActivity;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The rules of the startup, liveness and readiness checks (docs/deployment.md, "MicroProfile Health"). */
class HealthProbesTest {
    private static final Duration LOCK_WAIT = Duration.ofSeconds(10);
    private static final long STUCK = HealthProbes.STUCK_AFTER.toMillis();

    @Test
    void startupIsDownWhileRecoveryRunsWithHowFarAndUpOnceItEndedWhateverTheOutcome() {
        HealthProbes.Probe starting = HealthProbes.startup(health(LogState.STARTING, "recovering", 0, 0,
                new StartProgress("indexing sealed segment 3 of 12", 500, 250, 1000), WriterActivity.IDLE, List.of()));
        assertFalse(starting.up());
        assertEquals("STARTING", starting.data().get("state"));
        assertEquals("indexing sealed segment 3 of 12", starting.data().get("step"));
        assertEquals(25L, starting.data().get("percent"));

        assertTrue(HealthProbes.startup(healthy()).up());
        // An unopenable file ends the start too: readiness says the log is down, a restart would not open it.
        assertTrue(HealthProbes.startup(health(LogState.UNAVAILABLE, "not an activity log file", 0, 0, null,
                WriterActivity.IDLE, List.of())).up());
    }

    @Test
    void livenessIsDownOnlyForAWriterStuckPastTheBound() {
        assertTrue(HealthProbes.liveness(healthy()).up());
        assertTrue(HealthProbes.liveness(writer(LogState.AVAILABLE, new WriterActivity(STUCK - 1, "t", 0))).up(),
                "a long hold under the bound is still alive");

        HealthProbes.Probe fsync = HealthProbes.liveness(writer(LogState.AVAILABLE, new WriterActivity(0, null, STUCK)));
        assertFalse(fsync.up());
        assertTrue(((String) fsync.data().get("down")).contains("an fsync has been running for 60 s"), fsync::toString);
        assertEquals(STUCK, fsync.data().get("fsyncMillis"));

        HealthProbes.Probe lock = HealthProbes.liveness(writer(LogState.READ_ONLY,
                new WriterActivity(STUCK + 5_000, "http-worker-7", 0)));
        assertFalse(lock.up());
        assertTrue(((String) lock.data().get("down")).contains("held by http-worker-7 for 65 s"), lock::toString);
    }

    @Test
    void aRecoveryHoldingTheLockWithNoFileOpenIsNotStuck() {
        WriterActivity recovering = new WriterActivity(STUCK * 10, "activity-log-open", 0);
        assertTrue(HealthProbes.liveness(writer(LogState.STARTING, recovering)).up());
        assertTrue(HealthProbes.liveness(writer(LogState.UNAVAILABLE, recovering)).up(), "a reopen's recovery");
    }

    @Test
    void damageIsDataAndNeverDown() {
        Health damaged = health(LogState.AVAILABLE, null, 10, 10, null, WriterActivity.IDLE, List.of(3L, 7L));
        List<SegmentInfo> checked = List.of(
                segment(new SegmentInfo.Verified(Instant.EPOCH, 5, 2)), segment(null),
                segment(new SegmentInfo.Verified(Instant.EPOCH, 9, 1)));

        HealthProbes.Probe live = HealthProbes.liveness(damaged);
        assertTrue(live.up());
        assertEquals(2L, live.data().get("corruptEntries"));

        HealthProbes.Probe ready = HealthProbes.readiness(damaged, LOCK_WAIT, checked);
        assertTrue(ready.up(), ready::toString);
        assertEquals(2L, ready.data().get("corruptEntries"));
        assertEquals(3L, ready.data().get("verifyProblems"), "every segment's last check, summed");
        assertNull(ready.data().get("down"));
        assertFalse(HealthProbes.readiness(damaged, LOCK_WAIT, null).data().containsKey("verifyProblems"),
                "unknown is not zero");
    }

    @Test
    void readinessNeedsAnAvailableWritableLogWhoseIndexKeepsUp() {
        HealthProbes.Probe ready = HealthProbes.readiness(healthy(), LOCK_WAIT, List.of());
        assertTrue(ready.up());
        assertEquals("AVAILABLE", ready.data().get("state"));
        assertEquals(0L, ready.data().get("indexLag"));
        assertEquals(0L, ready.data().get("verifyProblems"));

        for (LogState down : List.of(LogState.STARTING, LogState.UNAVAILABLE, LogState.DEGRADED, LogState.READ_ONLY,
                LogState.CLOSED)) {
            HealthProbes.Probe p = HealthProbes.readiness(health(down, "why: " + down, 0, 0, null, WriterActivity.IDLE,
                    List.of()), LOCK_WAIT, null);
            assertFalse(p.up(), down::name);
            assertEquals("why: " + down, p.data().get("cause"));
            assertEquals("the log is " + down, p.data().get("down"));
        }

        long bound = HealthProbes.INDEX_LAG_BOUND;
        assertTrue(HealthProbes.readiness(health(LogState.AVAILABLE, null, bound + 10, 11, null, WriterActivity.IDLE,
                List.of()), LOCK_WAIT, null).up(), "a lag just under the bound");
        HealthProbes.Probe behind = HealthProbes.readiness(health(LogState.AVAILABLE, null, bound + 10, 10, null,
                WriterActivity.IDLE, List.of()), LOCK_WAIT, null);
        assertFalse(behind.up());
        assertEquals(bound, behind.data().get("indexLag"));

        HealthProbes.Probe locked = HealthProbes.readiness(writer(LogState.AVAILABLE,
                new WriterActivity(LOCK_WAIT.toMillis(), "maintenance", 0)), LOCK_WAIT, null);
        assertFalse(locked.up(), "an append now would wait past the access timeout");
        assertTrue(HealthProbes.liveness(writer(LogState.AVAILABLE, new WriterActivity(LOCK_WAIT.toMillis(),
                "maintenance", 0))).up(), "but that is not stuck yet");
    }

    @Test
    void theDataNamesNoPathSizeOrEntryCount() {
        Health h = health(LogState.AVAILABLE, null, 123_456, 123_450, null, WriterActivity.IDLE, List.of());
        for (HealthProbes.Probe p : List.of(HealthProbes.startup(h), HealthProbes.liveness(h),
                HealthProbes.readiness(h, LOCK_WAIT, List.of()))) {
            String all = p.data().toString();
            assertFalse(all.contains("/var/log/audit") || all.contains("123456") || all.contains("123450")
                    || all.contains("4096"), p::toString);
        }
    }

    private static Health healthy() {
        return writer(LogState.AVAILABLE, WriterActivity.IDLE);
    }

    private static Health writer(LogState state, WriterActivity w) {
        return health(state, null, 0, 0, null, w, List.of());
    }

    private static Health health(LogState state, String cause, long entries, long indexed, StartProgress progress,
                                 WriterActivity writer, List<Long> corrupt) {
        return new Health(state, cause, "/var/log/audit/activity.log", 4096, 1, 4096, entries, indexed,
                Durability.GROUP, null, corrupt, null, progress, null, writer, "local");
    }

    private static SegmentInfo segment(SegmentInfo.Verified verified) {
        return new SegmentInfo("activity.log", 1, 10, 100, SegmentInfo.State.SEALED, verified);
    }
}
