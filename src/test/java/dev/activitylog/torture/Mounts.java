package dev.activitylog.torture;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Real small and read-only file systems (tmpfs), for tests that need the kernel to say ENOSPC or EROFS. */
final class Mounts implements AutoCloseable {
    private final Path dir;

    private Mounts(Path dir) {
        this.dir = dir;
    }

    /** Mounts a tmpfs of {@code size} (e.g. "1m") on {@code dir}; skips the test, saying why, where that is not allowed. */
    static Mounts tmpfs(Path dir, String size) throws IOException, InterruptedException {
        String result = run("mount", "-t", "tmpfs", "-o", "size=" + size + ",mode=0755", "tmpfs", dir.toString());
        Assumptions.assumeTrue(result.isEmpty(), () -> "skipped: this test needs to mount a tmpfs (root, mount "
                + "capability) and could not: " + result);
        return new Mounts(dir);
    }

    void remount(String options) throws IOException, InterruptedException {
        String result = run("mount", "-o", "remount," + options, dir.toString());
        if (!result.isEmpty()) {
            throw new IllegalStateException("remount " + options + " failed: " + result);
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        run("umount", "-l", dir.toString());
    }

    /** Runs a command; returns "" on success, else its exit status and output. */
    private static String run(String... command) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(command));
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException e) {
            return e.getMessage();
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        int status = p.waitFor();
        return status == 0 ? "" : "exit " + status + ": " + out;
    }
}
