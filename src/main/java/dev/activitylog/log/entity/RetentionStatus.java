package dev.activitylog.log.entity;

import java.time.Instant;

/**
 * What retention is set to do and what it did last, for the health page and {@code GET /api/health}.
 *
 * @param policy     the setting in words (what is removed, and whether archived or deleted, where to)
 * @param lastRun    when it last ran, or null: not yet since the log opened
 * @param lastResult what that run did
 * @param nextRun    when it runs next (the maintenance period after the last run), or null: at the next tick
 * @param next       which segment goes next, and when or why; or why none does
 * @param lastRemoval when a run last removed segments, or null: none since the log opened (later runs that found
 *                    nothing to remove do not hide it)
 * @param lastRemoved what that run removed
 */
public record RetentionStatus(String policy, Instant lastRun, String lastResult, Instant nextRun, String next,
                              Instant lastRemoval, String lastRemoved) {
}
