package dev.activitylog.it;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * The Payara Server domain of the tests ({@link TestServers}): created on first use, configured before every suite,
 * started, stopped, and driven through asadmin. With {@code -Dit.index=postgres} its index is a PostgreSQL database
 * ({@link PayaraIndex}).
 */
record PayaraDomain(Path payaraHome, String name, int portBase, Path logDirectory) {
    private static final Logger LOG = Logger.getLogger(PayaraDomain.class.getName());

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
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("activitylog.dir", logDirectory.toAbsolutePath().toString());
        if (PayaraIndex.wanted()) {
            settings.putAll(PayaraIndex.prepare(directory(), logDirectory));
        }
        configure(directory().resolve("config/domain.xml"), settings);
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
        list.addAll(remote("list-applications"));
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
                String undeployFailure = asadmin(remote("undeploy", application), null);
                if (undeployFailure != null) {
                    throw new IllegalStateException(undeployFailure);
                }
            }
        }
    }

    /** asadmin's arguments for {@code command} to the running domain: its address, then the command. */
    List<String> remote(String... command) {
        List<String> arguments = new ArrayList<>(List.of("--host", "127.0.0.1", "--port", String.valueOf(adminPort())));
        arguments.addAll(List.of(command));
        return arguments;
    }

    /** Creates the user in the running domain's file realm, or updates its password and groups. */
    void fileUser(String user, String password, String group) throws IOException, InterruptedException {
        String passwordFile = "AS_ADMIN_USERPASSWORD=" + password + "\n";
        if (asadmin(remote("update-file-user", "--groups", group, user), passwordFile) == null) {
            return;
        }
        String failure = asadmin(remote("create-file-user", "--groups", group, user), passwordFile);
        if (failure != null) {
            throw new IllegalStateException(failure);
        }
    }

    /** Runs admin-cli.jar; null when it succeeded, else what it said. */
    String asadmin(List<String> arguments, String passwordFileContent)
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
    private void configure(Path domainXml, Map<String, String> settings) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setExpandEntityReferences(false);
        Document doc = factory.newDocumentBuilder().parse(domainXml.toFile());
        Element config = serverConfig(doc);

        Element javaConfig = (Element) config.getElementsByTagName("java-config").item(0);
        // The application's settings as system properties: an earlier suite's are replaced, none is left over.
        for (Element option : children(javaConfig, "jvm-options")) {
            if (option.getTextContent().startsWith("-Dactivitylog.")) {
                javaConfig.removeChild(option);
            }
        }
        settings.forEach((key, value) -> {
            Element option = doc.createElement("jvm-options");
            option.setTextContent("-D" + key + "=" + value);
            javaConfig.appendChild(option);
        });

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
