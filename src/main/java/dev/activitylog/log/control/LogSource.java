package dev.activitylog.log.control;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/** What {@link LogReader} reads a segment through: the shared channel of a live log, or an archived segment. */
interface LogSource {
    Path path();

    /** Reads what is there, up to {@code dst.remaining()} bytes; returns the count, -1 at the end. */
    int read(ByteBuffer dst, long position) throws IOException;

    /** Fills {@code dst} from {@code position}; fails with EOFException if the source ends first. */
    void readFully(ByteBuffer dst, long position) throws IOException;
}
