package dev.activitylog.log.control;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Instants as the index stores them: microseconds since the epoch. */
final class Times {
    private Times() {
    }

    /**
     * Exact for about 292,000 years either side of 1970 ({@code ChronoUnit.MICROS.between} counts in nanoseconds and
     * overflows past 2262 and before 1677); {@link ArithmeticException} beyond that.
     */
    static long micros(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1_000);
    }

    static Instant ofMicros(long micros) {
        return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
    }
}
