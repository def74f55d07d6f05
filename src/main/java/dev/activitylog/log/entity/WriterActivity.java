package dev.activitylog.log.entity;

/**
 * What the writer is busy with at this moment ({@link Health#writer()}): how long the log's write lock has been held
 * by one holder (an append, maintenance, a reopen) and how long the running fsync has taken; 0 when idle. Liveness is
 * judged from these (docs/deployment.md, "MicroProfile Health").
 *
 * @param lockHeldMillis how long the current holder has held the write lock, 0 if nobody holds it
 * @param lockHolder     the holding thread's name, or null
 * @param fsyncMillis    how long the running group fsync has taken, 0 if none runs
 */
public record WriterActivity(long lockHeldMillis, String lockHolder, long fsyncMillis) {
    public static final WriterActivity IDLE = new WriterActivity(0, null, 0);
}
