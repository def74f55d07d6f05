package dev.activitylog.log.entity;

/**
 * Base of the log's typed errors. Declared application exceptions (WEB-INF/ejb-jar.xml), so EJB callers receive
 * them as they are thrown instead of wrapped in an EJBException.
 */
public abstract class ActivityLogException extends RuntimeException {
    protected ActivityLogException(String message, Throwable cause) {
        super(message, cause);
    }
}
