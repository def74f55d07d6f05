package dev.activitylog.log.config;

import dev.activitylog.log.control.LogConfig;
import dev.activitylog.log.control.NodeId;
import dev.activitylog.log.control.RetentionPolicy;
import dev.activitylog.log.entity.Durability;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The module's configuration: each setting is read from the deployment's MicroProfile Config where the server has it
 * (which holds the system properties, the environment and the WAR's {@code META-INF/microprofile-config.properties},
 * each at its ordinal: see {@link DeploymentConfig}) or else from a system property, then from the environment
 * variable named here, then its default. A blank value counts as unset, so an empty {@code -D} or exported variable
 * cannot point the log at "".
 *
 * @param directory  where the log file, its lock, cut-aside tails and (by default) the index database live
 * @param dataSource JNDI name of the index database; {@link #DEFAULT_DATASOURCE} is the embedded H2 of this module
 * @param durability   when an append is acknowledged
 * @param segmentBytes the size at which the active segment is sealed and a new one started
 * @param segmentAge   the age at which it is, or null: no age limit
 * @param retention    which sealed segments are removed, and how, or null: all are kept
 * @param demo         whether a log without entries gets demo entries at start (off unless asked for)
 * @param node         this node's id ({@link NodeId}): its rows' name in a shared index, and its entries' origin
 */
public record Settings(Path directory, String dataSource, Durability durability, byte[] checkpointKey,
                       long segmentBytes, Duration segmentAge, RetentionPolicy retention, boolean demo, String node) {
    public static final String DEFAULT_DATASOURCE = "java:app/activity-log/IndexDS";

    static final Key DIR = new Key("activitylog.dir", "ACTIVITYLOG_DIR");
    static final Key DATASOURCE = new Key("activitylog.datasource", "ACTIVITYLOG_DATASOURCE");
    static final Key DURABILITY = new Key("activitylog.durability", "ACTIVITYLOG_DURABILITY");
    static final Key CHECKPOINT_KEY = new Key("activitylog.checkpointKey", "ACTIVITYLOG_CHECKPOINT_KEY");
    static final Key CHECKPOINT_KEY_FILE = new Key("activitylog.checkpointKeyFile", "ACTIVITYLOG_CHECKPOINT_KEY_FILE");
    static final Key SEGMENT_BYTES = new Key("activitylog.segmentBytes", "ACTIVITYLOG_SEGMENT_BYTES");
    static final Key SEGMENT_AGE = new Key("activitylog.segmentAge", "ACTIVITYLOG_SEGMENT_AGE");
    static final Key RETENTION = new Key("activitylog.retention", "ACTIVITYLOG_RETENTION");
    static final Key RETENTION_ACTION = new Key("activitylog.retentionAction", "ACTIVITYLOG_RETENTION_ACTION");
    static final Key ARCHIVE_DIR = new Key("activitylog.archiveDir", "ACTIVITYLOG_ARCHIVE_DIR");
    static final Key DEMO = new Key("activitylog.demo", "ACTIVITYLOG_DEMO");
    static final Key NODE = new Key("activitylog.node", "ACTIVITYLOG_NODE");
    /** Below this a segment would hold a few entries and a log of years millions of files. */
    static final long MIN_SEGMENT_BYTES = 64 << 10;
    /** Checkpoints: after this many entries, and by the maintenance timer within a minute of the last entry. */
    public static final int CHECKPOINT_EVERY = 1_000;

    /** A setting's two names. */
    record Key(String property, String variable) {
    }

    /** Where a value came from, so an error can name the exact place to fix. */
    record Value(String text, String origin) {
    }

    /** The settings of this deployment (of the class loader that loaded this class). */
    public static Settings current() {
        return from(DeploymentConfig.of(Settings.class), System::getProperty, System::getenv);
    }

    /** The settings given by system properties (and the environment) alone. */
    static Settings from(UnaryOperator<String> properties, UnaryOperator<String> environment) {
        return from(DeploymentConfig.systemProperties(properties), properties, environment);
    }

    /** {@code true} or {@code false}, in any case; false when unset. */
    static boolean flag(Value v) {
        if (v == null) {
            return false;
        }
        return switch (v.text().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(v.origin() + " has an unsupported value '" + v.text()
                    + "': use true or false");
        };
    }

    /**
     * @param settings   the value of a setting by its property name, or null (a deployment's config)
     * @param properties the JVM's system properties, for the servers' own directories behind the default
     */
    static Settings from(Function<String, Value> settings, UnaryOperator<String> properties,
                         UnaryOperator<String> environment) {
        Function<Key, Value> values = key -> lookup(key, settings, environment);
        Path directory = directory(values.apply(DIR), properties);
        Value segmentBytes = values.apply(SEGMENT_BYTES);
        return new Settings(directory, dataSource(values.apply(DATASOURCE)),
                durability(values.apply(DURABILITY)), checkpointKey(values),
                segmentBytes == null ? LogConfig.DEFAULT_SEGMENT_BYTES : size(segmentBytes),
                age(values.apply(SEGMENT_AGE)),
                RetentionSettings.policy(values.apply(RETENTION), values.apply(RETENTION_ACTION),
                        values.apply(ARCHIVE_DIR), directory),
                flag(values.apply(DEMO)), node(values.apply(NODE), properties));
    }

    /** The configured id, else the server's name for itself, else the host name ({@link NodeId}). */
    static String node(Value v, UnaryOperator<String> properties) {
        String id = NodeId.resolve(v == null ? null : v.text(), properties);
        try {
            return NodeId.valid(id);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException((v == null ? "the node id taken from the server's name" : v.origin())
                    + ": " + e.getMessage(), e);
        }
    }

    /** Bytes, or with a binary suffix: {@code 268435456}, {@code 256m}, {@code 1g}; at least 64k. */
    static long size(Value v) {
        String t = v.text().toLowerCase(Locale.ROOT);
        int shift = t.endsWith("k") ? 10 : t.endsWith("m") ? 20 : t.endsWith("g") ? 30 : 0;
        try {
            long n = Long.parseLong(shift == 0 ? t : t.substring(0, t.length() - 1));
            if (n > 0 && n <= Long.MAX_VALUE >> shift && n << shift >= MIN_SEGMENT_BYTES) {
                return n << shift;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(v.origin() + " has an unsupported value '" + v.text() + "': use a size of"
                + " at least " + (MIN_SEGMENT_BYTES >> 10) + "k, in bytes or with k, m or g (e.g. 256m)");
    }

    /** An ISO-8601 duration ({@code P1D}, {@code PT6H}); null when unset. */
    static Duration age(Value v) {
        if (v == null) {
            return null;
        }
        try {
            Duration d = Duration.parse(v.text().toUpperCase(Locale.ROOT));
            if (!d.isNegative() && !d.isZero()) {
                return d;
            }
        } catch (DateTimeParseException e) {
            // reported below
        }
        throw new IllegalArgumentException(v.origin() + " has an unsupported value '" + v.text()
                + "': use a positive ISO-8601 duration such as P1D (a day) or PT6H (six hours)");
    }

    /** The log directory alone: what the embedded index data source needs, without validating the other settings. */
    static Path directory(Class<?> deployment) {
        return directory(lookup(DIR, DeploymentConfig.of(deployment), System::getenv), System::getProperty);
    }

    private static Path directory(Value v, UnaryOperator<String> properties) {
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

    private static String dataSource(Value v) {
        return v == null ? DEFAULT_DATASOURCE : v.text();
    }

    private static Durability durability(Value v) {
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

    /**
     * The HMAC key of checkpoints, base64, from {@code activitylog.checkpointKey} or from the file that
     * {@code activitylog.checkpointKeyFile} names (the usual way to hand a secret to a server: a file only its user
     * can read, or a credential-store expression in the system property); null when neither is set.
     */
    private static byte[] checkpointKey(Function<Key, Value> values) {
        Value v = values.apply(CHECKPOINT_KEY);
        if (v == null) {
            Value file = values.apply(CHECKPOINT_KEY_FILE);
            if (file == null) {
                return null;
            }
            try {
                v = new Value(java.nio.file.Files.readString(Path.of(file.text())).strip(), "the key file " + file.text()
                        + " (" + file.origin() + ")");
            } catch (java.io.IOException | InvalidPathException e) {
                throw new IllegalArgumentException(file.origin() + " names a key file that cannot be read: " + e, e);
            }
        }
        return decodeKey(v.text(), v.origin());
    }

    /** A base64 checkpoint key of at least 256 bits; the error names where the value came from, never the value. */
    public static byte[] decodeKey(String base64, String origin) {
        byte[] key;
        try {
            key = java.util.Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(origin + " is not base64", e);
        }
        if (key.length < 32) {
            throw new IllegalArgumentException(origin + " holds " + key.length + " bytes; a checkpoint key needs at least"
                    + " 32 (e.g. head -c 32 /dev/urandom | base64)");
        }
        return key;
    }

    /** True when the index is the embedded H2 database declared by this module (which the engine may shut down). */
    public boolean embeddedIndex() {
        return DEFAULT_DATASOURCE.equals(dataSource);
    }

    /** The embedded H2 database file (without H2's {@code .mv.db} suffix). */
    public static Path embeddedIndexFile(Path logDirectory) {
        return LogConfig.embeddedIndexFile(logDirectory);
    }

    /** The JDBC URL of the embedded index (see {@link LogConfig#embeddedIndexUrl}). */
    public static String embeddedIndexUrl(Path logDirectory) {
        try {
            return LogConfig.embeddedIndexUrl(logDirectory);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(DIR.property() + ": " + e.getMessage(), e);
        }
    }

    private static Value lookup(Key key, Function<String, Value> settings, UnaryOperator<String> environment) {
        Value p = settings.apply(key.property());
        if (p != null && blankToNull(p.text()) != null) {
            return new Value(p.text().strip(), p.origin());
        }
        String e = blankToNull(environment.apply(key.variable()));
        if (e != null) {
            return new Value(e.strip(), "environment variable " + key.variable());
        }
        return null;
    }

    static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
