package dev.activitylog.log.boundary;

import dev.activitylog.log.control.HealthProbes;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.Startup;

/** {@code /health/started}: UP once the log's start and its recovery have finished ({@link HealthProbes#startup}). */
@Startup
@ApplicationScoped
public class StartupCheck extends ProbeCheck {
    @Override
    HealthProbes.Probe probe() {
        return HealthProbes.startup(log.health());
    }
}
