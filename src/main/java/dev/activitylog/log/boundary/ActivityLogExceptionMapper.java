package dev.activitylog.log.boundary;

import dev.activitylog.log.entity.ActivityLogException;
import dev.activitylog.log.entity.EntryRemovedException;
import dev.activitylog.log.entity.InvalidEntryException;
import dev.activitylog.log.entity.LogUnavailableException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Response.Status;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** The log's typed failures as HTTP statuses; the message is meant for operators, so it is passed on. */
@Provider
public class ActivityLogExceptionMapper implements ExceptionMapper<ActivityLogException> {
    @Override
    public Response toResponse(ActivityLogException e) {
        String type = e.getClass().getSimpleName();
        if (e instanceof LogUnavailableException) {
            return ErrorBody.unavailable(e.getMessage(), type);  // the maintenance timer retries it this often
        }
        if (e instanceof EntryRemovedException) {
            return ErrorBody.response(Status.GONE, e.getMessage(), type);  // retention removed it, on purpose
        }
        if (e instanceof InvalidEntryException) {
            return ErrorBody.response(Status.BAD_REQUEST, e.getMessage(), type);
        }
        // CorruptEntryException, LogWriteException: the server's data or disk, not the request.
        return ErrorBody.response(Status.INTERNAL_SERVER_ERROR, e.getMessage(), type);
    }
}
