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
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

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
 * {@code activity-log-admin}, which glassfish-web.xml maps to the role, and {@code it-viewer} without it.</li>
 * </ul>
 */
public class TestServers implements LoadableExtension {
    private static final Logger LOG = Logger.getLogger(TestServers.class.getName());

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

    /** The Payara Server domain of the tests. */
    record PayaraDomain(Path payaraHome, String name, int portBase, Path logDirectory) {
        static PayaraDomain fromSystemProperties() {
            return new PayaraDomain(Path.of(required("payara.home")), required("payara.it.domain"),
                    Integer.parseInt(required("payara.it.portBase")), Path.of(required("it.data.dir"), "log"));
        }

        int adminPort() {
            return portBase + 48;
        }

        int httpPort() {
            return portBase + 80;
        }

        Path directory() {
            return payaraHome.resolve("glassfish/domains").resolve(name);
        }

        void prepare() throws Exception {
            for (int port : List.of(adminPort(), httpPort())) {
                if (answers(port)) {
                    throw new IllegalStateException("something already listens on 127.0.0.1:" + port
                            + " (a Payara domain left running? " + payaraHome.resolve("bin/asadmin")
                            + " stop-domain " + name + ", or stop the process by its PID); or choose another port base"
                            + " with -Dpayara.it.portBase=N -Dpayara.it.adminPort=N+48");
                }
            }
            if (!Files.isDirectory(directory())) {
                create();
            }
            configure(directory().resolve("config/domain.xml"));
        }

        private void create() throws IOException, InterruptedException {
            LOG.info(() -> "creating the test domain " + name + " in " + payaraHome);
            String failure = asadmin(List.of("create-domain", "--nopassword=true", "--portbase",
                    String.valueOf(portBase), name), null);
            if (failure != null) {
                throw new IllegalStateException(failure);
            }
        }

        void start() throws IOException, InterruptedException {
            LOG.info(() -> "starting the test domain " + name);
            String failure = asadmin(List.of("start-domain", name), null);
            if (failure != null) {
                throw new IllegalStateException(failure + "\nserver log: " + directory().resolve("logs/server.log"));
            }
        }

        void stop() throws IOException, InterruptedException {
            String failure = asadmin(List.of("stop-domain", "--kill=true", name), null);
            LOG.info(() -> "test domain " + name + (failure == null ? " stopped" : ": " + failure));
        }

        /**
         * Undeploys every application of the running domain. The domain is the tests' own, and a test JVM that died
         * before its undeploy (killed, out of memory) leaves its deployment registered: the next suite's first
         * deployment of the same name would be refused ("Application with name activity-log is already registered").
         */
        void undeployLeftovers() throws IOException, InterruptedException {
            List<String> list = new ArrayList<>(List.of("--terse"));
            list.addAll(remote());
            list.add("list-applications");
            StringBuilder output = new StringBuilder();
            String failure = asadmin(list, null, output);
            if (failure != null) {
                throw new IllegalStateException(failure);
            }
            // One line per application: "name  <ejb, web, ...>"; "Nothing to list." when there is none.
            for (String line : output.toString().split("\n")) {
                if (line.contains("<")) {
                    String application = line.trim().split("\\s+")[0];
                    LOG.warning(() -> "undeploying " + application + ", left deployed in " + name + " by an earlier run");
                    List<String> undeploy = new ArrayList<>(remote());
                    undeploy.addAll(List.of("undeploy", application));
                    String undeployFailure = asadmin(undeploy, null);
                    if (undeployFailure != null) {
                        throw new IllegalStateException(undeployFailure);
                    }
                }
            }
        }

        /** asadmin's options for a command to the running domain. */
        private List<String> remote() {
            return List.of("--host", "127.0.0.1", "--port", String.valueOf(adminPort()));
        }

        /** Creates the user in the running domain's file realm, or updates its password and groups. */
        void fileUser(String user, String password, String group) throws IOException, InterruptedException {
            String passwordFile = "AS_ADMIN_USERPASSWORD=" + password + "\n";
            List<String> remote = remote();
            List<String> update = new ArrayList<>(remote);
            update.addAll(List.of("update-file-user", "--groups", group, user));
            if (asadmin(update, passwordFile) == null) {
                return;
            }
            List<String> create = new ArrayList<>(remote);
            create.addAll(List.of("create-file-user", "--groups", group, user));
            String failure = asadmin(create, passwordFile);
            if (failure != null) {
                throw new IllegalStateException(failure);
            }
        }

        /** Runs admin-cli.jar; null when it succeeded, else what it said. */
        private String asadmin(List<String> arguments, String passwordFileContent)
                throws IOException, InterruptedException {
            return asadmin(arguments, passwordFileContent, new StringBuilder());
        }

        /** Runs admin-cli.jar and appends what it printed to {@code output}; null when it succeeded, else what it said. */
        private String asadmin(List<String> arguments, String passwordFileContent, StringBuilder output)
                throws IOException, InterruptedException {
            Path java = Path.of(System.getProperty("java.home"), "bin", "java");
            List<String> command = new ArrayList<>(List.of(java.toString(), "-jar",
                    payaraHome.resolve("glassfish/modules/admin-cli.jar").toString(), "--interactive=false"));
            Path passwords = null;
            Path log = Files.createTempFile("asadmin", ".log");
            try {
                if (passwordFileContent != null) {
                    passwords = Files.createTempFile("asadmin", ".pw");
                    Files.writeString(passwords, passwordFileContent);
                    command.addAll(List.of("--passwordfile", passwords.toString()));
                }
                command.addAll(arguments);
                Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                        .start();
                if (!p.waitFor(5, TimeUnit.MINUTES)) {
                    p.destroyForcibly();
                    return "asadmin " + arguments + " did not finish in 5 minutes";
                }
                String printed = Files.readString(log, StandardCharsets.UTF_8);
                output.append(printed);
                return p.exitValue() == 0 ? null : "asadmin " + arguments + " failed (" + p.exitValue() + "): " + printed;
            } finally {
                Files.deleteIfExists(log);
                if (passwords != null) {
                    Files.deleteIfExists(passwords);
                }
            }
        }

        /** Idempotent: run before every suite, so a changed it.data.dir is picked up. */
        private void configure(Path domainXml) throws Exception {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setExpandEntityReferences(false);
            Document doc = factory.newDocumentBuilder().parse(domainXml.toFile());
            Element config = serverConfig(doc);

            Element javaConfig = (Element) config.getElementsByTagName("java-config").item(0);
            String logDirOption = "-Dactivitylog.dir=" + logDirectory.toAbsolutePath();
            for (Element option : children(javaConfig, "jvm-options")) {
                if (option.getTextContent().startsWith("-Dactivitylog.dir=")) {
                    javaConfig.removeChild(option);
                }
            }
            Element option = doc.createElement("jvm-options");
            option.setTextContent(logDirOption);
            javaConfig.appendChild(option);

            // HTTP and admin listeners have no address (all interfaces); IIOP and the JMX connector (unauthenticated
            // with --nopassword) say 0.0.0.0.
            NodeList listeners = config.getElementsByTagName("network-listener");
            for (int i = 0; i < listeners.getLength(); i++) {
                ((Element) listeners.item(i)).setAttribute("address", "127.0.0.1");
            }
            NodeList all = config.getElementsByTagName("*");
            for (int i = 0; i < all.getLength(); i++) {
                Element e = (Element) all.item(i);
                if ("0.0.0.0".equals(e.getAttribute("address"))) {
                    e.setAttribute("address", "127.0.0.1");
                }
            }

            var transformer = TransformerFactory.newInstance().newTransformer();
            transformer.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
            transformer.transform(new DOMSource(doc), new StreamResult(domainXml.toFile()));
        }

        private static Element serverConfig(Document doc) {
            NodeList configs = doc.getElementsByTagName("config");
            for (int i = 0; i < configs.getLength(); i++) {
                Element c = (Element) configs.item(i);
                if ("server-config".equals(c.getAttribute("name"))) {
                    return c;
                }
            }
            throw new IllegalStateException("no server-config in domain.xml");
        }

        private static List<Element> children(Element parent, String tag) {
            List<Element> found = new ArrayList<>();
            for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n instanceof Element e && tag.equals(e.getTagName())) {
                    found.add(e);
                }
            }
            return found;
        }

        private static boolean answers(int port) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
                return true;
            } catch (IOException e) {
                return false;
            }
        }

        private static String required(String property) {
            String value = System.getProperty(property);
            if (value == null || value.isBlank()) {
                throw new IllegalStateException("system property " + property + " is not set (pom.xml, profile payara)");
            }
            return value;
        }
    }
}
