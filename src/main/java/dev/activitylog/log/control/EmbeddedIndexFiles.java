package dev.activitylog.log.control;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

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
        Files.move(db, sibling(base, ".mv.db.unclean"), StandardCopyOption.REPLACE_EXISTING);
        Recovery.syncDirectory(db);
        return true;
    }

    /** Called before the first write to the database: from now on a crash leaves it untrusted. */
    static void markInUse(Path base) throws IOException {
        Path marker = sibling(base, ".clean");
        if (Files.deleteIfExists(marker)) {
            Recovery.syncDirectory(marker);
        }
    }

    /** Called after H2's SHUTDOWN succeeded. */
    static void markClean(Path base) throws IOException {
        Path marker = sibling(base, ".clean");
        Files.createDirectories(marker.getParent());
        Files.deleteIfExists(marker);
        Files.createFile(marker);
        Recovery.syncDirectory(marker);
    }

    private static Path sibling(Path base, String suffix) {
        return base.resolveSibling(base.getFileName() + suffix);
    }
}
