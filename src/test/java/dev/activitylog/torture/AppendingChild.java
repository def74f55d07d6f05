package dev.activitylog.torture;

import dev.activitylog.log.control.LogConfig;
import dev.activitylog.testing.TestIndex;
import dev.activitylog.log.control.LogEngine;
import dev.activitylog.log.entity.Durability;
import dev.activitylog.log.entity.Entry;
import dev.activitylog.log.entity.NewEntry;
import org.h2.jdbcx.JdbcConnectionPool;

import java.io.PrintStream;
import java.nio.file.Path;

/**
 * Appends until killed. Prints "OPENING" before it opens the log, "READY" once open, then "ACK seq subject" after
 * each append returns: a line on stdout is a promise the parent checks after the kill.
 */
public final class AppendingChild {
    private AppendingChild() {
    }

    /**
     * Every 100th entry is large (about 190 KB on disk): a SIGKILL can land inside the kernel's copy of a write that
     * size and leave a torn tail, which small single-page writes almost never show.
     */
    static String detail(String subject) {
        int n = Integer.parseInt(subject.substring(subject.lastIndexOf('-') + 1));
        return "payload of " + subject + " " + (n % 100 == 99 ? "\u00e9\u2603".repeat(30_000) : "x".repeat(n % 200));
    }

    /**
     * Small segments (the least the settings allow): the log rolls every few hundred entries, so kills land inside
     * rolls too, and the checks run over many segments.
     */
    static LogConfig config(Path dir) {
        return LogConfig.defaults(dir).withSegments(64 << 10, null);
    }

    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        Durability durability = Durability.valueOf(args[1]);
        String run = args[2];
        PrintStream out = new PrintStream(System.out, false);
        out.println("OPENING");
        out.flush();
        JdbcConnectionPool pool = TestIndex.pool(dir);
        LogEngine engine = TestIndex.start(config(dir).withDurability(durability), pool);
        out.println("READY " + engine.health().state());
        out.flush();
        try {
            for (long i = 0; ; i++) {
                String subject = run + "-" + i;
                Entry e = engine.append(NewEntry.of("child", "append", subject, detail(subject)));
                out.println("ACK " + e.seq() + " " + subject);
                out.flush();
                if (out.checkError()) {
                    break;  // the parent is gone: nobody is left to hold us to our promises
                }
            }
        } catch (RuntimeException e) {
            e.printStackTrace();
        }
        Runtime.getRuntime().halt(1);
    }
}
