package dev.activitylog.testing.crash;

import java.io.IOException;
import java.net.URI;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;

/** A path of a {@link RecordingFileSystem}: a real path of the default file system, wrapped. */
final class RecordingPath implements Path {
    private final RecordingFileSystem fs;
    final Path real;

    RecordingPath(RecordingFileSystem fs, Path real) {
        this.fs = fs;
        this.real = real;
    }

    private Path wrap(Path p) {
        return p == null ? null : new RecordingPath(fs, p);
    }

    static Path unwrap(Path p) {
        if (p instanceof RecordingPath r) {
            return r.real;
        }
        throw new java.nio.file.ProviderMismatchException("not a recording path: " + p);
    }

    @Override
    public RecordingFileSystem getFileSystem() {
        return fs;
    }

    @Override
    public boolean isAbsolute() {
        return real.isAbsolute();
    }

    @Override
    public Path getRoot() {
        return wrap(real.getRoot());
    }

    @Override
    public Path getFileName() {
        return wrap(real.getFileName());
    }

    @Override
    public Path getParent() {
        return wrap(real.getParent());
    }

    @Override
    public int getNameCount() {
        return real.getNameCount();
    }

    @Override
    public Path getName(int index) {
        return wrap(real.getName(index));
    }

    @Override
    public Path subpath(int beginIndex, int endIndex) {
        return wrap(real.subpath(beginIndex, endIndex));
    }

    @Override
    public boolean startsWith(Path other) {
        return other instanceof RecordingPath r && real.startsWith(r.real);
    }

    @Override
    public boolean endsWith(Path other) {
        return other instanceof RecordingPath r && real.endsWith(r.real);
    }

    @Override
    public Path normalize() {
        return wrap(real.normalize());
    }

    @Override
    public Path resolve(Path other) {
        return wrap(real.resolve(unwrap(other)));
    }

    @Override
    public Path resolve(String other) {
        return wrap(real.resolve(other));
    }

    @Override
    public Path relativize(Path other) {
        return wrap(real.relativize(unwrap(other)));
    }

    @Override
    public URI toUri() {
        throw new UnsupportedOperationException("a recording path has no URI");
    }

    @Override
    public Path toAbsolutePath() {
        return wrap(real.toAbsolutePath());
    }

    @Override
    public Path toRealPath(LinkOption... options) throws IOException {
        return wrap(real.toRealPath(options));
    }

    @Override
    public WatchKey register(WatchService watcher, WatchEvent.Kind<?>[] events, WatchEvent.Modifier... modifiers) {
        throw new UnsupportedOperationException();
    }

    @Override
    public int compareTo(Path other) {
        return real.compareTo(unwrap(other));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RecordingPath r && r.fs == fs && r.real.equals(real);
    }

    @Override
    public int hashCode() {
        return real.hashCode();
    }

    /** The real path's text, so that messages and H2 URLs built from it name the real file. */
    @Override
    public String toString() {
        return real.toString();
    }
}
