package dev.activitylog.log.boundary;

import dev.activitylog.log.entity.Durability;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * The module's configuration: each setting is read from a system property, then an environment variable, then its
 * default. A blank value counts as unset, so an empty {@code -D} or exported variable cannot point the log at "".
 *
 * @param directory  where the log file, its lock, cut-aside tails and (by default) the index database live
 * @param dataSource JNDI name of the index database; {@link #DEFAULT_DATASOURCE} is the embedded H2 of this module
 * @param durability when an append is acknowledged
 */
public record Settings(Path directory, String dataSource, Durability durability) {
    public static final String DEFAULT_DATASOURCE = "java:app/activity-log/IndexDS";

    static final Key DIR = new Key("activitylog.dir", "ACTIVITYLOG_DIR");
    static final Key DATASOURCE = new Key("activitylog.datasource", "ACTIVITYLOG_DATASOURCE");
    static final Key DURABILITY = new Key("activitylog.durability", "ACTIVITYLOG_DURABILITY");

    /** A setting's two names. */
    record Key(String property, String variable) {
    }

    /** Where a value came from, so an error can name the exact place to fix. */
    private record Value(String text, String origin) {
    }

    /** The settings of this JVM. */
    public static Settings current() {
        return from(System::getProperty, System::getenv);
    }

    static Settings from(UnaryOperator<String> properties, UnaryOperator<String> environment) {
        return new Settings(directory(properties, environment), dataSource(properties, environment),
                durability(properties, environment));
    }

    /** The log directory alone: what the embedded index data source needs, without validating the other settings. */
    static Path directory(UnaryOperator<String> properties, UnaryOperator<String> environment) {
        Value v = lookup(DIR, properties, environment);
        String text;
        String origin;
        if (v != null) {
            text = v.text();
            origin = v.origin();
        } else {
            text = defaultDirectory(properties);
            origin = "the default of " + DIR.property();
        }
        try {
            // H2 refuses relative database paths, and a log that moves with the working directory is a trap anyway.
            return Path.of(text).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException(origin + " is not a valid path: '" + text + "' (" + e.getReason() + ")", e);
        }
    }

    /**
     * Where the server keeps data that must outlive a restart:
     * <ul>
     * <li>WildFly: {@code ${jboss.server.data.dir}/activity-log} (standalone/data).</li>
     * <li>Payara Server (and GlassFish): {@code ${com.sun.aas.instanceRoot}/activity-log}, in the domain directory
     * (glassfish/domains/domain1), next to its config and logs.</li>
     * <li>Payara Micro: its instance root is the runtime directory it unpacks itself into, a temporary directory
     * (/tmp/payaramicro-rt...tmp) that it deletes when it stops; a log there would vanish with every restart. So
     * Micro gets the plain default, like any other runtime: {@code ${user.dir}/activity-log-data}.</li>
     * </ul>
     */
    private static String defaultDirectory(UnaryOperator<String> properties) {
        String wildFlyData = blankToNull(properties.apply("jboss.server.data.dir"));
        if (wildFlyData != null) {
            return wildFlyData + "/activity-log";
        }
        String instanceRoot = blankToNull(properties.apply("com.sun.aas.instanceRoot"));
        if (instanceRoot != null && !payaraMicro(properties)) {
            return instanceRoot + "/activity-log";
        }
        return properties.apply("user.dir") + "/activity-log-data";
    }

    /** Payara Micro sets these (launched from its jar, an uber jar or embedded) and Payara Server does not. */
    private static boolean payaraMicro(UnaryOperator<String> properties) {
        return blankToNull(properties.apply("fish.payara.micro.tmpdir")) != null
                || blankToNull(properties.apply("fish.payara.micro.BootJar")) != null
                || String.valueOf(properties.apply("product.name")).startsWith("Payara Micro");
    }

    private static String dataSource(UnaryOperator<String> properties, UnaryOperator<String> environment) {
        Value v = lookup(DATASOURCE, properties, environment);
        return v == null ? DEFAULT_DATASOURCE : v.text();
    }

    private static Durability durability(UnaryOperator<String> properties, UnaryOperator<String> environment) {
        Value v = lookup(DURABILITY, properties, environment);
        if (v == null) {
            return Durability.GROUP;
        }
        try {
            return Durability.valueOf(v.text().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(v.origin() + " has an unsupported value '" + v.text()
                    + "': use GROUP (acknowledge after an fsync shared with concurrent appends, the default), FSYNC"
                    + " (an fsync per append), INTERVAL (fsync at least every second) or NONE (page cache only)", e);
        }
    }

    /** True when the index is the embedded H2 database declared by this module (which the engine may shut down). */
    public boolean embeddedIndex() {
        return DEFAULT_DATASOURCE.equals(dataSource);
    }

    /** The embedded H2 database file (without H2's {@code .mv.db} suffix). */
    public static Path embeddedIndexFile(Path logDirectory) {
        return logDirectory.resolve("index").resolve("activity-index");
    }

    /**
     * The JDBC URL of the embedded index. {@code retry:} is H2's FilePathRetryOnInterrupt: without it one interrupted
     * caller thread closes the database file for every thread. {@code DB_CLOSE_ON_EXIT=FALSE} leaves closing to
     * the engine (SHUTDOWN on undeploy) instead of a JVM shutdown hook racing it.
     */
    public static String embeddedIndexUrl(Path logDirectory) {
        String file = embeddedIndexFile(logDirectory).toAbsolutePath().toString();
        if (file.contains(";")) {
            throw new IllegalArgumentException(DIR.property() + " must not contain ';' when the embedded index is used"
                    + " (H2 reads it as a URL option separator): " + logDirectory);
        }
        return "jdbc:h2:retry:" + file + ";DB_CLOSE_ON_EXIT=FALSE";
    }

    private static Value lookup(Key key, UnaryOperator<String> properties, UnaryOperator<String> environment) {
        String p = blankToNull(properties.apply(key.property()));
        if (p != null) {
            return new Value(p.strip(), "system property " + key.property());
        }
        String e = blankToNull(environment.apply(key.variable()));
        if (e != null) {
            return new Value(e.strip(), "environment variable " + key.variable());
        }
        return null;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
