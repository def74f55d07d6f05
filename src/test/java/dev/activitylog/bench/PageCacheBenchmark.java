package dev.activitylog.bench;

import dev.activitylog.testing.Bench;
import dev.activitylog.testing.TestFiles;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * What a write costs as the page cache grows: 256-byte lines appended to one file, one positional write each (the
 * raw contender of {@link AppendBenchmark}), timed per 256 MiB. A sustained append run writes gigabytes; a baseline
 * timed on a small file is timed in another state of the machine (docs/benchmarks.md, "The page cache's growth").
 */
class PageCacheBenchmark {
    private static final int LINES_PER_STEP = 1 << 20;  // 256 MiB of 256-byte lines
    private static final int STEPS = Integer.getInteger("bench.pageCacheSteps", 12);

    @Test
    void writeCostAsTheFileGrows() throws Exception {
        Path dir = Bench.tempDir("pagecache");
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        Bench.Table table = new Bench.Table("A write's cost as the page cache grows (256-byte lines, one file; "
                + Bench.machine() + ")", "MiB written before", "µs per write", "CPU µs per write", "vs the first 256 MiB");
        ByteBuffer line = ByteBuffer.wrap(Bench.rawLine256());
        try (FileChannel ch = FileChannel.open(dir.resolve("grow.log"), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            long position = 0;
            double first = 0;
            for (int step = 0; step < STEPS; step++) {
                long cpu0 = mx.getCurrentThreadCpuTime();
                long t0 = System.nanoTime();
                for (int i = 0; i < LINES_PER_STEP; i++) {
                    position += ch.write(line.rewind(), position);
                }
                double micros = (System.nanoTime() - t0) / 1e3 / LINES_PER_STEP;
                double cpu = (mx.getCurrentThreadCpuTime() - cpu0) / 1e3 / LINES_PER_STEP;
                first = step == 0 ? micros : first;
                table.row(step * 256, micros, cpu, Bench.ratio(micros, first));
            }
        } finally {
            TestFiles.deleteTree(dir);
        }
        table.print();
    }
}
