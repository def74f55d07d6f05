package dev.activitylog.log.boundary;

import jakarta.ejb.ConcurrentAccessTimeoutException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Response.Status;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * The singleton's lock was not granted within its access timeout (10 s): the log is stuck or overloaded, and the call
 * never ran. 503 with Retry-After and the JSON error body, instead of the container's bare 500.
 */
@Provider
public class ConcurrentAccessTimeoutMapper implements ExceptionMapper<ConcurrentAccessTimeoutException> {
    private static final int RETRY_AFTER_SECONDS = 10;

    @Override
    public Response toResponse(ConcurrentAccessTimeoutException e) {
        Response r = ErrorBody.response(Status.SERVICE_UNAVAILABLE,
                "the activity log is busy, nothing was done: " + e.getMessage(), "ConcurrentAccessTimeoutException");
        return Response.fromResponse(r).header("Retry-After", RETRY_AFTER_SECONDS).build();
    }
}
