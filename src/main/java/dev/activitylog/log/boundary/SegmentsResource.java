package dev.activitylog.log.boundary;

import dev.activitylog.log.entity.SegmentInfo;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.List;

/** The log's segment files, oldest first: archived, sealed, and the active one (docs/file-format.md, "Segments"). */
@Path("segments")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class SegmentsResource {
    @Inject
    ActivityLog log;

    @GET
    public List<SegmentInfo> segments() {
        return log.segments();
    }
}
