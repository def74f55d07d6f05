package dev.activitylog.log.boundary;

import dev.activitylog.log.entity.Health;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * The log's state, 200 with the state in the body whatever it is, so a monitor can read why the log is not
 * AVAILABLE; only a lock wait past the access timeout answers 503 (ConcurrentAccessTimeoutMapper).
 */
@Path("health")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class HealthResource {
    @Inject
    ActivityLog log;

    @GET
    public Health health() {
        return log.health();
    }
}
