package dev.activitylog.log.entity;

/**
 * How far a starting log is ({@link Health#progress()} while the state is {@link LogState#STARTING}).
 *
 * @param step           what it is doing, e.g. "indexing sealed segment 3 of 120 (00000000000000120001.log)"
 * @param entriesIndexed index rows this start has written so far
 * @param bytesDone      bytes of the segments it has read so far
 * @param bytesTotal     bytes it reads in all; 0 until recovery knows where it resumes
 */
public record StartProgress(String step, long entriesIndexed, long bytesDone, long bytesTotal) {
}
