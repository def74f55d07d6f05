package dev.activitylog.torture;

import dev.activitylog.log.control.LogConfig;
import dev.activitylog.log.control.LogEngine;
import dev.activitylog.log.entity.Durability;
import org.h2.jdbcx.JdbcConnectionPool;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/** Starting child JVMs on the test class path, and the engine setup parent and children share. */
final class Children {
    private Children() {
    }

    static JdbcConnectionPool index(Path dir) {
        return JdbcConnectionPool.create(LogConfig.embeddedIndexUrl(dir), "sa", "");
    }

    static LogEngine engine(Path dir, Durability durability, JdbcConnectionPool pool) {
        return LogEngine.start(LogConfig.defaults(dir).withDurability(durability)
                .withEmbeddedIndex(LogConfig.embeddedIndexFile(dir)), pool);
    }

    /** A child JVM running {@code main} with these arguments, optionally under a command prefix such as prlimit. */
    static Process start(List<String> prefix, Class<?> main, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx256m");
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.add("-cp");
        cmd.add(classPath());
        cmd.add(main.getName());
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    /**
     * What a child needs: the project's classes, H2 and Flyway. Not the whole test class path: every jar on it is a
     * file descriptor, and the handle test runs children under a low limit.
     */
    static String classPath() {
        String full = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return java.util.Arrays.stream(full.split(java.io.File.pathSeparator))
                .filter(e -> e.endsWith("classes") || e.contains("/com/h2database/") || e.contains("/org/flywaydb/"))
                .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
    }

    /**
     * The child's stdout as a queue of lines, read by a thread of its own (a reader that stops reading while the
     * child is killed loses the JDK's race to drain the pipe). {@link #EOF} marks the end.
     */
    static BlockingQueue<String> stdout(Process p) {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (IOException e) {
                lines.add("IOERROR " + e);
            } finally {
                lines.add(EOF);
            }
        }, "stdout of " + p.pid());
        t.setDaemon(true);
        t.start();
        return lines;
    }

    static final String EOF = "\u0000EOF";
}
