package dev.activitylog.log.control;

import dev.activitylog.log.entity.CorruptEntryException;
import dev.activitylog.log.entity.Durability;
import dev.activitylog.log.entity.Entry;
import dev.activitylog.log.entity.Health;
import dev.activitylog.log.entity.InvalidEntryException;
import dev.activitylog.log.entity.LogState;
import dev.activitylog.log.entity.LogWriteException;
import dev.activitylog.log.entity.Outcome;
import dev.activitylog.log.entity.Page;
import dev.activitylog.log.entity.RecoveryReport;
import dev.activitylog.log.entity.StartProgress;
import dev.activitylog.log.entity.VerifyReport;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * Classes the engine needs at moments when loading one could fail, loaded when the engine's class is.
 * <ul>
 * <li>Failure paths run when file descriptors may be exhausted, and loading a class from a directory or a jar not
 * yet open needs one (HandleExhaustionTest found this).</li>
 * <li>Payara stops the application's class loader before {@code @PreDestroy} closes the log: what close needs must
 * be loaded before (the closing checkpoint's record was not, and close failed before the index's SHUTDOWN).</li>
 * </ul>
 */
final class Preload {
    private Preload() {
    }

    static void failurePaths() {
        Failures.unavailable(Path.of("preload"), new IOException("preload"));
        new LogWriteException("preload", null).getMessage();
        new CorruptEntryException(0, "preload").getMessage();
        new InvalidEntryException(List.of()).getMessage();
        EntryRules.problems(null);
        List.of(Health.class, LogState.class, Durability.class, RecoveryReport.class, VerifyReport.class, Page.class,
                Entry.class, FormatException.class, EmbeddedIndex.class, SideFiles.class, HealthCheck.class,
                KeysetPager.class, Appended.class, LogOpener.class, LogOpener.Opened.class, LogWriter.class,
                LogWriter.Written.class, LogReader.class, Recovery.class, LogLifecycle.class, Startup.class,
                Startup.Stopped.class, StartProgress.class,
                // the close's last flush: its checkpoint's anchor, the lines' copy, the read-back, the node's lease
                IndexAnchors.class, IndexLines.class, LineShipper.class, IndexBacklog.class, NodeLease.class,
                Jdbc.class, Jdbc.Binder.class, Jdbc.Work.class,
                // the close's last flush into the embedded index's blocks (docs/index-design.md, "Blocks as built")
                RowStore.class, BlockTable.class, BlockTable.Newest.class, BlockScan.class, BlockScan.Visitor.class,
                BlockScan.BlockRows.class, BlockScan.Sql.class, EntryTable.class, RowRing.class, TimeBounds.class,
                TimeBounds.Span.class, BlockTerms.class, BlockTerms.Term.class);
        BlockCodec.decode(1, BlockCodec.encode(List.of(IndexRow.corrupt(1, 0, 1))));  // and its writer and reader
        BlockTerms.of(List.of(new IndexRow(1, 0, 1, 0L, "preload", "preload", Outcome.SUCCESS, "preload")));
        new CheckpointLine(0, new byte[LineCodec.HASH_BYTES], Instant.EPOCH, null).encode();
    }
}
