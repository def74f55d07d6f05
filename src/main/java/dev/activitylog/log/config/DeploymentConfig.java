package dev.activitylog.log.config;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.ConfigValue;

import java.util.ServiceConfigurationError;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Where a deployment's settings come from. With MicroProfile Config (WildFly's standalone.xml and Payara have it), the
 * config of the deployment's class loader: system properties (ordinal 400), environment variables (300) and the WAR's
 * {@code WEB-INF/classes/META-INF/microprofile-config.properties} (100, or the {@code config_ordinal} it sets), so two
 * applications on one server can each keep their log apart. Without it, the JVM's system properties, as before.
 */
final class DeploymentConfig {
    private DeploymentConfig() {
    }

    /** The settings of the deployment that loaded {@code owner}. */
    static Function<String, Settings.Value> of(Class<?> owner) {
        try {
            return MicroProfile.of(owner.getClassLoader());
        } catch (LinkageError | IllegalStateException | ServiceConfigurationError e) {
            // No MicroProfile Config API or implementation on this server (or in a unit test).
            return systemProperties(System::getProperty);
        }
    }

    static Function<String, Settings.Value> systemProperties(UnaryOperator<String> properties) {
        return name -> {
            String v = properties.apply(name);
            return v == null ? null : new Settings.Value(v, "system property " + name);
        };
    }

    /** Loaded only when MicroProfile Config is there: its types appear nowhere else. */
    private static final class MicroProfile {
        static Function<String, Settings.Value> of(ClassLoader loader) {
            Config config = ConfigProvider.getConfig(loader);
            return name -> {
                ConfigValue v = config.getConfigValue(name);
                return v == null || v.getRawValue() == null ? null
                        : new Settings.Value(v.getRawValue(), "setting " + name + " (from " + v.getSourceName() + ")");
            };
        }
    }
}
