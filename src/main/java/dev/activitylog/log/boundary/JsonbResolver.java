package dev.activitylog.log.boundary;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.ws.rs.ext.ContextResolver;
import jakarta.ws.rs.ext.Provider;

/**
 * One JSON-B instance for every answer of the API. Without a resolver RESTEasy (WildFly) builds a new one for each
 * response it writes, finding the provider through the service loader and the deployment's jars each time: on
 * WildFly that was close to half of a read's time over HTTP (docs/benchmarks.md, "Through the container"). The
 * configuration is JSON-B's default, so answers are unchanged; a Jsonb is thread-safe.
 */
@Provider
public class JsonbResolver implements ContextResolver<Jsonb> {
    private final Jsonb jsonb = JsonbBuilder.create();

    @Override
    public Jsonb getContext(Class<?> type) {
        return jsonb;
    }
}
