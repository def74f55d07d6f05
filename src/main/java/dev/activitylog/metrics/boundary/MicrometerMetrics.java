package dev.activitylog.metrics.boundary;

import dev.activitylog.log.entity.Health;
import dev.activitylog.metrics.control.LogMeter;
import dev.activitylog.metrics.control.MeterRecorder;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

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
 * <p>
 * WildFly's registry for deployments passes on only the short forms ({@code registry.timer(name, tags)} and the
 * like): a meter made with a builder (description, buckets) stays in a registry nobody scrapes. So the timers have
 * no buckets of their own, and each timer's buckets are counters, {@code <timer>.buckets} with an {@code le} tag
 * (not {@code .bucket}: the Prometheus client drops that suffix).
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
        private final Map<LogMeter, List<Counter>> buckets = new EnumMap<>(LogMeter.class);
        private final Map<LogMeter, Counter> counters = new EnumMap<>(LogMeter.class);

        Recorder(MeterRegistry registry, Supplier<Health> health) {
            super(health);
            this.registry = registry;
            for (LogMeter m : LogMeter.values()) {
                switch (m.kind) {
                    case TIMER -> {
                        timers.put(m, registry.timer(m.id, Tags.empty()));
                        List<Counter> b = new ArrayList<>();
                        for (String le : LogMeter.BUCKET_LABELS) {
                            b.add(registry.counter(m.id + ".buckets", Tags.of("le", le)));
                        }
                        buckets.put(m, b);
                    }
                    case COUNTER -> counters.put(m, registry.counter(m.id, Tags.empty()));
                    // The registry holds this recorder weakly; the bean holds it for the deployment's life.
                    case GAUGE -> registry.gauge(m.id, Tags.empty(), this, r -> r.gauge(m));
                }
            }
        }

        @Override
        protected void time(LogMeter timer, long nanos) {
            timers.get(timer).record(nanos, TimeUnit.NANOSECONDS);
            List<Counter> b = buckets.get(timer);
            for (int i = LogMeter.firstBucket(nanos); i < b.size(); i++) {
                b.get(i).increment();
            }
        }

        @Override
        protected void add(LogMeter counter, long amount) {
            counters.get(counter).increment(amount);
        }

        @Override
        public String toString() {
            return "Micrometer";
        }

        @Override
        public void close() {
            List<io.micrometer.core.instrument.Meter> mine = new ArrayList<>(timers.values());
            buckets.values().forEach(mine::addAll);
            mine.addAll(counters.values());
            for (LogMeter m : LogMeter.values()) {
                if (m.kind == LogMeter.Kind.GAUGE) {
                    Optional.ofNullable(registry.find(m.id).gauge()).ifPresent(mine::add);
                }
            }
            mine.forEach(registry::remove);
        }
    }
}
