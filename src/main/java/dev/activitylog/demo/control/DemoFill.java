package dev.activitylog.demo.control;

import dev.activitylog.log.entity.Health;
import dev.activitylog.log.entity.LogState;
import dev.activitylog.log.entity.NewEntry;

import java.util.List;
import java.util.function.Consumer;

/**
 * Puts the demo entries into a new log: only one that is available and has never had an entry (the last sequence
 * number is 0), so a log with real entries, or one whose entries retention removed, is never touched.
 */
public final class DemoFill {
    private DemoFill() {
    }

    /**
     * Appends {@code entries} one by one through {@code append} when {@code health} shows an available log without
     * entries.
     *
     * @return how many were appended: all of them, or 0 when the log was left alone
     */
    public static int fillIfEmpty(Health health, Consumer<NewEntry> append, List<NewEntry> entries) {
        if (health.state() != LogState.AVAILABLE || health.entries() > 0) {
            return 0;
        }
        entries.forEach(append);
        return entries.size();
    }
}
