package dev.activitylog.testing.crash;

import org.h2.store.fs.FilePath;
import org.h2.store.fs.FilePathWrapper;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * H2's own file-system wrapper mechanism (as its {@code retry:} layer uses), recording what H2 does to the index
 * database's files into the {@link Trace} whose root holds them. Used as {@code jdbc:h2:rec:retry:<file>}, so H2's
 * interrupt-safe layer stays under it as in production. H2 makes its wrappers by reflection, so the traces are
 * found by the root their files lie under.
 */
public final class RecordingH2Path extends FilePathWrapper {
    static final String SCHEME = "rec";
    private static final Map<Path, Trace> TRACES = new ConcurrentHashMap<>();

    static {
        FilePath.register(new RecordingH2Path());
    }

    /** The JDBC URL that puts this layer above {@code production}'s (a {@code jdbc:h2:...} URL of a file below the root). */
    public static String url(Trace trace, String production) {
        TRACES.put(trace.root(), trace);
        return production.replaceFirst("^jdbc:h2:", "jdbc:h2:" + SCHEME + ":");
    }

    /** Stops recording into the trace. */
    public static void forget(Trace trace) {
        TRACES.remove(trace.root());
    }

    @Override
    public String getScheme() {
        return SCHEME;
    }

    /** The file on the default file system, under every wrapper's prefix. */
    private Path disk() {
        return Path.of(name.replaceFirst("^([a-zA-Z]{2,}:)+", ""));
    }

    private Trace trace() {
        Path p = disk().toAbsolutePath().normalize();
        for (Map.Entry<Path, Trace> e : TRACES.entrySet()) {
            if (p.startsWith(e.getKey())) {
                return e.getValue();
            }
        }
        throw new IllegalStateException("no trace records " + p);
    }

    @Override
    public FileChannel open(String mode) throws IOException {
        FileChannel c = getBase().open(mode);
        if (!mode.contains("w")) {
            return c;
        }
        Trace t = trace();
        return RecordingChannel.file(c, t, t.open(t.name(disk()), true));
    }

    @Override
    public boolean createFile() {
        boolean created = getBase().createFile();
        if (created) {
            Trace t = trace();
            t.open(t.name(disk()), true);
        }
        return created;
    }

    @Override
    public void createDirectory() {
        getBase().createDirectory();
        Trace t = trace();
        t.mkdir(t.name(disk()));
    }

    @Override
    public void delete() {
        getBase().delete();
        Trace t = trace();
        t.delete(t.name(disk()));
    }

    @Override
    public void moveTo(FilePath newName, boolean atomicReplace) {
        Path to = ((RecordingH2Path) newName).disk();
        super.moveTo(newName, atomicReplace);
        Trace t = trace();
        t.rename(t.name(disk()), t.name(to));
    }
}
