package dev.activitylog.testing.crash;

import java.io.IOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessMode;
import java.nio.file.CopyOption;
import java.nio.file.DirectoryStream;
import java.nio.file.FileStore;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileAttributeView;
import java.nio.file.spi.FileSystemProvider;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * The default file system, with every change below the trace's root recorded: what the engine does to its log
 * file, lock file, side files, clean marker and directories (everything it reaches through the {@code Path}s of its
 * {@code LogConfig}). The changes are made for real as well, so the engine runs as it does in production.
 */
public final class RecordingProvider extends FileSystemProvider {
    private final Trace trace;
    private final FileSystemProvider real;
    private final RecordingFileSystem fs = new RecordingFileSystem(this);

    private RecordingProvider(Trace trace) {
        this.trace = trace;
        this.real = trace.root().getFileSystem().provider();
    }

    /** The trace's root as a path whose file operations are recorded in it. */
    public static Path root(Trace trace) {
        return new RecordingProvider(trace).fs.wrap(trace.root());
    }

    @Override
    public String getScheme() {
        return "recording";
    }

    @Override
    public FileChannel newFileChannel(Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs)
            throws IOException {
        Path p = RecordingPath.unwrap(path);
        if (options.contains(StandardOpenOption.APPEND)) {
            throw new UnsupportedOperationException("APPEND is not recorded");
        }
        if (Files.isDirectory(p)) {
            return RecordingChannel.directory(real.newFileChannel(p, options, attrs), trace, trace.name(p));
        }
        if (!options.contains(StandardOpenOption.WRITE)) {
            return real.newFileChannel(p, options, attrs);
        }
        FileChannel c = real.newFileChannel(p, options, attrs);
        long inode = trace.open(trace.name(p), false);
        if (options.contains(StandardOpenOption.TRUNCATE_EXISTING)) {
            trace.truncate(inode, 0);
        }
        return RecordingChannel.file(c, trace, inode);
    }

    @Override
    public SeekableByteChannel newByteChannel(Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs)
            throws IOException {
        return newFileChannel(path, options, attrs);
    }

    @Override
    public DirectoryStream<Path> newDirectoryStream(Path dir, DirectoryStream.Filter<? super Path> filter)
            throws IOException {
        DirectoryStream<Path> s = real.newDirectoryStream(RecordingPath.unwrap(dir), p -> filter.accept(fs.wrap(p)));
        return new DirectoryStream<>() {
            @Override
            public Iterator<Path> iterator() {
                Iterator<Path> i = s.iterator();
                return new Iterator<>() {
                    @Override
                    public boolean hasNext() {
                        return i.hasNext();
                    }

                    @Override
                    public Path next() {
                        return fs.wrap(i.next());
                    }
                };
            }

            @Override
            public void close() throws IOException {
                s.close();
            }
        };
    }

    @Override
    public void createDirectory(Path dir, FileAttribute<?>... attrs) throws IOException {
        Path p = RecordingPath.unwrap(dir);
        real.createDirectory(p, attrs);
        trace.mkdir(trace.name(p));
    }

    @Override
    public void delete(Path path) throws IOException {
        Path p = RecordingPath.unwrap(path);
        real.delete(p);
        trace.delete(trace.name(p));
    }

    @Override
    public boolean deleteIfExists(Path path) throws IOException {
        Path p = RecordingPath.unwrap(path);
        boolean deleted = real.deleteIfExists(p);
        if (deleted) {
            trace.delete(trace.name(p));
        }
        return deleted;
    }

    @Override
    public void copy(Path source, Path target, CopyOption... options) {
        throw new UnsupportedOperationException("copy is not recorded");
    }

    @Override
    public void move(Path source, Path target, CopyOption... options) throws IOException {
        Path from = RecordingPath.unwrap(source);
        Path to = RecordingPath.unwrap(target);
        real.move(from, to, options);
        trace.rename(trace.name(from), trace.name(to));
    }

    @Override
    public boolean isSameFile(Path path, Path path2) throws IOException {
        return real.isSameFile(RecordingPath.unwrap(path), RecordingPath.unwrap(path2));
    }

    @Override
    public boolean isHidden(Path path) throws IOException {
        return real.isHidden(RecordingPath.unwrap(path));
    }

    @Override
    public FileStore getFileStore(Path path) throws IOException {
        return real.getFileStore(RecordingPath.unwrap(path));
    }

    @Override
    public void checkAccess(Path path, AccessMode... modes) throws IOException {
        real.checkAccess(RecordingPath.unwrap(path), modes);
    }

    @Override
    public <V extends FileAttributeView> V getFileAttributeView(Path path, Class<V> type, LinkOption... options) {
        return real.getFileAttributeView(RecordingPath.unwrap(path), type, options);
    }

    @Override
    public <A extends BasicFileAttributes> A readAttributes(Path path, Class<A> type, LinkOption... options)
            throws IOException {
        return real.readAttributes(RecordingPath.unwrap(path), type, options);
    }

    @Override
    public Map<String, Object> readAttributes(Path path, String attributes, LinkOption... options) throws IOException {
        return real.readAttributes(RecordingPath.unwrap(path), attributes, options);
    }

    @Override
    public void setAttribute(Path path, String attribute, Object value, LinkOption... options) {
        throw new UnsupportedOperationException("attributes are not recorded");
    }

    @Override
    public FileSystem newFileSystem(URI uri, Map<String, ?> env) {
        throw new UnsupportedOperationException();
    }

    @Override
    public FileSystem getFileSystem(URI uri) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Path getPath(URI uri) {
        throw new UnsupportedOperationException();
    }
}
