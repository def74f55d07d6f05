package dev.activitylog.it;

import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;

import java.io.File;

/** Test deployments: the WAR that `mvn package` built, plus test-only classes. */
final class Deployments {
    /** Name and context root of every deployment: the tests share one log directory, so one deployment at a time. */
    static final String WAR_NAME = "activity-log.war";

    private Deployments() {
    }

    static WebArchive packagedWar(Class<?>... testClasses) {
        File war = new File(System.getProperty("it.war", "target/activity-log.war"));
        if (!war.isFile()) {
            throw new IllegalStateException(war + " does not exist: run the ITs through `mvn verify`");
        }
        WebArchive archive = ShrinkWrap.create(WebArchive.class, WAR_NAME)
                .merge(ShrinkWrap.createFromZipFile(WebArchive.class, war));
        return archive.addClasses(testClasses);
    }
}
