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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The log's state, 200 with the state in the body whatever it is, so a monitor can read why the log is not
 * AVAILABLE; only a lock wait past the access timeout answers 503 (ConcurrentAccessTimeoutMapper). Open to anyone
 * (ApiAccessFilter), but only the admin role sees it in full: paths, sizes and counts would tell an outsider where
 * the log lives and how busy it is, so others get the state and its cause.
 */
@Path("health")
@Tag(name = "log")
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
    @Operation(summary = "The log's state, always 200 (open: no sign-in needed)", description = "Without the role"
            + " activity-log-admin only the state and its cause; with it the whole Health. A lock wait past the access"
            + " timeout is the only 503.")
    @APIResponse(responseCode = "200", description = "Summary for anyone, Health for the admin role", content =
            @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(oneOf = {Summary.class, Health.class})))
    @APIResponse(responseCode = "503", ref = OpenApiCommon.UNAVAILABLE)
    public Response health() {
        Health h = log.health();
        return Response.ok(security.isUserInRole(Roles.ADMIN) ? h : new Summary(h.state(), h.cause())).build();
    }
}
