package dev.activitylog.log.boundary;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The JSON body of every error response: what went wrong, and a type a client can switch on. */
public record ErrorBody(String error, String type) {

    /** How long a client is told to wait before it retries a 503 (the maintenance timer's period). */
    static final int RETRY_AFTER_SECONDS = 10;

    static Response response(Response.Status status, String error, String type) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(new ErrorBody(error, type)).build();
    }

    /** A 503 with the JSON body and Retry-After. */
    static Response unavailable(String error, String type) {
        return Response.fromResponse(response(Response.Status.SERVICE_UNAVAILABLE, error, type))
                .header("Retry-After", RETRY_AFTER_SECONDS).build();
    }
}
