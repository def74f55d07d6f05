package dev.activitylog.log.boundary;

import dev.activitylog.log.entity.VerifyReport;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Runs a full verification. POST: it reads the whole log, which no crawler or prefetch should trigger. */
@Path("verify")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class VerifyResource {
    @Inject
    ActivityLog log;

    @POST
    public VerifyReport verify() {
        return log.verify();
    }
}
