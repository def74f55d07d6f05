package dev.activitylog.log.control;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

final class Times {
    private Times() {
    }

    static long micros(Instant t) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, t);
    }

    static Instant ofMicros(long micros) {
        return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
    }
}
