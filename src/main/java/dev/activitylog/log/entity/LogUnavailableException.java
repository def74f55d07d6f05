package dev.activitylog.log.entity;

/** The log file (or its directory, or its index) cannot be opened. The message names the path and the cause. */
public class LogUnavailableException extends ActivityLogException {
    public enum Reason {
        TOO_MANY_OPEN_FILES, PERMISSION_DENIED, NOT_A_DIRECTORY, NO_SPACE, READ_ONLY_FILESYSTEM, NOT_FOUND,
        IN_USE, NOT_A_LOG, UNSUPPORTED_VERSION, INDEX_UNAVAILABLE, IO_ERROR,
        /** Still opening (recovery runs in the background) after the call waited as long as it may. */
        STARTING
    }

    private final String path;
    private final Reason reason;

    public LogUnavailableException(String path, Reason reason, String detail, Throwable cause) {
        super("activity log unavailable: " + path + ": " + describe(reason) + (detail == null ? "" : " (" + detail + ")"), cause);
        this.path = path;
        this.reason = reason;
    }

    public String path() {
        return path;
    }

    public Reason reason() {
        return reason;
    }

    private static String describe(Reason reason) {
        return switch (reason) {
            case TOO_MANY_OPEN_FILES -> "too many open files";
            case PERMISSION_DENIED -> "permission denied";
            case NOT_A_DIRECTORY -> "not a directory";
            case NO_SPACE -> "no space left on device";
            case READ_ONLY_FILESYSTEM -> "read-only file system";
            case NOT_FOUND -> "not found";
            case IN_USE -> "in use by another process or deployment";
            case NOT_A_LOG -> "not an activity log file";
            case UNSUPPORTED_VERSION -> "unsupported file format version";
            case INDEX_UNAVAILABLE -> "index database unavailable";
            case IO_ERROR -> "I/O error";
            case STARTING -> "still starting (recovering its index from the files)";
        };
    }
}
