package dev.activitylog.metrics.boundary;

import dev.activitylog.log.entity.Health;
import dev.activitylog.metrics.control.MeterRecorder;

import java.util.Optional;
import java.util.function.Supplier;

/** One server's metrics library: registers the log's meters in it, if the server offers it to this deployment. */
public interface ServerMetrics {
    /** Every {@code LogMeter} registered, or empty when this server has no registry for the deployment. */
    Optional<MeterRecorder> register(Supplier<Health> health);

    /** The first adapter that could register, else {@link MeterRecorder#NONE}. */
    static MeterRecorder first(Iterable<ServerMetrics> adapters, Supplier<Health> health) {
        for (ServerMetrics adapter : adapters) {
            Optional<MeterRecorder> recorder = adapter.register(health);
            if (recorder.isPresent()) {
                return recorder.get();
            }
        }
        return MeterRecorder.NONE;
    }
}
