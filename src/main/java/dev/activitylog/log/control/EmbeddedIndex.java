package dev.activitylog.log.control;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.SQLException;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The lifecycle of the module's own H2 index database (docs/recovery.md, rule 0). It is trusted only after a clean
 * shutdown: after a crash H2 has lost committed rows (Payara, platform notes) and has spun forever inside an insert
 * (CrashTortureTest); and a database H2 cannot open at all is no use either. The index is derived data, so the safe
 * answer to both is to set the database aside and rebuild it from the log file.
 * <p>
 * A marker file {@code <base>.clean} exists only between a clean shutdown and the next open. An operator's own
 * database ({@code base == null}) is only migrated: its crash safety is its own.
 */
final class EmbeddedIndex {
    private static final Logger LOG = Logger.getLogger(EmbeddedIndex.class.getName());
    /** H2's ErrorCode.FILE_CORRUPTED_1 and FILE_VERSION_ERROR_1 (not referenced: an operator's index has no H2). */
    private static final int FILE_CORRUPTED = 90030;
    private static final int FILE_VERSION_ERROR = 90048;

    private EmbeddedIndex() {
    }

    /**
     * Before the engine's first connection (an open database must not move under its pool): sets a database that
     * was not closed cleanly aside, then marks it in use, so that from now on a crash leaves it untrusted.
     */
    static void prepare(Path base, List<String> notes) throws IOException {
        Path db = sibling(base, ".mv.db");
        Path marker = sibling(base, ".clean");
        if (Files.exists(db) && !Files.exists(marker)) {
            setAside(base, ".mv.db.unclean");
            notes.add("the index database was not shut down cleanly (a crash): set aside as "
                    + base.getFileName() + ".mv.db.unclean and rebuilt from the file");
        }
        if (Files.deleteIfExists(marker)) {
            SideFiles.syncDirectory(marker);
        }
    }

    /** Creates or upgrades the schema; an embedded database H2 cannot open is set aside and built anew. */
    static void migrate(EntryIndex index, Path base, List<String> notes) throws IOException, SQLException {
        try {
            index.migrate();
        } catch (RuntimeException | SQLException e) {
            String why = base == null ? null : unopenable(e);
            if (why == null) {
                throw e;
            }
            Path aside = setAside(base, ".mv.db.corrupt");
            LOG.warning("the index database cannot be opened (" + why + "); set aside as " + aside);
            LOG.log(Level.FINE, "index open failure", e);
            notes.add("the index database could not be opened (" + why + "): set aside as " + aside.getFileName()
                    + " and rebuilt from the file");
            index.migrate();
        }
    }

    /**
     * Shuts the database down and, when the log file is durable, marks it clean; a failure only means a rebuild at
     * the next start. A log whose close fsync failed leaves the index unmarked: its rows may describe lost bytes.
     */
    static void close(EntryIndex index, Path base, boolean logDurable) {
        try {
            index.shutdownIfEmbeddedH2();
            if (!logDurable) {
                return;
            }
            Path marker = sibling(base, ".clean");
            Files.createDirectories(marker.getParent());
            Files.deleteIfExists(marker);
            Files.createFile(marker);
            SideFiles.syncDirectory(marker);
        } catch (SQLException | IOException e) {
            LOG.log(Level.WARNING, "could not shut the index database down cleanly; it is rebuilt at the next start", e);
        }
    }

    /** Moves the database file to {@code <base><suffix>}, replacing an older one there; returns where it went. */
    private static Path setAside(Path base, String suffix) throws IOException {
        Path aside = sibling(base, suffix);
        Files.move(sibling(base, ".mv.db"), aside, StandardCopyOption.REPLACE_EXISTING);
        SideFiles.syncDirectory(aside);
        return aside;
    }

    /**
     * H2's first line of why it cannot open the database file at all (damaged, or not an H2 file of this version),
     * or null for any other failure. Looks through the causes: a pool or Flyway wraps the driver's exception. A
     * database in use by another process (90020) is not a damaged one and is never set aside.
     */
    private static String unopenable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && (sql.getErrorCode() == FILE_CORRUPTED
                    || sql.getErrorCode() == FILE_VERSION_ERROR)) {
                return String.valueOf(sql.getMessage()).lines().findFirst().orElse("");
            }
        }
        return null;
    }

    private static Path sibling(Path base, String suffix) {
        return base.resolveSibling(base.getFileName() + suffix);
    }
}
