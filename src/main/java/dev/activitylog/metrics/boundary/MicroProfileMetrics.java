package dev.activitylog.metrics.boundary;

import dev.activitylog.log.entity.Health;
import dev.activitylog.metrics.control.LogMeter;
import dev.activitylog.metrics.control.MeterRecorder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Timer;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The log's meters in MicroProfile Metrics 5, Payara 6's (the application registry, served at {@code /metrics};
 * docs/deployment.md, "Metrics"). Where the API is missing (WildFly 39 has none) CDI skips this class.
 */
@ApplicationScoped
public class MicroProfileMetrics implements ServerMetrics {
    /** The default qualifier is the application registry. */
    @Inject
    Instance<MetricRegistry> registries;

    @Override
    public Optional<MeterRecorder> register(Supplier<Health> health) {
        return registries.isResolvable() ? Optional.of(new Recorder(registries.get(), health)) : Optional.empty();
    }

    private static final class Recorder extends MeterRecorder {
        private final MetricRegistry registry;
        private final Map<LogMeter, Timer> timers = new EnumMap<>(LogMeter.class);
        private final Map<LogMeter, Counter> counters = new EnumMap<>(LogMeter.class);

        Recorder(MetricRegistry registry, Supplier<Health> health) {
            super(health);
            this.registry = registry;
            for (LogMeter m : LogMeter.values()) {
                switch (m.kind) {
                    case TIMER -> timers.put(m, registry.timer(metadata(m, MetricUnits.NANOSECONDS)));
                    case COUNTER -> counters.put(m, registry.counter(metadata(m, MetricUnits.NONE)));
                    case GAUGE -> registry.gauge(metadata(m, MetricUnits.NONE), () -> gauge(m));
                }
            }
        }

        private static Metadata metadata(LogMeter m, String unit) {
            return Metadata.builder().withName(m.id).withDescription(m.description).withUnit(unit).build();
        }

        @Override
        protected void time(LogMeter timer, long nanos) {
            timers.get(timer).update(Duration.ofNanos(nanos));
        }

        @Override
        protected void add(LogMeter counter, long amount) {
            counters.get(counter).inc(amount);
        }

        @Override
        public String toString() {
            return "MicroProfile Metrics";
        }

        @Override
        public void close() {
            for (LogMeter m : LogMeter.values()) {
                registry.remove(m.id);
            }
        }
    }
}
