package dev.activitylog.it;

import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.JavaArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;

import java.io.File;

/** Test deployments: the WAR that `mvn package` built, plus test-only classes. */
final class Deployments {
    /** Name and context root of every deployment: the tests share one log directory, so one deployment at a time. */
    static final String WAR_NAME = "activity-log.war";

    private Deployments() {
    }

    static WebArchive packagedWar(Class<?>... testClasses) {
        WebArchive archive = ShrinkWrap.create(WebArchive.class, WAR_NAME)
                .merge(ShrinkWrap.createFromZipFile(WebArchive.class, built("it.war", "target/activity-log.war")));
        return archive.addClasses(testClasses);
    }

    /** activity-log-&lt;version&gt;-api.jar as `mvn package` built it: what an EAR puts in lib/. */
    static JavaArchive apiJar() {
        return ShrinkWrap.create(JavaArchive.class, "activity-log-api.jar")
                .merge(ShrinkWrap.createFromZipFile(JavaArchive.class, built("it.apiJar", "target/activity-log-api.jar")));
    }

    /** activity-log-&lt;version&gt;-ear.war as `mvn package` built it (no API classes), as activity-log.war. */
    static WebArchive earModuleWar() {
        return ShrinkWrap.create(WebArchive.class, WAR_NAME)
                .merge(ShrinkWrap.createFromZipFile(WebArchive.class, built("it.earWar", "target/activity-log-ear.war")));
    }

    /** The version of the H2 jar in a WAR's WEB-INF/lib: the one the index must run on, whatever the server ships. */
    static String bundledH2Version(WebArchive war) {
        return war.getContent(path -> path.get().matches("/WEB-INF/lib/h2-[^/]+\\.jar")).keySet().stream()
                .map(path -> path.get().replaceAll(".*/h2-(.+)\\.jar", "$1"))
                .findFirst().orElseThrow(() -> new IllegalStateException("no H2 jar in " + war.getName()));
    }

    private static File built(String property, String fallback) {
        File file = new File(System.getProperty(property, fallback));
        if (!file.isFile()) {
            throw new IllegalStateException(file + " does not exist: run the ITs through `mvn verify`");
        }
        return file;
    }
}
