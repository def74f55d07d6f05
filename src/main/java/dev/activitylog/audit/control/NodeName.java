package dev.activitylog.audit.control;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.function.UnaryOperator;

/**
 * The name of this node in an entry's origin: {@code activitylog.node} (system property, or environment variable
 * {@code ACTIVITYLOG_NODE}), else the server's own name for itself (WildFly's {@code jboss.node.name}, which is the
 * host name unless set; Payara's instance name {@code com.sun.aas.instanceName}), else the host name.
 */
public final class NodeName {
    private static final String NAME = resolve(System::getProperty, System::getenv);

    private NodeName() {
    }

    public static String current() {
        return NAME;
    }

    static String resolve(UnaryOperator<String> properties, UnaryOperator<String> environment) {
        for (String candidate : new String[]{properties.apply("activitylog.node"), environment.apply("ACTIVITYLOG_NODE"),
                properties.apply("jboss.node.name"), properties.apply("com.sun.aas.instanceName")}) {
            if (candidate != null && !candidate.isBlank()) {
                return candidate.strip();
            }
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
