package dev.activitylog.log.entity;

import java.util.List;

/**
 * The log's state for operators and monitors.
 *
 * @param cause        why the log is not AVAILABLE (null when it is)
 * @param path         the active segment, the file appended to
 * @param fileSize     its size
 * @param segments     how many segment files the log has (1 until the first roll)
 * @param bytes        the size of all of them
 * @param entries      entries in the file (the last sequence number)
 * @param indexed      entries whose index row is committed; {@code entries - indexed} is the index lag
 * @param corruptSeq   entries known to fail their checksum
 * @param indexProblem the last index failure, if the index is behind because of one
 * @param progress     what the start is doing while the state is STARTING, else null
 * @param retention    what retention does and did, or null: no retention is set, every segment is kept
 * @param writer       what the writer is busy with now: how long the write lock is held, an fsync runs
 * @param node         this node's id ({@code activitylog.node}): the name of its rows and lines in a shared index
 */
public record Health(LogState state, String cause, String path, long fileSize, int segments, long bytes,
                     long entries, long indexed,
                     Durability durability, RecoveryReport lastRecovery, List<Long> corruptSeq, String indexProblem,
                     StartProgress progress, RetentionStatus retention, WriterActivity writer, String node) {
    public Health {
        corruptSeq = List.copyOf(corruptSeq);
    }

    public long indexLag() {
        return entries - indexed;
    }
}
