package dev.activitylog.log.boundary;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The read-only JSON API under /api; resources and mappers are discovered. */
@ApplicationPath("api")
public class RestApplication extends Application {
}
