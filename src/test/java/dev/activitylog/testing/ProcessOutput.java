package dev.activitylog.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A child process's stdout as a queue of lines, read by a thread of its own (a reader that stops reading while the
 * child is killed loses the JDK's race to drain the pipe), optionally copied to a file as it comes. {@link #EOF}
 * marks the end.
 */
public final class ProcessOutput {
    public static final String EOF = "\u0000EOF";

    private ProcessOutput() {
    }

    /** @param copy a file to copy every line to, or null */
    public static BlockingQueue<String> lines(Process p, Path copy, String threadName) {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                 PrintWriter w = copy == null ? null : new PrintWriter(Files.newBufferedWriter(copy, StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    if (w != null) {
                        w.println(line);
                        w.flush();
                    }
                    lines.add(line);
                }
            } catch (IOException e) {
                lines.add("IOERROR " + e);
            } finally {
                lines.add(EOF);
            }
        }, threadName);
        t.setDaemon(true);
        t.start();
        return lines;
    }
}
