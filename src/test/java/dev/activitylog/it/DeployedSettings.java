package dev.activitylog.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * In-container side of settings that a test's {@code @Deployment} method (which runs on the client, where failsafe's
 * properties are) writes into the test archive as a properties resource. Add this class to the archive.
 */
final class DeployedSettings {
    private DeployedSettings() {
    }

    static Properties read(String resource) {
        Properties p = new Properties();
        try (InputStream in = DeployedSettings.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not in the deployment");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }
}
