package dev.activitylog.log.boundary;

import dev.activitylog.log.entity.SegmentInfo;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

/** The log's segment files, oldest first: archived, sealed, and the active one (docs/file-format.md, "Segments"). */
@Path("segments")
@Tag(name = "log", description = "the log as a whole: health, segment files, verification")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class SegmentsResource {
    @Inject
    ActivityLog log;

    @GET
    @Operation(summary = "The segment files, oldest first: archived, sealed and the active one, each with its last check")
    @APIResponse(responseCode = "200", description = "the segments", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.ARRAY,
            implementation = SegmentInfo.class)))
    public List<SegmentInfo> segments() {
        return log.segments();
    }
}
