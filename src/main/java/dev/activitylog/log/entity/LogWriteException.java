package dev.activitylog.log.entity;

/** An append failed; nothing of it was acknowledged. The message says whether the log still takes appends. */
public class LogWriteException extends ActivityLogException {
    public LogWriteException(String message, Throwable cause) {
        super(message, cause);
    }
}
