package dev.activitylog.metrics.control;

import dev.activitylog.log.entity.Durability;
import dev.activitylog.log.entity.Health;
import dev.activitylog.log.entity.LogState;
import org.junit.jupiter.api.Test;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The engine's reports as the documented meters (docs/deployment.md, "Metrics"), whatever the library. */
class MeterRecorderTest {
    private final AtomicReference<Health> health = new AtomicReference<>();
    private final Map<LogMeter, Long> counted = new EnumMap<>(LogMeter.class);
    private final Map<LogMeter, List<Long>> timed = new EnumMap<>(LogMeter.class);
    private final MeterRecorder recorder = new MeterRecorder(health::get) {
        @Override
        protected void time(LogMeter timer, long nanos) {
            assertEquals(LogMeter.Kind.TIMER, timer.kind);
            timed.merge(timer, List.of(nanos), (a, b) -> java.util.stream.Stream.concat(a.stream(), b.stream()).toList());
        }

        @Override
        protected void add(LogMeter counter, long amount) {
            assertEquals(LogMeter.Kind.COUNTER, counter.kind);
            counted.merge(counter, amount, Long::sum);
        }

        @Override
        public void close() {
        }
    };

    @Test
    void durationsGoToTheirTimers() {
        recorder.appended(5);
        recorder.appended(7);
        recorder.fsynced(3);
        recorder.lockWaited(11);
        assertEquals(Map.of(LogMeter.APPEND, List.of(5L, 7L), LogMeter.FSYNC, List.of(3L),
                LogMeter.LOCK_WAIT, List.of(11L)), timed);
    }

    @Test
    void onlyARecoveryThatCutCountsACutWithItsBytes() {
        recorder.recovered(0);
        assertEquals(Map.of(), counted);
        recorder.recovered(120);
        recorder.recovered(30);
        assertEquals(Map.of(LogMeter.RECOVERY_CUTS, 2L, LogMeter.RECOVERY_CUT_BYTES, 150L), counted);
    }

    @Test
    void theProblemsGaugeIsTheLastVerifysAndEveryVerifyCounts() {
        assertEquals(0, recorder.gauge(LogMeter.VERIFY_PROBLEMS));
        recorder.verified(3);
        assertEquals(3, recorder.gauge(LogMeter.VERIFY_PROBLEMS));
        recorder.verified(0);
        assertEquals(0, recorder.gauge(LogMeter.VERIFY_PROBLEMS), "the damage is gone: so is the alarm");
        assertEquals(Map.of(LogMeter.VERIFY_RUNS, 2L), counted);
    }

    @Test
    void theIndexLagIsReadFromHealthAtEachScrape() {
        assertTrue(Double.isNaN(recorder.gauge(LogMeter.INDEX_LAG)), "no engine yet: no value");
        health.set(health(10, 7));
        assertEquals(3, recorder.gauge(LogMeter.INDEX_LAG));
        health.set(health(12, 12));
        assertEquals(0, recorder.gauge(LogMeter.INDEX_LAG));
        assertThrows(IllegalArgumentException.class, () -> recorder.gauge(LogMeter.APPEND));
    }

    @Test
    void everyMeterHasADistinctDocumentedName() {
        assertEquals(LogMeter.values().length,
                java.util.Arrays.stream(LogMeter.values()).map(m -> m.id).distinct().count());
        for (LogMeter m : LogMeter.values()) {
            assertTrue(m.id.startsWith("activitylog."), m.id);
        }
    }

    @Test
    void bucketsAreCumulativeWithInclusiveBoundsInSeconds() {
        assertEquals(List.of("0.0001", "0.0005", "0.001", "0.005", "0.01", "0.05", "0.1", "0.5", "1", "5", "+Inf"),
                LogMeter.BUCKET_LABELS);
        assertEquals(0, LogMeter.firstBucket(0));
        assertEquals(0, LogMeter.firstBucket(100_000), "le: the bound itself is in the bucket");
        assertEquals(1, LogMeter.firstBucket(100_001));
        assertEquals(2, LogMeter.firstBucket(700_000));
        assertEquals(9, LogMeter.firstBucket(5_000_000_000L));
        assertEquals(10, LogMeter.firstBucket(5_000_000_001L), "only +Inf");
    }

    private static Health health(long entries, long indexed) {
        return new Health(LogState.AVAILABLE, null, "/log", 0, 1, 0, entries, indexed, Durability.NONE, null, List.of(),
                null, null, null, null, "local");
    }
}
