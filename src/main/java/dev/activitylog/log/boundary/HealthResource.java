package dev.activitylog.log.boundary;

import dev.activitylog.log.entity.Health;
import dev.activitylog.log.entity.LogState;
import dev.activitylog.web.boundary.Roles;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;

/**
 * The log's state, 200 with the state in the body whatever it is, so a monitor can read why the log is not
 * AVAILABLE; only a lock wait past the access timeout answers 503 (ConcurrentAccessTimeoutMapper). Open to anyone
 * (ApiAccessFilter), but only the admin role sees it in full: paths, sizes and counts would tell an outsider where
 * the log lives and how busy it is, so others get the state and its cause.
 */
@Path("health")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class HealthResource {
    @Inject
    ActivityLog log;

    @Context
    SecurityContext security;

    /** What a monitor without the role is told. */
    public record Summary(LogState state, String cause) {
    }

    @GET
    public Response health() {
        Health h = log.health();
        return Response.ok(security.isUserInRole(Roles.ADMIN) ? h : new Summary(h.state(), h.cause())).build();
    }
}
