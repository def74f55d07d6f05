package dev.activitylog.log.boundary;

import jakarta.ejb.ConcurrentAccessTimeoutException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * The singleton's lock was not granted within its access timeout (10 s): the log is stuck or overloaded, and the call
 * never ran. 503 with Retry-After and the JSON error body, instead of the container's bare 500.
 */
@Provider
public class ConcurrentAccessTimeoutMapper implements ExceptionMapper<ConcurrentAccessTimeoutException> {
    @Override
    public Response toResponse(ConcurrentAccessTimeoutException e) {
        return ErrorBody.unavailable("the activity log is busy, nothing was done: " + e.getMessage(),
                "ConcurrentAccessTimeoutException");
    }
}
