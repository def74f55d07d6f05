package dev.activitylog.torture;

import dev.activitylog.log.control.LogConfig;
import dev.activitylog.testing.TestIndex;
import dev.activitylog.log.control.LogEngine;
import dev.activitylog.log.control.RetentionPolicy;
import dev.activitylog.log.entity.Durability;
import dev.activitylog.log.entity.Entry;
import dev.activitylog.log.entity.NewEntry;
import org.h2.jdbcx.JdbcConnectionPool;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Semaphore;

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

    /**
     * As {@link #config(Path)}, with a retention that keeps no more than 128 KiB: a segment holding a large entry is
     * over it alone, so nearly every roll removes the sealed segments (archived next to the log directory, or deleted).
     */
    static LogConfig config(Path dir, RetentionPolicy.Action action) {
        return config(dir).withRetention(new RetentionPolicy(null, 128 << 10, action,
                action == RetentionPolicy.Action.ARCHIVE ? archiveDir(dir) : null));
    }

    static Path archiveDir(Path dir) {
        return dir.resolveSibling("archive");
    }

    /**
     * Arguments: the log directory, the durability, a name for this run's subjects, and optionally a retention
     * action: then a second thread applies retention as the server's timer does (concurrently with the appends),
     * after every large entry's roll, saying "RETAINING" before each run.
     */
    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        Durability durability = Durability.valueOf(args[1]);
        String run = args[2];
        RetentionPolicy.Action retention = args.length > 3 ? RetentionPolicy.Action.valueOf(args[3]) : null;
        PrintStream out = new PrintStream(System.out, false);
        out.println("OPENING");
        out.flush();
        JdbcConnectionPool pool = TestIndex.pool(dir);
        LogConfig config = retention == null ? config(dir) : config(dir, retention);
        LogEngine engine = TestIndex.start(config.withDurability(durability), pool);
        out.println("READY " + engine.health().state());
        out.flush();
        Semaphore due = new Semaphore(0);
        if (retention != null) {
            Thread t = new Thread(() -> retain(engine, due, out), "retention");
            t.setDaemon(true);
            t.start();
        }
        try {
            for (long i = 0; ; i++) {
                String subject = run + "-" + i;
                Entry e = engine.append(NewEntry.of("child", "append", subject, detail(subject)));
                out.println("ACK " + e.seq() + " " + subject);
                out.flush();
                if (out.checkError()) {
                    break;  // the parent is gone: nobody is left to hold us to our promises
                }
                if (i % 100 == 0) {
                    due.release();  // this append rolled past the large entry before it
                }
            }
        } catch (RuntimeException e) {
            e.printStackTrace();
        }
        Runtime.getRuntime().halt(1);
    }

    private static void retain(LogEngine engine, Semaphore due, PrintStream out) {
        try {
            while (true) {
                due.acquireUninterruptibly();
                out.println("RETAINING");
                out.flush();
                out.println("RETAINED " + engine.applyRetention().size());
                out.flush();
            }
        } catch (RuntimeException e) {
            e.printStackTrace();
            Runtime.getRuntime().halt(1);
        }
    }
}
