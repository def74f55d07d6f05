package dev.activitylog.it;

import org.jboss.arquillian.container.spi.client.protocol.metadata.HTTPContext;
import org.jboss.arquillian.container.spi.client.protocol.metadata.ProtocolMetaData;
import org.jboss.arquillian.container.spi.event.container.AfterDeploy;
import org.jboss.arquillian.container.spi.event.container.AfterStart;
import org.jboss.arquillian.container.spi.event.container.AfterStop;
import org.jboss.arquillian.container.spi.event.container.BeforeSetup;
import org.jboss.arquillian.core.api.Instance;
import org.jboss.arquillian.core.api.annotation.Inject;
import org.jboss.arquillian.core.api.annotation.Observes;
import org.jboss.arquillian.core.spi.LoadableExtension;

/**
 * Client-side Arquillian extension (META-INF/services) for what differs between the test servers:
 * <ul>
 * <li>After a deployment, tells {@link Http} the HTTP port the container reported: WildFly's is 8080 + the port
 * offset, Payara's is its port base + 80.</li>
 * <li>Before the Payara container is set up, prepares its domain (the WildFly suite needs nothing here): creates it in
 * the unpacked Payara on first use, with the configured port base, then sets what the tests need in its
 * domain.xml — HTTP, admin, IIOP and JMX on 127.0.0.1 only, and {@code -Dactivitylog.dir} — and checks that nothing
 * already answers on its ports (Payara's start-domain would otherwise wait 600 s for a server that exited at once).
 * </li>
 * <li>After the Payara container is started (which, for this adapter, starts nothing: it would run start-domain inside
 * the first deployment), starts the domain, undeploys what an earlier run left deployed in it, and creates (or updates)
 * the ITs' users in its file realm, as add-user.sh does for WildFly in pom.xml: {@code it-admin} in the group
 * {@code activity-log-admin}, which glassfish-web.xml maps to the role, and {@code it-viewer} without it. With
 * {@code -Dit.index=postgres}, also the JDBC resource of a PostgreSQL index ({@link PayaraIndex}).</li>
 * </ul>
 */
public class TestServers implements LoadableExtension {
    @Override
    public void register(ExtensionBuilder builder) {
        builder.observer(Observer.class);
    }

    public static class Observer {
        @Inject
        private Instance<ProtocolMetaData> metaData;

        public void deployed(@Observes AfterDeploy event) {
            ProtocolMetaData md = metaData.get();
            if (md != null && md.hasContext(HTTPContext.class)) {
                Http.usePort(md.getContexts(HTTPContext.class).iterator().next().getPort());
            }
        }

        public void settingUp(@Observes BeforeSetup event) throws Exception {
            if (payara()) {
                PayaraDomain.fromSystemProperties().prepare();
            }
        }

        public void started(@Observes AfterStart event) throws Exception {
            if (payara()) {
                PayaraDomain domain = PayaraDomain.fromSystemProperties();
                // The adapter would start the domain only inside the first deployment; the users must exist before.
                // Started here, the adapter finds it running at deploy time and still stops it at the end.
                domain.start();
                domain.undeployLeftovers();
                domain.fileUser(Http.ADMIN_USER, Http.ADMIN_PASSWORD, "activity-log-admin");
                domain.fileUser(Http.VIEWER_USER, Http.VIEWER_PASSWORD, "activity-log-viewer");
                if (PayaraIndex.wanted()) {
                    PayaraIndex.createResource(domain);
                }
            }
        }

        public void stopped(@Observes AfterStop event) throws Exception {
            if (payara()) {
                // The adapter's own stop-domain can fail (after a rerun of a test class it names the domain twice),
                // leaving the server running: stop it here too (a no-op when the adapter did).
                PayaraDomain.fromSystemProperties().stop();
            }
        }

        private static boolean payara() {
            return "payara".equals(System.getProperty("arquillian.launch"));
        }
    }
}
