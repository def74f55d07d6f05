package dev.activitylog.log.config;

import dev.activitylog.log.control.RetentionPolicy;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;

/** The retention settings ({@code activitylog.retention}, {@code retentionAction}, {@code archiveDir}) as a policy. */
final class RetentionSettings {
    private RetentionSettings() {
    }

    /**
     * @param retention an age ({@code P365D}), a total size ({@code 500g}), or both separated by a comma; unset: keep
     *                  everything
     */
    static RetentionPolicy policy(Settings.Value retention, Settings.Value action, Settings.Value archiveDir,
                                  Path logDirectory) {
        RetentionPolicy.Action a = action(action);
        Path archive = archiveDir == null ? logDirectory.resolve("archive") : path(archiveDir, logDirectory);
        if (retention == null) {
            return null;
        }
        java.time.Duration age = null;
        long bytes = 0;
        for (String part : retention.text().split(",")) {
            Settings.Value v = new Settings.Value(part.strip(), retention.origin());
            if (v.text().toUpperCase(Locale.ROOT).startsWith("P")) {
                age = Settings.age(v);
            } else {
                bytes = Settings.size(v);
            }
        }
        return new RetentionPolicy(age, bytes, a, archive);
    }

    private static RetentionPolicy.Action action(Settings.Value v) {
        if (v == null) {
            return RetentionPolicy.Action.ARCHIVE;
        }
        try {
            return RetentionPolicy.Action.valueOf(v.text().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(v.origin() + " has an unsupported value '" + v.text()
                    + "': use archive (move expired segments to activitylog.archiveDir, compressed; the default) or"
                    + " delete", e);
        }
    }

    private static Path path(Settings.Value v, Path logDirectory) {
        try {
            return logDirectory.resolve(v.text()).toAbsolutePath();
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException(v.origin() + " is not a usable directory: " + e.getMessage(), e);
        }
    }
}
