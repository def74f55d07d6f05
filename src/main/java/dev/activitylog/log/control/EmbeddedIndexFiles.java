package dev.activitylog.log.control;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.SQLException;

/**
 * The embedded H2 index is trusted only after a clean shutdown. After a crash H2 has lost committed rows (Payara,
 * platform notes) and has spun forever inside an insert (CrashTortureTest); the index is derived data, so the safe
 * answer is to set an uncleanly closed database aside and rebuild it from the log file.
 * <p>
 * A marker file {@code <base>.clean} exists only between a clean shutdown and the next open.
 */
final class EmbeddedIndexFiles {
    private EmbeddedIndexFiles() {
    }

    /** Moves the database aside (to {@code .mv.db.unclean}, replacing an older one) unless it was closed cleanly. */
    static boolean discardIfUnclean(Path base) throws IOException {
        Path db = sibling(base, ".mv.db");
        if (!Files.exists(db) || Files.exists(sibling(base, ".clean"))) {
            return false;
        }
        setAside(base, ".mv.db.unclean");
        return true;
    }

    /** Moves the database file to {@code <base><suffix>}, replacing an older one there; returns where it went. */
    static Path setAside(Path base, String suffix) throws IOException {
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
    static String unopenable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && (sql.getErrorCode() == FILE_CORRUPTED
                    || sql.getErrorCode() == FILE_VERSION_ERROR)) {
                return String.valueOf(sql.getMessage()).lines().findFirst().orElse("");
            }
        }
        return null;
    }

    /** H2's ErrorCode.FILE_CORRUPTED_1 and FILE_VERSION_ERROR_1 (not referenced: an operator's index has no H2). */
    private static final int FILE_CORRUPTED = 90030;
    private static final int FILE_VERSION_ERROR = 90048;

    /** Called before the first write to the database: from now on a crash leaves it untrusted. */
    static void markInUse(Path base) throws IOException {
        Path marker = sibling(base, ".clean");
        if (Files.deleteIfExists(marker)) {
            SideFiles.syncDirectory(marker);
        }
    }

    /** Called after H2's SHUTDOWN succeeded. */
    static void markClean(Path base) throws IOException {
        Path marker = sibling(base, ".clean");
        Files.createDirectories(marker.getParent());
        Files.deleteIfExists(marker);
        Files.createFile(marker);
        SideFiles.syncDirectory(marker);
    }

    private static Path sibling(Path base, String suffix) {
        return base.resolveSibling(base.getFileName() + suffix);
    }
}
