package dev.activitylog.log.boundary;

import dev.activitylog.log.entity.VerifyReport;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Runs a full verification. POST: it reads the whole log, which no crawler or prefetch should trigger. */
@Path("verify")
@Tag(name = "log")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class VerifyResource {
    @Inject
    ActivityLog log;

    @POST
    @Operation(summary = "Verify the whole log: every checksum, the sequence, the hash chain, every index row",
            description = "Reads the whole file outside the lock (about 2 s per GB); appends go on meanwhile. Problems"
                    + " are the report's content, not an error status.")
    @APIResponse(responseCode = "200", description = "the report, naming each problem's sequence number", content =
            @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = VerifyReport.class)))
    public VerifyReport verify() {
        return log.verify();
    }
}
