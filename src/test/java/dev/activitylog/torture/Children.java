package dev.activitylog.torture;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Starting child JVMs on the test class path (their output: ProcessOutput; their engine: TestIndex). */
final class Children {
    private Children() {
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
}
