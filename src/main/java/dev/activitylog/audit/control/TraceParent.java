package dev.activitylog.audit.control;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The trace id of a W3C Trace Context {@code traceparent} header
 * (https://www.w3.org/TR/trace-context/#traceparent-header): {@code version-traceid-parentid-flags}, lower-case hex.
 * A header that breaks the rules gives nothing, as the specification tells a receiver to ignore it: version
 * {@code ff}, an all-zero trace or parent id, version 00 with anything after the flags.
 */
public final class TraceParent {
    private static final Pattern HEADER =
            Pattern.compile("([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?");
    private static final String ZERO_TRACE = "0".repeat(32);
    private static final String ZERO_PARENT = "0".repeat(16);

    private TraceParent() {
    }

    public static Optional<String> traceId(String header) {
        if (header == null) {
            return Optional.empty();
        }
        Matcher m = HEADER.matcher(header.strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        String version = m.group(1);
        boolean valid = !version.equals("ff")
                && !(version.equals("00") && m.group(5) != null)
                && !m.group(2).equals(ZERO_TRACE)
                && !m.group(3).equals(ZERO_PARENT);
        return valid ? Optional.of(m.group(2)) : Optional.empty();
    }
}
