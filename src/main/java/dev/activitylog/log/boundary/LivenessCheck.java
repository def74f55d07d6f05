package dev.activitylog.log.boundary;

import dev.activitylog.log.control.HealthProbes;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.Liveness;

/** {@code /health/live}: DOWN only when the writer is stuck ({@link HealthProbes#liveness}). */
@Liveness
@ApplicationScoped
public class LivenessCheck extends ProbeCheck {
    @Override
    HealthProbes.Probe probe() {
        return HealthProbes.liveness(log.health());
    }
}
