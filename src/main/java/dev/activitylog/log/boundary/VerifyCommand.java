package dev.activitylog.log.boundary;

import dev.activitylog.log.control.LogEngine;
import dev.activitylog.log.entity.VerifyReport;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * Checks a log file from the command line, with nothing but the file: header, checksums, sequence and hash chain.
 * Exit status 0 when intact, 1 when problems were found, 2 when the file cannot be read.
 * <pre>java -cp target/classes dev.activitylog.log.boundary.VerifyCommand /path/to/activity.log</pre>
 */
public final class VerifyCommand {
    private VerifyCommand() {
    }

    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: VerifyCommand <activity.log>");
            System.exit(2);
        }
        System.exit(run(Path.of(args[0]), System.out, System.err));
    }

    static int run(Path file, PrintStream out, PrintStream err) {
        VerifyReport report;
        try {
            report = LogEngine.verifyFile(file);
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
        out.println(report.ok() ? "OK" : "DAMAGED: first problem: " + report.firstProblem());
        return report.ok() ? 0 : 1;
    }
}
