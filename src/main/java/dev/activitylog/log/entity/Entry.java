package dev.activitylog.log.entity;

import java.time.Instant;

/** An entry as stored: {@code subject} and {@code detail} are empty strings, never null, when absent. */
public record Entry(long seq, Instant time, String actor, String action, String subject, String detail) {
}
