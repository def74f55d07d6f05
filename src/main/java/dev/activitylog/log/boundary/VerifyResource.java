package dev.activitylog.log.boundary;

import dev.activitylog.log.entity.ClusterVerifyReport;
import dev.activitylog.log.entity.VerifyReport;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response.Status;
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

    @POST
    @Path("cluster")
    @Operation(summary = "Verify every node of a cluster on a shared index against the anchors no node can rewrite",
            description = "Walks each node's copy of its lines in the index (CRC, number, hash chain) and compares it"
                    + " with each of that node's anchors: a rewrite, a rollback or a truncation is named by node and"
                    + " entry. 404 with the embedded index, which holds one node's log (POST /api/verify checks it).")
    @APIResponse(responseCode = "200", description = "one report per node", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ClusterVerifyReport.class)))
    @APIResponse(responseCode = "404", ref = OpenApiCommon.NOT_FOUND)
    public ClusterVerifyReport verifyCluster() {
        return log.verifyCluster().orElseThrow(() -> new NotFoundException(ErrorBody.response(Status.NOT_FOUND,
                "no cluster: the index is this node's own (embedded); POST /api/verify checks its log", "NotFound")));
    }
}
