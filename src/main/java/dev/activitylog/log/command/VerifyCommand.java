package dev.activitylog.log.command;

import dev.activitylog.log.config.Settings;
import dev.activitylog.log.control.LogEngine;
import dev.activitylog.log.entity.VerifyReport;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * Checks a log file from the command line, with nothing but the file: header, checksums, sequence, hash chain and
 * checkpoints; with the checkpoint key (base64 in the file given by {@code --key-file}, or in the environment variable
 * ACTIVITYLOG_CHECKPOINT_KEY) also the checkpoints' HMAC. Exit status 0 when intact, 1 when problems were found, 2
 * when the file or key cannot be read.
 * <pre>java -cp target/classes dev.activitylog.log.command.VerifyCommand [--key-file key.b64] /path/to/activity.log</pre>
 */
public final class VerifyCommand {
    private VerifyCommand() {
    }

    public static void main(String[] args) {
        if (args.length != 1 && !(args.length == 3 && args[0].equals("--key-file"))) {
            System.err.println("usage: VerifyCommand [--key-file <file with the base64 key>] <activity.log>");
            System.exit(2);
        }
        String env = System.getenv("ACTIVITYLOG_CHECKPOINT_KEY");
        byte[] key;
        try {
            key = args.length == 3 ? Settings.decodeKey(java.nio.file.Files.readString(Path.of(args[1])), "--key-file " + args[1])
                    : env == null || env.isBlank() ? null : Settings.decodeKey(env, "ACTIVITYLOG_CHECKPOINT_KEY");
        } catch (IOException | IllegalArgumentException e) {
            System.err.println("cannot use the key: " + e.getMessage());
            System.exit(2);
            return;
        }
        System.exit(run(Path.of(args[args.length - 1]), key, System.out, System.err));
    }

    static int run(Path file, byte[] key, PrintStream out, PrintStream err) {
        VerifyReport report;
        try {
            report = LogEngine.verifyFile(file, key);
        } catch (IOException e) {
            err.println("cannot read " + file + ": " + e);
            return 2;
        }
        out.println(file + ": " + report.entries() + " entries, " + report.bytes() + " bytes, checked in "
                + report.millis() + " ms");
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
