package dev.activitylog.audit.boundary;

import dev.activitylog.audit.control.AuditSpec;
import dev.activitylog.audit.control.AuditedCall;
import dev.activitylog.audit.control.Callers;
import dev.activitylog.log.boundary.ActivityLog;
import dev.activitylog.log.entity.Health;
import dev.activitylog.log.entity.NewEntry;
import jakarta.annotation.Priority;
import jakarta.ejb.EJBContext;
import jakarta.enterprise.context.ContextNotActiveException;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import jakarta.security.enterprise.SecurityContext;

import javax.naming.InitialContext;
import javax.naming.NamingException;
import java.io.Serializable;
import java.lang.reflect.Method;
import java.security.Principal;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Records each call of an {@link Audited} method ({@link AuditedCall} has the rules). Enabled for the whole
 * application by its priority, in the library range so that it wraps the application's own interceptors and sees
 * what their failures do to the call; it runs inside the container's transaction, which a required call's refused
 * entry rolls back. The log is looked up by its portable name, as other modules of an EAR must (they cannot inject
 * a bean of the WAR), at every call: cheap, and never a stale reference after the log's module is redeployed.
 */
@Audited
@Interceptor
@Priority(Interceptor.Priority.LIBRARY_BEFORE)
public class AuditedInterceptor implements Serializable {
    static final String LOG_NAME = "java:app/activity-log/ActivityLog!dev.activitylog.log.boundary.ActivityLog";
    private static final long serialVersionUID = 1L;
    private static final Map<Method, AuditSpec> SPECS = new ConcurrentHashMap<>();

    @Inject
    Instance<AuditRequest> request;

    @Inject
    Instance<SecurityContext> security;

    @AroundInvoke
    public Object audit(InvocationContext call) throws Exception {
        AuditSpec spec = SPECS.computeIfAbsent(call.getMethod(), method -> spec(method, call.getTarget()));
        LogSink sink = new LogSink();
        return AuditedCall.run(spec, call.getParameters(), context(sink), sink, call::proceed);
    }

    private static AuditSpec spec(Method method, Object target) {
        Audited a = method.getAnnotation(Audited.class);
        if (a == null) {  // on the class; @Inherited, so a container's subclass of it has it too
            a = target.getClass().getAnnotation(Audited.class);
        }
        if (a == null) {
            a = method.getDeclaringClass().getAnnotation(Audited.class);
        }
        return a == null ? AuditSpec.of(method, "", "", false, AuditSubject.class)
                : AuditSpec.of(method, a.action(), a.subject(), a.required(), AuditSubject.class);
    }

    private AuditedCall.Context context(LogSink sink) {
        String address = null;
        String correlation;
        Principal user = null;
        try {
            AuditRequest r = request.get();
            address = r.clientAddress();
            correlation = r.correlation();
            user = r.user();
        } catch (ContextNotActiveException noRequest) {
            correlation = AuditRequest.newId();
        }
        return new AuditedCall.Context(Callers.actor(securityCaller(), ejbCaller(), user),
                AuditedCall.origin(address, sink.node()), correlation);
    }

    private Principal securityCaller() {
        try {
            return security.isResolvable() ? security.get().getCallerPrincipal() : null;
        } catch (RuntimeException notHere) {
            return null;
        }
    }

    /** The caller of the EJB this call goes to; none for a CDI bean. */
    private static Principal ejbCaller() {
        try {
            return InitialContext.<EJBContext>doLookup("java:comp/EJBContext").getCallerPrincipal();
        } catch (NamingException | RuntimeException notAnEjb) {
            return null;
        }
    }

    private static final class LogSink implements AuditedCall.Sink {
        /** The log's node id, or null while there is no log to ask (the append then says why). */
        String node() {
            try {
                return log().node();
            } catch (RuntimeException noLog) {
                return null;
            }
        }

        @Override
        public void append(NewEntry entry) {
            log().append(entry);
        }

        @Override
        public Health health() {
            return log().health();
        }

        private static ActivityLog log() {
            try {
                return InitialContext.doLookup(LOG_NAME);
            } catch (NamingException e) {
                throw new IllegalStateException("no activity log at " + LOG_NAME + ": " + e, e);
            }
        }
    }
}
