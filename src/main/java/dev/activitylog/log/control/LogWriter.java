package dev.activitylog.log.control;

import dev.activitylog.log.entity.Durability;
import dev.activitylog.log.entity.Entry;
import dev.activitylog.log.entity.LogWriteException;
import dev.activitylog.log.entity.NewEntry;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The open log file, from a recovery to its close: appends lines at the end, rolls a failed write back, fsyncs and
 * writes checkpoints. One per open; the engine's write lock serialises every method that writes. Readers see
 * {@link #size} and {@link #lastSeq} as volatile values, set only after the bytes are in the file.
 * <p>
 * After a failed fsync, or a failed write that could not be rolled back, the state of the file is unknown
 * (LevelDB, PostgreSQL): {@link #failure} is set and every later append is refused until the log is reopened.
 */
final class LogWriter {
    private static final Logger LOG = Logger.getLogger(LogWriter.class.getName());
    private static final long CHECKPOINT_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(60);

    final SegmentChannels channels;
    final LogLock lock;
    final GroupCommit commit;
    /** The active segment's fsync, measured: every fsync of appends goes through it. */
    private final GroupCommit.Force fsync;
    private final LogConfig config;
    private final byte[] chainSeed;
    /** The active segment's size. */
    private volatile long size;
    /** Bytes of the segments sealed since this open: the group commit counts positions across segments. */
    private volatile long base;
    private Instant segmentCreated;
    private volatile long lastSeq;
    private volatile String failure;
    /** The active segment's entries' places, for reads without an index row (replaced at each roll). */
    private volatile ActiveOffsets offsets;
    private byte[] lastHash;
    private long lastCheckpointSeq;
    /** Whether the active segment's last line is a checkpoint of the last entry (unknown after an open: no). */
    private boolean checkpointAtEnd;
    private final SharedChannel.Opener files;
    private long lastCheckpointNanos = System.nanoTime();

    /**
     * An entry in the file, its index row, the position its durability waits for (counted across segments), and the
     * checkpoint that sealed the previous segment if this append started a new one.
     */
    record Written(Entry entry, IndexRow row, long end, CheckpointLine seal) {
    }

    LogWriter(SegmentChannels channels, LogLock lock, Recovery.Result r, LogConfig config, SharedChannel.Opener files) {
        this.channels = channels;
        this.files = files;
        this.lock = lock;
        this.segmentCreated = r.activeHeader().created();
        this.config = config;
        this.size = r.size();
        this.lastSeq = r.lastSeq();
        this.lastHash = r.lastHash();
        this.chainSeed = r.chainSeed();
        this.lastCheckpointSeq = r.lastSeq();
        this.offsets = ActiveOffsets.open(channels.activeSegment(), r.lastSeq());
        this.fsync = ((GroupCommit.Force) channels::forceActive).timed(config.metrics());
        this.commit = new GroupCommit(() -> base + size, r.size(), fsync);
    }

    long size() {
        return size;
    }

    long lastSeq() {
        return lastSeq;
    }

    /** Why appends are refused, or null. */
    String failure() {
        return failure;
    }

    /**
     * Writes one valid entry at the end; with {@link Durability#FSYNC} also fsyncs it. Readers do not see it until
     * {@link #publish}: the caller first makes its index row findable, so that no reader sees a last number whose
     * row it cannot find (a page would skip it).
     */
    Written append(NewEntry e) {
        if (failure != null) {
            throw new LogWriteException("append refused: the log is read-only since " + failure
                    + "; it is reopened and recovered by the next maintenance run", null);
        }
        Instant time = LineCodec.truncate(config.clock().instant());
        CheckpointLine seal = Segments.rollDue(channels.activeSegment(), channels.activeVersion(), lastSeq, size,
                segmentCreated, config, time) ? roll(time) : null;
        Entry entry = EntryRules.stored(lastSeq + 1, time, e);
        LineCodec.Encoded enc = LineCodec.encodeEntry(LineCodec.CURRENT, entry, lastHash);
        long pos = size;
        write(enc.line(), pos);
        size = pos + enc.line().length;
        offsets.add(entry.seq(), pos, enc.line().length);
        checkpointAtEnd = false;
        lastHash = enc.hash();
        return new Written(entry, IndexRow.of(entry, pos, enc.line().length), base + size, seal);
    }

    /** Where a published entry of the active segment is, or null: appended before this writer's record began. */
    IndexRow activeRow(long seq) {
        return offsets.find(seq);
    }

    /** Makes the entry written last visible to readers. */
    void publish(Written w) {
        lastSeq = w.entry().seq();
    }

    /** Writes one line at the end; on failure the file is cut back to where it was, so no partial entry remains. */
    private void write(byte[] line, long pos) {
        SharedChannel channel = channels.active();
        try {
            channel.writeFully(ByteBuffer.wrap(line), pos);
        } catch (IOException e) {
            String rolledBack = rollback(pos, e);
            throw new LogWriteException("append failed, nothing was stored (" + Failures.reason(e) + ": "
                    + e.getMessage() + ")" + rolledBack, e);
        }
        if (config.durability() == Durability.FSYNC) {
            try {
                fsync.force();
            } catch (IOException e) {
                failure = "fsync failed at offset " + pos + ": " + e.getMessage();
                rollback(pos, e);
                throw new LogWriteException("append not acknowledged: fsync failed (" + e.getMessage()
                        + "); the log is read-only until it is reopened and recovered", e);
            }
        }
    }

    private String rollback(long pos, IOException cause) {
        try {
            channels.active().truncate(pos);
            return "";
        } catch (IOException e) {
            cause.addSuppressed(e);
            failure = "a failed write could not be rolled back at offset " + pos + ": " + e.getMessage();
            return "; the log is read-only until it is reopened and recovered";
        }
    }

    /**
     * Waits, holding no lock, until the entry ending at {@code end} is acknowledged: GROUP joins a group commit,
     * INTERVAL runs an fsync if one is due, NONE and FSYNC return at once.
     */
    void awaitDurable(long seq, long end) {
        await(seq, end, config.durability());
    }

    /** As {@link #awaitDurable} under GROUP, whatever the durability: retention's record must be on disk first. */
    void awaitOnDisk(long seq, long end) {
        await(seq, end, Durability.GROUP);
    }

    private void await(long seq, long end, Durability durability) {
        try {
            switch (durability) {
                case GROUP -> commit.await(end);
                case INTERVAL -> commit.syncIfDue(config.syncInterval().toNanos());
                default -> {
                }
            }
        } catch (IOException ex) {
            failure = "fsync failed: " + ex.getMessage();
            throw new LogWriteException("append of entry " + seq + " not acknowledged: fsync failed ("
                    + ex.getMessage() + "); it may or may not survive a crash; the log is read-only until it is"
                    + " reopened and recovered", ex);
        }
    }

    /** An fsync of whatever is written and not yet durable (an idle log, a clean close); NONE never fsyncs. */
    void syncIdle() {
        if (failure == null && config.durability() != Durability.NONE) {
            try {
                commit.syncIfDue(0);
            } catch (IOException e) {
                failure = "fsync failed: " + e.getMessage();
                LOG.log(Level.SEVERE, "activity log fsync failed; the log is read-only until reopened", e);
            }
        }
    }

    /** At a clean close: the active segment's offsets for the next open. */
    void saveOffsets() {
        offsets.save(channels.activeSegment());
    }

    /**
     * The fsync of a close, under every durability, NONE included: the index is marked clean next, and a clean index
     * must not describe bytes (rows, the checkpoint copy) that power loss can still take from the file. Returns
     * whether the file is durable, i.e. the index may be marked clean.
     */
    boolean syncForClose() {
        if (failure == null) {
            try {
                commit.syncIfDue(0);
            } catch (IOException e) {
                failure = "fsync failed: " + e.getMessage();
                LOG.log(Level.SEVERE, "activity log fsync at close failed; the index is rebuilt at the next start", e);
            }
        }
        return failure == null;
    }

    /** Whether {@link LogConfig#checkpointEvery()} entries came since the last checkpoint. */
    boolean checkpointDue() {
        return config.checkpointEvery() > 0 && lastSeq - lastCheckpointSeq >= config.checkpointEvery();
    }

    /** Whether a minute passed since the last checkpoint (maintenance then writes one if entries came). */
    boolean checkpointStale() {
        return config.checkpointEvery() > 0 && System.nanoTime() - lastCheckpointNanos >= CHECKPOINT_INTERVAL_NANOS;
    }

    /**
     * Writes a checkpoint line: the chain head after the last entry, with an HMAC when a key is configured. Returns
     * it, or null when no entry came since the last one or the write failed: a failed write is rolled back and
     * logged; the entries are safe, only this checkpoint is missing.
     */
    CheckpointLine checkpoint() {
        if (config.checkpointEvery() == 0) {
            return null;
        }
        return lastSeq == lastCheckpointSeq ? null : writeCheckpoint();
    }

    private CheckpointLine writeCheckpoint() {
        if (failure != null) {
            return null;
        }
        Instant time = LineCodec.truncate(config.clock().instant());
        byte[] key = config.checkpointKey();
        byte[] mac = key == null ? null : CheckpointLine.mac(key, chainSeed, lastSeq, lastHash, time);
        CheckpointLine checkpoint = new CheckpointLine(lastSeq, lastHash, time, mac);
        byte[] line = checkpoint.encode();
        long pos = size;
        try {
            channels.active().writeFully(ByteBuffer.wrap(line), pos);
        } catch (IOException e) {
            rollback(pos, e);
            LOG.log(Level.WARNING, "could not write the checkpoint after entry " + lastSeq, e);
            return null;
        }
        size = pos + line.length;
        checkpointAtEnd = true;
        lastCheckpointSeq = lastSeq;
        lastCheckpointNanos = System.nanoTime();
        return checkpoint;
    }

    /**
     * Seals the active segment and starts the next (docs/file-format.md, "Rolling"): its checkpoint (whatever the
     * checkpoint setting) and an fsync, the new segment created complete, then the old one made read-only. A failure
     * before the new segment exists refuses the append with nothing stored; the next append tries again.
     */
    private CheckpointLine roll(Instant now) {
        Segments.Segment old = channels.activeSegment();
        CheckpointLine seal = checkpointAtEnd ? null : writeCheckpoint();
        if (!checkpointAtEnd) {
            throw new LogWriteException("append refused: the active segment could not be sealed (its checkpoint"
                    + " was not written); nothing was stored", null);
        }
        try {
            fsync.force();
        } catch (IOException e) {
            failure = "fsync of the sealed segment " + old.path().getFileName() + " failed: " + e.getMessage();
            throw new LogWriteException("append refused: " + failure + "; the log is read-only until it is reopened"
                    + " and recovered", e);
        }
        Segments.Started next = Segments.start(config.directory(), new HeaderLine(now, chainSeed, lastSeq + 1, lastHash),
                files);
        long sealedSize = size;
        size = next.size();
        base += sealedSize;
        segmentCreated = now;
        offsets.save(old);  // the sealed segment's offset file, when the record covers it whole
        offsets = new ActiveOffsets(lastSeq + 1);
        channels.rolled(next.segment(), next.channel(), sealedSize);
        try {
            Segments.makeReadOnly(old.path());
        } catch (IOException e) {
            LOG.log(Level.WARNING, "sealed segment " + old.path() + " could not be made read-only; the next start"
                    + " tries again", e);
        }
        LOG.info(() -> "activity log sealed " + old.path().getFileName() + " at entry " + lastSeq + ", appending to "
                + next.segment().path().getFileName());
        return seal;
    }
}
