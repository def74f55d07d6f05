package dev.activitylog.log.control;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The handles on a log's segments, a constant number whatever the number of readers or segments: the active
 * segment's channel (always open) and at most {@code capacity} channels of sealed segments, the least recently used
 * one closed to make room (Kafka keeps a segment's files open; a log of years has too many segments for that). A
 * handle is closed only while nobody uses it: a reader that finds every handle busy waits for one (a read takes
 * microseconds), so the bound holds under any load.
 * <p>
 * The writer uses {@link #active()} under the engine's write lock, which also serialises {@link #rolled}; readers
 * and the group commit's fsync go through {@link #withSegmentOf} and {@link #forceActive}, which count their use.
 */
final class SegmentChannels implements Closeable {
    static final int DEFAULT_CAPACITY = LogConfig.SEALED_HANDLES;

    @FunctionalInterface
    interface Read<T, E extends Exception> {
        T apply(SharedChannel channel) throws IOException, E;
    }

    private static final class Handle {
        final Segments.Segment segment;
        SharedChannel channel;
        /** The segment's format version, from its header; 0 when the header is unreadable. */
        final int version;
        int users;

        Handle(Segments.Segment segment, SharedChannel channel, int version) {
            this.segment = segment;
            this.channel = channel;
            this.version = version;
        }
    }

    private final int capacity;
    /** Sealed segments by first number. */
    private final TreeMap<Long, Segments.Segment> sealed = new TreeMap<>();
    /** Open handles of sealed segments, least recently used first. */
    private final LinkedHashMap<Long, Handle> open = new LinkedHashMap<>(16, 0.75f, true);
    private volatile Handle active;
    private boolean closed;
    /** The sealed segments' bytes: they never change, so they are counted once, at open, roll and removal. */
    private volatile long sealedBytes;
    /** The first entry of the oldest segment left: read on every read, so not behind the monitor. */
    private volatile long oldestFirstSeq;

    /** Entries below the oldest segment left: retention removed the segment that held them. */
    static final class Removed extends IOException {
        final long seq;

        Removed(long seq) {
            super("entry " + seq + " is in a segment retention removed");
            this.seq = seq;
        }
    }

    SegmentChannels(List<Segments.Segment> sealedSegments, Segments.Segment active, SharedChannel activeChannel,
                    int activeVersion, int capacity, long sealedBytes) {
        this.capacity = capacity;
        this.sealedBytes = sealedBytes;
        for (Segments.Segment s : sealedSegments) {
            sealed.put(s.firstSeq(), s);
        }
        this.active = new Handle(active, activeChannel, activeVersion);
        this.oldestFirstSeq = sealed.isEmpty() ? active.firstSeq() : sealed.firstKey();
    }

    /** The active segment's channel, for the writer (under the engine's write lock). */
    SharedChannel active() {
        return active.channel;
    }

    Segments.Segment activeSegment() {
        return active.segment;
    }

    /** Every segment, oldest first, the active one last. */
    synchronized List<Segments.Segment> segments() {
        List<Segments.Segment> all = new ArrayList<>(sealed.values());
        all.add(active.segment);
        return all;
    }

    /** Runs {@code read} on the channel of the segment that holds entry {@code seq}. */
    <T, E extends Exception> T withSegmentOf(long seq, Read<T, E> read) throws IOException, E {
        Handle h = acquire(seq);
        try {
            return read.apply(h.channel);
        } finally {
            release(h);
        }
    }

    /** The entry {@code row} describes, read from the segment that holds it by that segment's version. */
    LineCodec.Decoded entryAt(IndexRow row) throws IOException, FormatException {
        Handle h = acquire(row.seq());
        try {
            return LogReader.entryAt(h.channel, h.version, row.offset(), row.length(), row.seq(), false);
        } finally {
            release(h);
        }
    }

    /** The bytes where {@code row} says its entry's line is, unchecked (a shared index's copy is checked when read). */
    byte[] lineAt(IndexRow row) throws IOException {
        Handle h = acquire(row.seq());
        try {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(row.length());
            h.channel.readFully(b, row.offset());
            return b.array();
        } finally {
            release(h);
        }
    }

    /** The format version of the active segment. */
    int activeVersion() {
        return active.version;
    }

    /** Fsyncs the active segment; outside the write lock (group commit), so it must not race a roll's close. */
    void forceActive() throws IOException {
        Handle h = acquire(Long.MAX_VALUE);
        try {
            h.channel.force();
        } finally {
            release(h);
        }
    }

    /**
     * The active segment was sealed and {@code next} is active from now on. The old channel stays open as a sealed
     * segment's handle (readers may be using it), counted against the capacity like any other.
     */
    synchronized void rolled(Segments.Segment next, SharedChannel nextChannel, long sealedSize) {
        Handle old = active;
        sealedBytes += sealedSize;
        sealed.put(old.segment.firstSeq(), old.segment);
        open.put(old.segment.firstSeq(), old);
        active = new Handle(next, nextChannel, LineCodec.CURRENT);
        evictIdle(capacity);
        notifyAll();
    }

    /** The first entry of the oldest segment (the active one if none is sealed); entries below it were removed. */
    long oldestFirstSeq() {
        return oldestFirstSeq;
    }

    /**
     * Forgets the oldest sealed segment (retention removes it next): its handle is closed once idle, and reads of its
     * entries fail with {@link Removed} from now on.
     */
    synchronized void removeOldest(Segments.Segment segment, long size) {
        if (sealed.isEmpty() || sealed.firstKey() != segment.firstSeq()) {
            throw new IllegalArgumentException(segment + " is not the oldest sealed segment");
        }
        sealed.remove(segment.firstSeq());
        sealedBytes -= size;
        oldestFirstSeq = sealed.isEmpty() ? active.segment.firstSeq() : sealed.firstKey();
        Handle h = open.get(segment.firstSeq());
        boolean interrupted = false;
        while (h != null && h.users > 0) {
            try {
                wait();  // readers hold a handle for one read
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (h != null) {
            open.remove(segment.firstSeq());
            LogOpener.closeQuietly(h.channel);
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    long sealedBytes() {
        return sealedBytes;
    }

    /** How many segments the log has, the active one included. */
    synchronized int count() {
        return sealed.size() + 1;
    }

    /** Open handles of sealed segments (the active one not counted). */
    synchronized int openSealed() {
        return open.size();
    }

    private synchronized Handle acquire(long seq) throws IOException {
        boolean interrupted = false;
        try {
            while (true) {
                if (closed) {
                    throw new ClosedChannelException();
                }
                Handle a = active;
                if (seq >= a.segment.firstSeq()) {
                    a.users++;
                    return a;
                }
                Map.Entry<Long, Segments.Segment> s = sealed.floorEntry(seq);
                if (s == null) {
                    throw new Removed(seq);  // below the oldest segment left
                }
                Handle h = open.get(s.getKey());
                if (h == null && (open.size() < capacity || evictIdle(capacity - 1))) {
                    SharedChannel c = SharedChannel.openReadOnly(s.getValue().path());
                    try {
                        h = new Handle(s.getValue(), c, LogReader.header(c, c.size()) instanceof LogReader.ValidHeader v
                                ? v.header().version() : 0);
                    } catch (IOException e) {
                        LogOpener.closeQuietly(c);
                        throw e;
                    }
                    open.put(s.getKey(), h);
                }
                if (h != null) {
                    h.users++;
                    return h;
                }
                try {
                    wait();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private synchronized void release(Handle h) {
        h.users--;
        if (h.users == 0) {
            evictIdle(capacity);
            notifyAll();
        }
    }

    /** Closes idle handles, least recently used first, until at most {@code max} are open; whether one was closed. */
    private boolean evictIdle(int max) {
        boolean any = false;
        for (Iterator<Handle> it = open.values().iterator(); it.hasNext() && open.size() > max; ) {
            Handle h = it.next();
            if (h.users == 0) {
                it.remove();
                LogOpener.closeQuietly(h.channel);
                any = true;
            }
        }
        return any;
    }

    @Override
    public synchronized void close() throws IOException {
        closed = true;
        for (Handle h : open.values()) {
            LogOpener.closeQuietly(h.channel);
        }
        open.clear();
        active.channel.close();
    }
}
