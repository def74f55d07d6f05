package dev.activitylog.log.command;

import dev.activitylog.log.config.Settings;
import dev.activitylog.log.control.LogConfig;
import dev.activitylog.log.control.Verification;
import dev.activitylog.log.entity.VerifyReport;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks a log from the command line, with nothing but its files: every segment's header, checksums, sequence, hash
 * chain, checkpoints and the links between segments; with {@code --archive} also the segments retention archived
 * there, read compressed (never unpacked to disk); with the checkpoint key (base64 in the file given by
 * {@code --key-file}, or in the environment variable ACTIVITYLOG_CHECKPOINT_KEY) also the checkpoints' HMAC. Exit
 * status 0 when intact, 1 when problems were found, 2 when the files or the key cannot be read, or the arguments are
 * wrong.
 * <pre>java -cp target/classes dev.activitylog.log.command.VerifyCommand [--key-file key.b64] [--archive dir] /path/to/log-directory</pre>
 */
public final class VerifyCommand {
    private static final String USAGE = "usage: VerifyCommand [--key-file <file with the base64 key>]"
            + " [--archive <archive directory>] <log directory, or its activity.log>";

    private VerifyCommand() {
    }

    public static void main(String[] args) {
        Path keyFile = null;
        Path archive = null;
        int i = 0;
        for (; i + 1 < args.length && args[i].startsWith("--"); i += 2) {
            switch (args[i]) {
                case "--key-file" -> keyFile = Path.of(args[i + 1]);
                case "--archive" -> archive = Path.of(args[i + 1]);
                default -> i = args.length;  // unknown option: usage below
            }
        }
        if (i != args.length - 1) {
            System.err.println(USAGE);
            System.exit(2);
        }
        String env = System.getenv("ACTIVITYLOG_CHECKPOINT_KEY");
        byte[] key;
        try {
            key = keyFile != null ? Settings.decodeKey(Files.readString(keyFile), "--key-file " + keyFile)
                    : env == null || env.isBlank() ? null : Settings.decodeKey(env, "ACTIVITYLOG_CHECKPOINT_KEY");
        } catch (IOException | IllegalArgumentException e) {
            System.err.println("cannot use the key: " + e.getMessage());
            System.exit(2);
            return;
        }
        System.exit(run(Path.of(args[i]), archive, key, System.out, System.err));
    }

    /** @param log the log directory or its first segment; {@code archive} may be null */
    static int run(Path log, Path archive, byte[] key, PrintStream out, PrintStream err) {
        Path first = Files.isDirectory(log) ? log.resolve(LogConfig.DEFAULT_FILE_NAME) : log;
        VerifyReport report;
        try {
            report = Verification.files(first, archive, key);
        } catch (IOException e) {
            err.println("cannot read " + log + ": " + e);
            return 2;
        }
        out.println(log + (archive == null ? "" : " and " + archive) + ": " + report.entries() + " entries, "
                + report.bytes() + " bytes, checked in " + report.millis() + " ms");
        for (VerifyReport.Problem p : report.problems()) {
            out.println("  " + p);
        }
        if (report.moreProblems()) {
            out.println("  ... more problems not listed");
        }
        out.println(report.ok() ? "OK: " + report.summary() : "DAMAGED: first problem: " + report.firstProblem());
        return report.ok() ? 0 : 1;
    }
}
