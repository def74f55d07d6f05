package dev.activitylog.log.boundary;

import dev.activitylog.web.boundary.ApiAccessFilter;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What the OpenAPI annotations would repeat on every operation, added once to the model (MicroProfile OpenAPI's
 * {@code mp.openapi.filter}, set in the WAR's META-INF/microprofile-config.properties): the error answers as named
 * components with the JSON error body, which operations refer to by name; HTTP Basic; and on every operation but
 * {@code /api/health} (the one ApiAccessFilter leaves open) the sign-in requirement and the answers of the access
 * check and of an unavailable log.
 */
public class OpenApiCommon implements OASFilter {
    private static final Logger LOG = Logger.getLogger(OpenApiCommon.class.getName());
    static final String BASIC = "basic";
    /** Names of the error answers, for the operations' {@code @APIResponse(ref = ...)}. */
    static final String BAD_REQUEST = "BadRequest";
    static final String NOT_FOUND = "NotFound";
    static final String REMOVED = "Removed";
    static final String CORRUPT = "Corrupt";
    static final String UNAVAILABLE = "Unavailable";

    /** A shared error answer: its component name, status and meaning. */
    private record Answer(String component, String status, String description) {
    }

    private static final Answer UNAUTHORIZED = new Answer("Unauthorized", "401",
            "no or wrong credentials (type Unauthorized, with WWW-Authenticate)");
    private static final Answer FORBIDDEN = new Answer("Forbidden", "403", "signed in without the role"
            + " activity-log-admin (type Forbidden), or an unsafe method sent by a page of another origin (type CrossOrigin)");
    private static final Answer TOO_MANY = new Answer("TooManyRequests", "429", "too many failed sign-ins from this"
            + " client for this user (type TooManyRequests, with Retry-After)");
    private static final Answer DOWN = new Answer(UNAVAILABLE, "503", "the log is not available (type"
            + " LogUnavailableException: starting, or its file cannot be opened), or its lock was not granted within 10 s"
            + " (type ConcurrentAccessTimeoutException); with Retry-After");
    private static final List<Answer> ANSWERS = List.of(
            new Answer(BAD_REQUEST, "400", "a parameter is invalid (type InvalidParameter, naming it): nothing was done"),
            UNAUTHORIZED, FORBIDDEN,
            new Answer(NOT_FOUND, "404", "no entry has this number (type NotFound)"),
            new Answer(REMOVED, "410", "retention removed the segment that held it (type EntryRemovedException,"
                    + " naming the archive that holds it)"),
            TOO_MANY,
            new Answer(CORRUPT, "500", "the entry fails its checksum (type CorruptEntryException)"),
            DOWN);
    /** The answers every operation that needs the role can give. */
    private static final List<Answer> SIGNED_IN = List.of(UNAUTHORIZED, FORBIDDEN, TOO_MANY, DOWN);

    @Override
    public void filterOpenAPI(OpenAPI api) {
        try {
            addShared(api);
        } catch (RuntimeException | LinkageError e) {
            // The server's OpenAPI would fail the deployment: the description loses its shared parts instead.
            LOG.log(Level.WARNING, "the OpenAPI description lacks its shared error answers and sign-in", e);
        }
    }

    private static void addShared(OpenAPI api) {
        Components components = api.getComponents() == null ? OASFactory.createComponents() : api.getComponents();
        components.addSecurityScheme(BASIC, OASFactory.createSecurityScheme()
                .type(org.eclipse.microprofile.openapi.models.security.SecurityScheme.Type.HTTP).scheme("basic")
                .description("a user of the server in the role activity-log-admin"));
        // A reference to the schema RestApplication declares, not one built here: a schema's type is set differently
        // in MicroProfile OpenAPI 3.x (Payara) and 4.x (WildFly, where Schema.type(SchemaType) is gone).
        Schema body = OASFactory.createSchema().ref(RestApplication.ERROR_SCHEMA);
        Schema declared = components.getSchemas() == null ? null : components.getSchemas().get(RestApplication.ERROR_SCHEMA);
        if (declared != null && (declared.getProperties() == null || declared.getProperties().isEmpty())) {
            // Payara leaves out the properties of a component schema given by its class: name them at least.
            declared.addProperty("error", OASFactory.createSchema().description("what went wrong"))
                    .addProperty("type", OASFactory.createSchema().description("what a client can switch on"));
        }
        for (Answer e : ANSWERS) {
            components.addResponse(e.component(), OASFactory.createAPIResponse().description(e.description())
                    .content(OASFactory.createContent().addMediaType("application/json",
                            OASFactory.createMediaType().schema(body))));
        }
        api.setComponents(components);
        if (api.getPaths() == null || api.getPaths().getPathItems() == null) {
            return;
        }
        for (Map.Entry<String, PathItem> path : api.getPaths().getPathItems().entrySet()) {
            if (path.getKey().endsWith(ApiAccessFilter.OPEN_PATH) || path.getValue().getOperations() == null) {
                continue;
            }
            for (Operation op : path.getValue().getOperations().values()) {
                op.addSecurityRequirement(OASFactory.createSecurityRequirement().addScheme(BASIC));
                APIResponses responses = op.getResponses() == null ? OASFactory.createAPIResponses() : op.getResponses();
                for (Answer e : SIGNED_IN) {
                    if (!responses.hasAPIResponse(e.status())) {
                        responses.addAPIResponse(e.status(), OASFactory.createAPIResponse().ref(e.component()));
                    }
                }
                op.setResponses(responses);
            }
        }
    }
}
