package dev.activitylog.testing;

import org.postgresql.ds.PGSimpleDataSource;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server of its own for the tests: a cluster made by {@code initdb} under {@code target/}, started
 * by {@code pg_ctl} on a free port of 127.0.0.1 (no Unix socket outside its directory), stopped by its postmaster's
 * PID. As root, the server runs as the {@code postgres} user (PostgreSQL refuses root). Debian's {@code postgresql}
 * package provides it ({@code .ci/run} installs it). {@code fsync} is off: the index is derived data and these tests
 * kill engines, never the machine.
 */
public final class PostgresServer implements AutoCloseable {
    public static final String USER = "activitylog";
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static PostgresServer shared;

    private final Path bin;
    private final Path dir;
    private final int port;
    private final boolean fsync;
    private long pid;

    private PostgresServer(Path bin, Path dir, int port, boolean fsync) {
        this.bin = bin;
        this.dir = dir;
        this.port = port;
        this.fsync = fsync;
    }

    /** One server for the whole test JVM, stopped when the JVM exits. */
    public static synchronized PostgresServer shared() {
        if (shared == null) {
            try {
                shared = start(Files.createTempDirectory(Files.createDirectories(Path.of("target")).toAbsolutePath(), "pg-"));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            PostgresServer s = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(s::close, "stop PostgreSQL"));
        }
        return shared;
    }

    /** A new cluster in {@code dir} (created), started and ready for connections; fsync off (tests). */
    public static PostgresServer start(Path dir) throws IOException {
        return start(dir, false);
    }

    /** @param fsync as in production (benchmarks), or off (tests, which kill engines, not the machine) */
    public static PostgresServer start(Path dir, boolean fsync) throws IOException {
        Path bin = binaries();
        Files.createDirectories(dir);
        boolean root = isRoot();
        if (root) {
            UserPrincipal postgres = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
            Files.setOwner(dir, postgres);
        }
        Path data = dir.resolve("data");
        run(root, bin.resolve("initdb").toString(), "-D", data.toString(), "-A", "trust", "-U", USER, "-E", "UTF8",
                "--no-sync", "--no-instructions");
        PostgresServer server = new PostgresServer(bin, dir, freePort(), fsync);
        server.resume();
        return server;
    }

    /** Starts the stopped server again, on its port, with its data: a database that comes back. */
    public void resume() throws IOException {
        Path data = dir.resolve("data");
        run(isRoot(), bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", dir.resolve("server.log").toString(),
                "-w", "-t", "60", "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=" + (fsync ? "on" : "off")
                        + " -c max_connections=200", "start");
        pid = Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid"), StandardCharsets.UTF_8).get(0).strip());
    }

    /** Stops the server at once (every session cut, as when the database host goes away); {@link #resume} restarts it. */
    public void halt() throws IOException {
        run(isRoot(), bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "immediate", "-w",
                "-t", "30", "stop");
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    public int port() {
        return port;
    }

    public long pid() {
        return pid;
    }

    /** A new, empty database of the shared server, for one test. */
    public static PGSimpleDataSource freshDatabase() {
        PostgresServer pg = shared();
        return pg.dataSource(pg.createDatabase());
    }

    /** A new, empty database of its own, for one test. */
    public String createDatabase() {
        String name = "t" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        try (Connection c = dataSource("postgres").getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return name;
    }

    public PGSimpleDataSource dataSource(String database) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setServerNames(new String[]{"127.0.0.1"});
        ds.setPortNumbers(new int[]{port});
        ds.setDatabaseName(database);
        ds.setUser(USER);
        return ds;
    }

    public String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** Stops the server (fast shutdown); a postmaster still alive after that is killed by its PID. */
    @Override
    public void close() {
        try {
            run(isRoot(), bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "fast", "-w",
                    "-t", "30", "stop");
        } catch (IOException | RuntimeException e) {
            System.err.println("PostgreSQL did not stop cleanly: " + e);
        }
        ProcessHandle.of(pid).ifPresent(p -> {
            p.destroyForcibly();
            p.onExit().join();
        });
    }

    /** The PostgreSQL JDBC driver's jar, the one the tests use themselves: what a server under test is given. */
    public static Path driverJar() {
        try {
            return Path.of(org.postgresql.Driver.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path binaries() {
        Path root = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(root)) {
            try (Stream<Path> versions = Files.list(root)) {
                Path newest = versions.filter(v -> Files.isExecutable(v.resolve("bin/initdb")))
                        .max(Comparator.comparingInt(v -> Integer.parseInt(v.getFileName().toString().replaceAll("\\D", "0"))))
                        .orElse(null);
                if (newest != null) {
                    return newest.resolve("bin");
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb): "
                + "apt-get install -y postgresql, as .ci/run does");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void run(boolean asPostgres, String... command) throws IOException {
        List<String> line = new ArrayList<>();
        if (asPostgres) {
            line.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        line.addAll(List.of(command));
        Process p = new ProcessBuilder(line).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(90, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", line) + " failed: " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
