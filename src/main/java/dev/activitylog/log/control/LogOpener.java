package dev.activitylog.log.control;

import dev.activitylog.log.entity.LogUnavailableException;
import dev.activitylog.log.entity.RecoveryReport;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Opens the log: creates the directory, takes the lock, finds the segments and opens the active one's channel,
 * readies the index database and recovers (the order matters: nothing that another engine could be using is touched before the lock is held).
 * Every failure becomes a {@link LogUnavailableException} with a typed reason, and whatever was opened is closed.
 */
final class LogOpener {
    private static final Logger LOG = Logger.getLogger(LogOpener.class.getName());

    /** A log ready to append to, and what its recovery found. */
    record Opened(LogWriter writer, RecoveryReport recovery) {
    }

    private final LogConfig config;
    private final SharedChannel.Opener files;
    private final EntryIndex index;
    /** Whether the embedded database was readied: only before the first connection may it be moved aside. */
    private boolean prepared;

    LogOpener(LogConfig config, SharedChannel.Opener files, EntryIndex index) {
        this.config = config;
        this.files = files;
        this.index = index;
    }

    /** @param startup where recovery reports its progress; a stop requested there ends the open early */
    Opened open(Startup startup) {
        Path file = config.file();
        LogLock lock = null;
        SharedChannel channel = null;
        try {
            Files.createDirectories(config.directory());
            lock = LogLock.acquire(config.lockFile());
            List<Segments.Segment> segments = Segments.list(file);
            Segments.Segment active = segments.get(segments.size() - 1);
            file = active.path();
            channel = SharedChannel.open(file, files);
            List<String> notes = new ArrayList<>();
            startup.step("opening the index database");
            if (config.embeddedIndex() != null && !prepared) {
                EmbeddedIndex.prepare(config.embeddedIndex(), notes);
            }
            prepared = true;
            EmbeddedIndex.migrate(index, config.embeddedIndex(), notes);
            lock.attach(NodeLease.take(index, file.toString()));  // before recovery writes a row, or cuts a byte
            Recovery.Result r = Recovery.run(segments, channel, index, config.clock(), notes, startup);
            if (upgradable(r, active)) {
                channel.close();
                channel = null;
                HeaderLine upgraded = r.activeHeader().withVersion(LineCodec.CURRENT);
                Segments.replace(active, upgraded);
                channel = SharedChannel.open(file, files);
                r = new Recovery.Result(r.report(), r.size(), r.lastSeq(), r.lastHash(), r.chainSeed(), upgraded);
                LOG.info("activity log " + active.path().getFileName() + " held only an older version's header:"
                        + " replaced by a version " + LineCodec.CURRENT + " one");
            }
            List<Segments.Segment> sealed = segments.subList(0, segments.size() - 1);
            long sealedBytes = 0;
            for (Segments.Segment s : sealed) {
                Segments.makeReadOnly(s.path());  // a crash while rolling may have left the last one writable
                sealedBytes += Files.size(s.path());
            }
            LOG.log(r.report().clean() ? Level.INFO : Level.WARNING,
                    "activity log " + file + " recovered: " + r.report().summary());
            SegmentChannels channels = new SegmentChannels(sealed, active, channel, r.activeHeader().version(),
                    SegmentChannels.DEFAULT_CAPACITY, sealedBytes);
            return new Opened(new LogWriter(channels, lock, r, config, files), r.report());
        } catch (Startup.Stopped e) {
            keepIndex(channel);
            closeQuietly(channel, lock);
            throw e;
        } catch (IOException e) {
            closeQuietly(channel, lock);
            Path where = e instanceof FileSystemException fse && fse.getFile() != null ? Path.of(fse.getFile()) : file;
            throw Failures.unavailable(where, e);
        } catch (SQLException | RuntimeException e) {
            closeQuietly(channel, lock);
            if (e instanceof LogUnavailableException lue) {
                throw lue;
            }
            throw Failures.indexUnavailable(file, e);
        }
    }

    /**
     * Whether the active segment is of an older version and holds nothing but its header (docs/file-format.md, "Where
     * version 2 begins"): it is replaced. With entries it is rolled at the first append instead.
     */
    private static boolean upgradable(Recovery.Result r, Segments.Segment active) {
        return r.activeHeader().version() < LineCodec.CURRENT && r.lastSeq() < active.firstSeq()
                && r.size() == r.activeHeader().encode().length;
    }

    /**
     * A start stopped by close: its index rows describe entries of the files (a prefix of them), so the embedded
     * database is shut down and, once the active segment is fsynced (its rows must not describe bytes power loss
     * could take), marked clean: the next start goes on from the last row instead of rebuilding from scratch.
     */
    private void keepIndex(SharedChannel active) {
        if (config.embeddedIndex() == null) {
            return;
        }
        boolean durable;
        try {
            active.force();
            durable = true;
        } catch (IOException e) {
            LOG.log(Level.WARNING, "could not fsync " + active.path() + "; the index is rebuilt at the next start", e);
            durable = false;
        }
        EmbeddedIndex.close(index, config.embeddedIndex(), durable);
    }

    static void closeQuietly(AutoCloseable... resources) {
        for (AutoCloseable r : resources) {
            if (r != null) {
                try {
                    r.close();
                } catch (Exception e) {
                    LOG.log(Level.FINE, "close failed", e);
                }
            }
        }
    }
}
