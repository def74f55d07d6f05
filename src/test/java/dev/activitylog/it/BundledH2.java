package dev.activitylog.it;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * In-container side of the H2 check: the version of the H2 jar packaged in the activity-log WAR, which the client
 * writes into the test deployment ({@link Deployments#bundledH2Version}) as a resource.
 */
final class BundledH2 {
    static final String RESOURCE = "expected-h2-version";

    private BundledH2() {
    }

    static String version() throws IOException {
        try (InputStream in = BundledH2.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not in the deployment");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        }
    }
}
