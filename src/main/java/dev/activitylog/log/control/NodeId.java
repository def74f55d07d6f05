package dev.activitylog.log.control;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * A node's id: the name its rows carry in a shared index and that its entries' origins give. {@code activitylog.node}
 * when set, else the server's own name for itself (WildFly's {@code jboss.node.name}, which is the host name unless
 * set; Payara's instance name {@code com.sun.aas.instanceName}), else the host name. Letters, digits, '.', '_' and
 * '-', 1 to 64 of them, starting with a letter or digit: it goes into SQL as a value and into file names.
 */
public final class NodeId {
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private NodeId() {
    }

    /** @param configured the value of {@code activitylog.node}, or null when unset */
    public static String resolve(String configured, UnaryOperator<String> properties) {
        for (String candidate : new String[]{configured, properties.apply("jboss.node.name"),
                properties.apply("com.sun.aas.instanceName")}) {
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

    /** The id, if it is one; else an error that says what an id may hold. */
    public static String valid(String id) {
        if (id == null || !VALID.matcher(id).matches()) {
            throw new IllegalArgumentException("'" + id + "' is not a node id: use 1 to 64 letters, digits, '.', '_'"
                    + " or '-', starting with a letter or digit (activitylog.node)");
        }
        return id;
    }
}
