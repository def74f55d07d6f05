package dev.activitylog.log.control;

import dev.activitylog.log.entity.LogUnavailableException;
import dev.activitylog.log.entity.LogUnavailableException.Reason;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.Locale;

/** The engine's failures as typed, named {@link LogUnavailableException}s: what callers and health show. */
final class Failures {
    private Failures() {
    }

    static LogUnavailableException unavailable(Path path, IOException e) {
        return new LogUnavailableException(path.toString(), reason(e), e.getMessage(), e);
    }

    static LogUnavailableException indexUnavailable(Path file, Exception e) {
        return new LogUnavailableException(file.toString(), Reason.INDEX_UNAVAILABLE, e.getMessage(), e);
    }

    /** Work on the file and the index, whose failures are told apart as {@link #typed} reports them. */
    @FunctionalInterface
    interface Work<T> {
        T run() throws IOException, java.sql.SQLException;
    }

    /** Runs {@code work}, a failure of the file or of the index as the typed exception that names {@code file}. */
    static <T> T typed(Path file, Work<T> work) {
        try {
            return work.run();
        } catch (IOException e) {
            throw unavailable(file, e);
        } catch (java.sql.SQLException e) {
            throw indexUnavailable(file, e);
        }
    }

    static LogUnavailableException closed(Path file) {
        return new LogUnavailableException(file.toString(), Reason.IO_ERROR, "the log has been closed", null);
    }

    /** Turns the IOException of a failed open or read into a typed reason. */
    static Reason reason(IOException e) {
        // The JDK maps only a few errno values to subclasses; the rest are told apart by strerror text.
        String text = e instanceof FileSystemException fse && fse.getReason() != null ? fse.getReason() : e.getMessage();
        String message = String.valueOf(text).toLowerCase(Locale.ROOT);
        if (message.contains("too many open files")) {
            return Reason.TOO_MANY_OPEN_FILES;
        }
        if (message.contains("no space left")) {
            return Reason.NO_SPACE;
        }
        if (message.contains("read-only file system")) {
            return Reason.READ_ONLY_FILESYSTEM;
        }
        if (e instanceof AccessDeniedException || message.contains("permission denied")) {
            return Reason.PERMISSION_DENIED;
        }
        if (e instanceof NotDirectoryException || e instanceof FileAlreadyExistsException
                || message.contains("not a directory")) {
            return Reason.NOT_A_DIRECTORY;
        }
        if (e instanceof NoSuchFileException) {
            return Reason.NOT_FOUND;
        }
        return Reason.IO_ERROR;
    }
}
