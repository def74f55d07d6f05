package dev.activitylog.audit.control;

import dev.activitylog.audit.entity.AuditFailedException;
import dev.activitylog.log.entity.Health;
import dev.activitylog.log.entity.Limits;
import dev.activitylog.log.entity.NewEntry;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One call of an {@code @Audited} method: run it, time it, and append the entry that says how it went. A log that
 * fails never changes what the call does unless the method asks for it ({@link AuditSpec#required()}): then a call
 * the log cannot take does not run, and a call whose entry is refused fails with {@link AuditFailedException}, so
 * that its transaction rolls back and nothing it did stands unrecorded or is recorded as a success.
 */
public final class AuditedCall {
    /** The attribute with the call's duration in milliseconds, three decimals. */
    public static final String DURATION = "duration_ms";
    private static final Logger LOG = Logger.getLogger(AuditedCall.class.getName());

    /** Where the entry goes: the log, or a test's stand-in. */
    public interface Sink {
        /** Appends; a refusal or an unusable log is a runtime exception. */
        void append(NewEntry entry);

        /** The log's health, asked before a required call. */
        Health health();
    }

    /** Who called and where from, as the boundary found it. */
    public record Context(String actor, String origin, String correlation) {
    }

    private AuditedCall() {
    }

    public static Object run(AuditSpec spec, Object[] arguments, Context context, Sink sink, Callable<Object> call)
            throws Exception {
        if (spec.required()) {
            String refusal = refusal(sink);
            if (refusal != null) {
                throw new AuditFailedException(spec.action() + " was not run: it must be recorded and the activity"
                        + " log cannot take an entry now (" + refusal + ")", null);
            }
        }
        long start = System.nanoTime();
        Object result;
        try {
            result = call.call();
        } catch (Exception | Error failure) {
            NewEntry entry = entry(spec, arguments, context, start, Fit.text(failure.getMessage(), Limits.DETAIL))
                    .failed(failure);
            try {
                sink.append(entry);
            } catch (RuntimeException refused) {
                failure.addSuppressed(refused);
                LOG.log(Level.WARNING, "activity log: the failure of " + spec.action() + " is not recorded", refused);
            }
            throw failure;
        }
        try {
            sink.append(entry(spec, arguments, context, start, null));
        } catch (RuntimeException refused) {
            if (spec.required()) {
                throw new AuditFailedException(spec.action() + " ran, but the activity log did not record it, so it"
                        + " fails and its transaction is rolled back: " + refused.getMessage(), refused);
            }
            LOG.log(Level.WARNING, "activity log: " + spec.action() + " succeeded but is not recorded", refused);
        }
        return result;
    }

    /**
     * An entry's origin: the client's address and the node, each when known, e.g. {@code 203.0.113.7 node-1}; null
     * when neither is.
     */
    public static String origin(String clientAddress, String node) {
        String origin = clientAddress == null ? node : node == null ? clientAddress : clientAddress + " " + node;
        return origin == null ? null : Fit.text(origin, Limits.ORIGIN);
    }

    private static NewEntry entry(AuditSpec spec, Object[] arguments, Context context, long start, String detail) {
        String millis = String.format(Locale.ROOT, "%.3f", (System.nanoTime() - start) / 1e6);
        return new NewEntry(context.actor(), spec.action(), spec.subject(arguments), detail, null,
                context.origin(), context.correlation(), Map.of(DURATION, millis));
    }

    /** Null when the log would take an append now (or soon: it is starting), else why not. */
    private static String refusal(Sink sink) {
        try {
            Health h = sink.health();
            return switch (h.state()) {
                case AVAILABLE, DEGRADED, STARTING -> null;
                default -> h.state() + (h.cause() == null ? "" : ": " + h.cause());
            };
        } catch (RuntimeException e) {
            return String.valueOf(e);
        }
    }
}
