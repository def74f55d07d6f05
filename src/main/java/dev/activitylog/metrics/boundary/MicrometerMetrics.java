package dev.activitylog.metrics.boundary;

import dev.activitylog.log.entity.Health;
import dev.activitylog.metrics.control.LogMeter;
import dev.activitylog.metrics.control.MeterRecorder;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The log's meters in Micrometer, WildFly's metrics library (its {@code micrometer} subsystem gives deployments the
 * API and a {@link MeterRegistry} bean; docs/deployment.md, "Metrics"). Without the subsystem the Micrometer types are
 * missing and CDI skips this class.
 */
@ApplicationScoped
public class MicrometerMetrics implements ServerMetrics {
    @Inject
    Instance<MeterRegistry> registries;

    @Override
    public Optional<MeterRecorder> register(Supplier<Health> health) {
        return registries.isResolvable() ? Optional.of(new Recorder(registries.get(), health)) : Optional.empty();
    }

    private static final class Recorder extends MeterRecorder {
        private final MeterRegistry registry;
        private final Map<LogMeter, Timer> timers = new EnumMap<>(LogMeter.class);
        private final Map<LogMeter, Counter> counters = new EnumMap<>(LogMeter.class);
        private final List<Meter> all = new ArrayList<>();

        Recorder(MeterRegistry registry, Supplier<Health> health) {
            super(health);
            this.registry = registry;
            for (LogMeter m : LogMeter.values()) {
                all.add(switch (m.kind) {
                    case TIMER -> put(timers, m, Timer.builder(m.id).description(m.description)
                            .serviceLevelObjectives(LogMeter.BUCKETS.toArray(Duration[]::new)).register(registry));
                    case COUNTER -> put(counters, m, Counter.builder(m.id).description(m.description)
                            .register(registry));
                    // strong: the registry would hold a lambda only weakly, and the gauge would read NaN after a GC
                    case GAUGE -> Gauge.builder(m.id, () -> gauge(m)).description(m.description).strongReference(true)
                            .register(registry);
                });
            }
        }

        private static <T> T put(Map<LogMeter, T> meters, LogMeter m, T meter) {
            meters.put(m, meter);
            return meter;
        }

        @Override
        protected void time(LogMeter timer, long nanos) {
            timers.get(timer).record(nanos, TimeUnit.NANOSECONDS);
        }

        @Override
        protected void add(LogMeter counter, long amount) {
            counters.get(counter).increment(amount);
        }

        @Override
        public void close() {
            all.forEach(registry::remove);
        }
    }
}
