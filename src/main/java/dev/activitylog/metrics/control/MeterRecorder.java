package dev.activitylog.metrics.control;

import dev.activitylog.log.control.LogMetrics;
import dev.activitylog.log.entity.Health;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * What the engine tells ({@link LogMetrics}) turned into {@link LogMeter}s, once for every library: an adapter only
 * says how a timer records and a counter counts, registers every meter with {@link #gauge} as the gauges' value,
 * and removes them on {@link #close}.
 */
public abstract class MeterRecorder implements LogMetrics, AutoCloseable {
    /** Records nothing: for a server without a metrics library. */
    public static final MeterRecorder NONE = new MeterRecorder(() -> null) {
        @Override
        protected void time(LogMeter timer, long nanos) {
        }

        @Override
        protected void add(LogMeter counter, long amount) {
        }

        @Override
        public void close() {
        }

        @Override
        public String toString() {
            return "none (the server offers no metrics library this application knows)";
        }
    };

    private final Supplier<Health> health;
    private final AtomicInteger lastProblems = new AtomicInteger();

    /** @param health the log's health, read for the gauges at each scrape (null while there is no engine yet) */
    protected MeterRecorder(Supplier<Health> health) {
        this.health = health;
    }

    /** Records one duration on a {@link LogMeter.Kind#TIMER}. Must not throw or block. */
    protected abstract void time(LogMeter timer, long nanos);

    /** Adds to a {@link LogMeter.Kind#COUNTER}. Must not throw or block. */
    protected abstract void add(LogMeter counter, long amount);

    /** Removes the meters from the registry (the deployment ends: the gauges must not keep reading its engine). */
    @Override
    public abstract void close();

    /** A {@link LogMeter.Kind#GAUGE}'s value now; NaN when it has none (no engine yet). */
    public double gauge(LogMeter gauge) {
        return switch (gauge) {
            case INDEX_LAG -> {
                Health h = health.get();
                yield h == null ? Double.NaN : h.indexLag();
            }
            case VERIFY_PROBLEMS -> lastProblems.get();
            default -> throw new IllegalArgumentException(gauge + " is not a gauge");
        };
    }

    @Override
    public void appended(long nanos) {
        time(LogMeter.APPEND, nanos);
    }

    @Override
    public void fsynced(long nanos) {
        time(LogMeter.FSYNC, nanos);
    }

    @Override
    public void lockWaited(long nanos) {
        time(LogMeter.LOCK_WAIT, nanos);
    }

    @Override
    public void recovered(long bytesCut) {
        if (bytesCut > 0) {
            add(LogMeter.RECOVERY_CUTS, 1);
            add(LogMeter.RECOVERY_CUT_BYTES, bytesCut);
        }
    }

    @Override
    public void verified(int problems) {
        lastProblems.set(problems);
        add(LogMeter.VERIFY_RUNS, 1);
    }
}
