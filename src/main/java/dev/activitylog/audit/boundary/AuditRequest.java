package dev.activitylog.audit.boundary;

import dev.activitylog.audit.control.TraceParent;
import dev.activitylog.log.entity.Limits;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;

import java.security.Principal;
import java.util.UUID;

/**
 * Where the calls of one request come from, for the entries of its {@link Audited} calls: the HTTP request the
 * request context belongs to, read when first asked (the container's {@code HttpServletRequest} bean, so it works in
 * every module of an EAR without a filter to register), or nothing when the context is not an HTTP request's (a
 * timer, a message, a remote EJB call). The correlation id is, in this order: the trace id of the request's W3C
 * {@code traceparent}; an id given with {@link #correlate}; the request's {@code X-Request-ID} header; an id
 * generated once for the request, so every entry of the request carries the same one.
 */
@RequestScoped
public class AuditRequest {
    static final String REQUEST_ID = "X-Request-ID";

    @Inject
    Instance<HttpServletRequest> http;

    private boolean read;
    private String address;
    private String traceId;
    private String requestId;
    private Principal user;
    private String given;
    private String generated;

    /**
     * Ties the rest of this request's entries together by the caller's own id (a business transaction's, a job's),
     * where the request has no {@code traceparent}.
     *
     * @throws IllegalArgumentException when the id is empty, longer than {@value Limits#CORRELATION} characters, or
     *                                  not printable ASCII without spaces (the entry's correlation rule)
     */
    public void correlate(String id) {
        if (!valid(id)) {
            throw new IllegalArgumentException("correlation must be 1 to " + Limits.CORRELATION
                    + " printable ASCII characters without spaces: " + id);
        }
        given = id;
    }

    /** The correlation id of this request's entries (never null). */
    public String correlation() {
        read();
        if (traceId != null) {
            return traceId;
        }
        if (given != null) {
            return given;
        }
        if (requestId != null) {
            return requestId;
        }
        if (generated == null) {
            generated = newId();
        }
        return generated;
    }

    /** A correlation id of a call outside any request: 32 hex digits, the shape of a trace id. */
    static String newId() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    /** The client's address as the server saw it (the proxy's, behind one unless the server is told), or null. */
    public String clientAddress() {
        read();
        return address;
    }

    /** The HTTP request's authenticated user, or null. */
    public Principal user() {
        read();
        return user;
    }

    private void read() {
        if (read) {
            return;
        }
        read = true;
        try {
            HttpServletRequest request = http.get();
            address = request.getRemoteAddr();
            traceId = TraceParent.traceId(request.getHeader("traceparent")).orElse(null);
            String id = request.getHeader(REQUEST_ID);
            requestId = valid(id) ? id : null;
            user = request.getUserPrincipal();
        } catch (RuntimeException notAnHttpRequest) {
            // The request context of a timer, a message or a remote call: no address, a generated correlation id.
            address = null;
        }
    }

    private static boolean valid(String id) {
        return id != null && !id.isEmpty() && id.length() <= Limits.CORRELATION
                && id.matches(Limits.CORRELATION_PATTERN);
    }
}
