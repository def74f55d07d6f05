package dev.activitylog.log.control;

import dev.activitylog.log.entity.SegmentInfo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;

/** The log's segments as operators see them (the console, the API): archived ones first, the active one last. */
final class SegmentList {
    private SegmentList() {
    }

    static List<SegmentInfo> of(LogWriter log, LogConfig config, SegmentChecks checks) throws IOException {
        while (true) {
            List<Segments.Segment> live = log.channels.segments();
            try {
                return of(live, log, config, checks);
            } catch (NoSuchFileException e) {
                // Retention removed the oldest segment after the snapshot (archiving it first): list again. A segment
                // missing for another reason is the error it is.
                if (log.channels.oldestFirstSeq() == live.get(0).firstSeq()) {
                    throw e;
                }
            }
        }
    }

    private static List<SegmentInfo> of(List<Segments.Segment> live, LogWriter log, LogConfig config,
                                        SegmentChecks checks) throws IOException {
        List<Segments.Segment> archived = config.retention() == null ? List.of()
                : Segments.archived(config.retention().archiveDir(), config.fileName());
        List<SegmentInfo> out = new ArrayList<>();
        long firstLive = live.get(0).firstSeq();
        for (int i = 0; i < archived.size(); i++) {
            Segments.Segment a = archived.get(i);
            if (a.firstSeq() < firstLive) {
                long next = i + 1 < archived.size() ? Math.min(archived.get(i + 1).firstSeq(), firstLive) : firstLive;
                out.add(new SegmentInfo(a.path().toString(), a.firstSeq(), next - 1, Files.size(a.path()),
                        SegmentInfo.State.ARCHIVED, checks.of(a.firstSeq())));
            }
        }
        for (int i = 0; i < live.size(); i++) {
            Segments.Segment s = live.get(i);
            boolean active = i == live.size() - 1;
            long last = active ? log.lastSeq() : live.get(i + 1).firstSeq() - 1;
            out.add(new SegmentInfo(s.path().toString(), s.firstSeq(), last, active ? log.size() : Files.size(s.path()),
                    active ? SegmentInfo.State.ACTIVE : SegmentInfo.State.SEALED, checks.of(s.firstSeq())));
        }
        return out;
    }
}
