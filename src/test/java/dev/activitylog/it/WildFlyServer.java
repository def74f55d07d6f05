package dev.activitylog.it;

import dev.activitylog.testing.ProcessOutput;
import dev.activitylog.testing.TestFiles;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * A WildFly the test starts itself with {@code standalone.sh} (not through Arquillian, which cannot survive a SIGKILL
 * of its server): the unpacked distribution, a private copy of the pristine {@code standalone/} base directory, the
 * test WAR in its {@code deployments/} directory (the deployment scanner deploys it at every boot), loopback only, a
 * port offset of its own.
 * <p>
 * {@link #kill()} sends SIGKILL to the server's JVM (the java child of the script, found through
 * {@link ProcessHandle}), so nothing runs a shutdown hook. No server outlives the test: {@link #close()} stops it,
 * a JVM shutdown hook kills it if the test JVM exits first, and a server left by a test JVM that was itself killed is
 * found through the PID file and killed by its PID at the next {@link #prepare}.
 */
final class WildFlyServer implements AutoCloseable {
    /** Every port standalone.xml binds, before the offset. */
    private static final List<Integer> PORTS = List.of(8080, 8443, 8009, 9990, 9993, 4712, 4713);
    /** The first console line of each of these means the boot ended. */
    static final String STARTED = "WFLYSRV0025";
    static final String STARTED_WITH_ERRORS = "WFLYSRV0026";
    static final String DEPLOYING = "WFLYSRV0027";

    private final Path jbossHome;
    private final Path work;
    private final Path base;
    private final int portOffset;
    private final Thread reaper = new Thread(this::killQuietly, "kill the torture WildFly");
    private Process script;
    private ProcessHandle java;
    private BlockingQueue<String> console;
    private int boots;

    private WildFlyServer(Path jbossHome, Path work, Path base, int portOffset) {
        this.jbossHome = jbossHome;
        this.work = work;
        this.base = base;
        this.portOffset = portOffset;
    }

    /**
     * A fresh base directory under {@code work} with {@code war} deployed; the first port offset from
     * {@code preferredOffset} up (in steps of 10) whose ports are all free on loopback.
     */
    static WildFlyServer prepare(Path jbossHome, Path pristineBase, Path work, Path war, int preferredOffset)
            throws IOException {
        Files.createDirectories(work);
        killLeftover(work.resolve("wildfly.pid"));
        Path base = work.resolve("base");
        TestFiles.deleteTree(base);
        TestFiles.copyTree(pristineBase, base);
        Files.copy(war, base.resolve("deployments").resolve(war.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        int offset = preferredOffset;
        while (!portsFree(offset)) {
            offset += 10;
            if (offset > preferredOffset + 200) {
                throw new IllegalStateException("no free port offset between " + preferredOffset + " and "
                        + (offset - 10) + " on 127.0.0.1 (set -Dtorture.server.portOffset)");
            }
        }
        return new WildFlyServer(jbossHome, work, base, offset);
    }

    /**
     * Runs management commands on this server's configuration while it is stopped, as an operator would: the CLI's
     * embedded server on the base directory ({@code embed-server} ... {@code stop-embedded-server} around them).
     */
    void configure(List<String> commands) throws IOException, InterruptedException {
        Path script = work.resolve("configure.cli");
        List<String> lines = new ArrayList<>();
        lines.add("embed-server --server-config=standalone.xml --stability=community");
        lines.addAll(commands);
        lines.add("stop-embedded-server");
        Files.write(script, lines, StandardCharsets.UTF_8);
        ProcessBuilder pb = new ProcessBuilder(jbossHome.resolve("bin/jboss-cli.sh").toString(),
                "-Djboss.server.base.dir=" + base, "--file=" + script).redirectErrorStream(true);
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException("the CLI failed on " + script + ":\n" + out);
        }
    }

    URI baseUri() {
        return URI.create("http://127.0.0.1:" + (8080 + portOffset) + "/activity-log/");
    }

    /**
     * Starts the server with these system properties; returns once its JVM runs. The console is read by a thread of
     * its own (into {@link #awaitLine}) and copied to {@code console-<boot>.log} under the work directory.
     */
    void start(Map<String, String> systemProperties) throws IOException, TimeoutException, InterruptedException {
        if (java != null && java.isAlive()) {
            throw new IllegalStateException("already running: pid " + java.pid());
        }
        if (!portsFree(portOffset)) {
            throw new IllegalStateException("a port of offset " + portOffset + " is taken on 127.0.0.1: another"
                    + " server is running there, and the test must not talk to it");
        }
        boots++;
        List<String> cmd = new ArrayList<>(List.of(jbossHome.resolve("bin/standalone.sh").toString(),
                "-Djboss.server.base.dir=" + base,
                "-Djboss.socket.binding.port-offset=" + portOffset,
                "-b", "127.0.0.1", "-bmanagement", "127.0.0.1",
                // the base has Micrometer's Prometheus registry (pom.xml it-micrometer), of community stability
                "--stability=community"));
        systemProperties.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // C1 only and the serial collector: a third faster boot on two busy cores, and boots are most of the time.
        env.put("JAVA_OPTS", "-Xms64m -Xmx512m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Djava.net.preferIPv4Stack=true"
                + " -Djava.awt.headless=true -Djboss.modules.system.pkgs=org.jboss.byteman");
        env.remove("LAUNCH_JBOSS_IN_BACKGROUND");
        env.remove("JBOSS_PIDFILE");
        env.remove("JAVA_TOOL_OPTIONS");
        if (boots == 1) {
            Runtime.getRuntime().addShutdownHook(reaper);
        }
        script = pb.start();
        console = ProcessOutput.lines(script, work.resolve("console-" + boots + ".log"), "console of WildFly boot " + boots);
        java = findJava(script, Duration.ofSeconds(60));
        Files.writeString(work.resolve("wildfly.pid"), java.pid() + " " + base + "\n");
    }

    /** Waits for the first console line that matches; fails if the server dies or the time runs out first. */
    String awaitLine(Predicate<String> wanted, Duration timeout) throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            String line = console.poll(Math.max(0, left), TimeUnit.NANOSECONDS);
            if (line == null) {
                throw new TimeoutException("no such console line within " + timeout + " (boot " + boots + ", see "
                        + work.resolve("console-" + boots + ".log") + ")");
            }
            if (line.equals(ProcessOutput.EOF)) {
                throw new IllegalStateException("the server exited (boot " + boots + ", see "
                        + work.resolve("console-" + boots + ".log") + ")");
            }
            if (wanted.test(line)) {
                return line;
            }
        }
    }

    /** Waits for the end of the boot; fails unless it started without errors (the deployment included). */
    void awaitStarted(Duration timeout) throws InterruptedException, TimeoutException {
        String line = awaitLine(l -> l.contains(STARTED) || l.contains(STARTED_WITH_ERRORS), timeout);
        if (line.contains(STARTED_WITH_ERRORS)) {
            throw new IllegalStateException("the server started with errors (boot " + boots + "): " + line);
        }
    }

    /** SIGKILL to the server's JVM; returns once it and the script are gone. */
    void kill() throws InterruptedException {
        ProcessHandle j = java;
        if (j == null) {
            return;
        }
        j.destroyForcibly();
        awaitExit(j, Duration.ofSeconds(60));
        awaitExit(script.toHandle(), Duration.ofSeconds(60));
        java = null;
    }

    /** SIGTERM: WildFly's orderly shutdown (undeploy, the bean's @PreDestroy); SIGKILL if it takes over a minute. */
    void stop() throws InterruptedException {
        ProcessHandle j = java;
        if (j == null) {
            return;
        }
        j.destroy();
        try {
            j.onExit().get(60, TimeUnit.SECONDS);
        } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
            j.destroyForcibly();
            awaitExit(j, Duration.ofSeconds(60));
        }
        awaitExit(script.toHandle(), Duration.ofSeconds(60));
        java = null;
    }

    @Override
    public void close() throws InterruptedException {
        try {
            stop();
        } finally {
            killQuietly();
            try {
                Runtime.getRuntime().removeShutdownHook(reaper);
            } catch (IllegalStateException | IllegalArgumentException e) {
                // the JVM is shutting down, or the hook was never added
            }
            try {
                Files.deleteIfExists(work.resolve("wildfly.pid"));
            } catch (IOException e) {
                // only a hint for the next run
            }
        }
    }

    private void killQuietly() {
        ProcessHandle j = java;
        if (j != null) {
            j.destroyForcibly();
        }
        if (script != null) {
            script.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
            script.destroyForcibly();
        }
    }

    private static void awaitExit(ProcessHandle p, Duration timeout) throws InterruptedException {
        try {
            p.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException | TimeoutException e) {
            throw new IllegalStateException("process " + p.pid() + " did not exit within " + timeout, e);
        }
    }

    /** The JVM that standalone.sh runs in the foreground: the script's java child. */
    private static ProcessHandle findJava(Process script, Duration timeout) throws TimeoutException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<ProcessHandle> j = script.toHandle().descendants()
                    .filter(p -> p.info().commandLine().orElse("").contains("jboss-modules.jar"))
                    .findFirst();
            if (j.isPresent()) {
                return j.get();
            }
            if (!script.isAlive()) {
                throw new IllegalStateException("standalone.sh exited with " + script.exitValue() + " before starting java");
            }
            // The script execs java within milliseconds; this waits for a process to appear, with a deadline.
            script.waitFor(20, TimeUnit.MILLISECONDS);
        }
        throw new TimeoutException("standalone.sh started no java process within " + timeout);
    }

    /** A server of an earlier run whose test JVM died before it could stop it: killed by its recorded PID. */
    private static void killLeftover(Path pidFile) throws IOException {
        if (!Files.exists(pidFile)) {
            return;
        }
        String[] f = Files.readString(pidFile).trim().split(" ", 2);
        Optional<ProcessHandle> p = ProcessHandle.of(Long.parseLong(f[0]));
        if (p.isPresent() && f.length == 2 && p.get().info().commandLine().orElse("").contains(f[1])) {
            p.get().destroyForcibly();
            try {
                awaitExit(p.get(), Duration.ofSeconds(60));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Files.delete(pidFile);
    }

    private static boolean portsFree(int offset) {
        for (int port : PORTS) {
            try (ServerSocket s = new ServerSocket()) {
                s.setReuseAddress(true);
                s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port + offset));
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }
}
