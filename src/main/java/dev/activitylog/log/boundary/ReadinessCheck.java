package dev.activitylog.log.boundary;

import dev.activitylog.log.control.HealthProbes;
import dev.activitylog.log.entity.ActivityLogException;
import dev.activitylog.log.entity.Health;
import dev.activitylog.log.entity.LogState;
import dev.activitylog.log.entity.SegmentInfo;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.Readiness;

import java.time.Duration;
import java.util.List;

/**
 * {@code /health/ready}: UP when the log is AVAILABLE, an append would get the lock within the access timeout and
 * the index keeps up ({@link HealthProbes#readiness}); with the problems the segments' last checks found, as data.
 */
@Readiness
@ApplicationScoped
public class ReadinessCheck extends ProbeCheck {
    private static final Duration LOCK_WAIT = Duration.ofSeconds(ContainerLock.ACCESS_TIMEOUT_SECONDS);

    @Override
    HealthProbes.Probe probe() {
        Health h = log.health();
        return HealthProbes.readiness(h, LOCK_WAIT, segments(h));
    }

    /** The segments with their last checks, or null while there is no file to list them from. */
    private List<SegmentInfo> segments(Health h) {
        if (h.state() == LogState.STARTING || h.state() == LogState.UNAVAILABLE || h.state() == LogState.CLOSED) {
            return null;
        }
        try {
            return log.segments();
        } catch (ActivityLogException e) {
            return null;  // closed or failed since health answered: the state says so next time
        }
    }
}
