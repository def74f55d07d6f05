package dev.activitylog.log.boundary;

import dev.activitylog.log.control.HealthProbes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

import java.util.Map;

/**
 * A MicroProfile Health check of the log: asks the engine's health (never the container's lock) and answers what
 * {@link HealthProbes} decides. On a server without MicroProfile Health (WildFly's standalone.xml) this class and its
 * subclasses cannot be loaded, as their interface is missing; CDI then skips them and the WAR deploys without them
 * (docs/deployment.md, "MicroProfile Health").
 */
abstract class ProbeCheck implements HealthCheck {
    @Inject
    ActivityLog log;

    abstract HealthProbes.Probe probe();

    @Override
    public HealthCheckResponse call() {
        HealthProbes.Probe p = probe();
        HealthCheckResponseBuilder b = HealthCheckResponse.named(p.name()).status(p.up());
        for (Map.Entry<String, Object> e : p.data().entrySet()) {
            if (e.getValue() instanceof Long n) {
                b.withData(e.getKey(), n);
            } else if (e.getValue() instanceof Boolean t) {
                b.withData(e.getKey(), t);
            } else {
                b.withData(e.getKey(), String.valueOf(e.getValue()));
            }
        }
        return b.build();
    }
}
