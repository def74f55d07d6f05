package dev.activitylog.log.boundary;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The JSON body of every error response: what went wrong, and a type a client can switch on. */
public record ErrorBody(String error, String type) {

    static Response response(Response.Status status, String error, String type) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(new ErrorBody(error, type)).build();
    }
}
