package dev.activitylog.audit.entity;

import jakarta.ejb.ApplicationException;

/**
 * An {@code @Audited(required = true)} call failed because the log could not record it: either it did not run (the
 * log was not writable before it) or it ran and its entry was refused, and then the caller's transaction is rolled
 * back ({@code rollback = true}), so the operation leaves nothing behind that the trail does not show.
 * <p>
 * Not an {@code ActivityLogException}: a module that declares those as application exceptions without rollback
 * must not turn this one into a commit.
 */
@ApplicationException(rollback = true)
public class AuditFailedException extends RuntimeException {
    public AuditFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
