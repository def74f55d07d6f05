package dev.activitylog.log.boundary;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.Components;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The read-only JSON API under /api; resources and mappers are discovered. The MicroProfile OpenAPI annotations here
 * and on the resources, with {@link OpenApiCommon}, describe it at the server's {@code /openapi} where the server has
 * MicroProfile OpenAPI (WildFly's standalone-microprofile.xml, Payara); elsewhere they are ignored.
 */
@ApplicationPath("api")
@OpenAPIDefinition(info = @Info(title = "activity-log", version = "1",
        description = "A crash-safe, tamper-evident activity log: page and read its entries, see its health and its"
                + " segments, verify it. Errors are JSON {\"error\": \"...\", \"type\": \"...\"}; every answer carries"
                + " Cache-Control: no-store."),
        components = @Components(schemas = @Schema(name = RestApplication.ERROR_SCHEMA, implementation = ErrorBody.class,
                description = "an error answer: what went wrong, and a type a client can switch on")))
public class RestApplication extends Application {
    /** The JSON error body's schema, which every error answer refers to ({@link OpenApiCommon}). */
    static final String ERROR_SCHEMA = "Error";
}
