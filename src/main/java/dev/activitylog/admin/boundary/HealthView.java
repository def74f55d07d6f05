package dev.activitylog.admin.boundary;

import dev.activitylog.log.boundary.ActivityLog;
import dev.activitylog.log.entity.ActivityLogException;
import dev.activitylog.log.entity.Health;
import dev.activitylog.log.entity.LogState;
import dev.activitylog.log.entity.SegmentInfo;
import dev.activitylog.log.entity.VerifyReport;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import java.util.List;

/**
 * Backs the health page (/admin/health.xhtml): the log's state in full, the node it is and its kind of index, and an
 * on-demand verification. Verification
 * is a POST through a Faces form (its view state is the CSRF token), as it reads the whole log.
 */
@Named
@RequestScoped
public class HealthView {
    @Inject
    ActivityLog log;

    private Health health;
    private VerifyReport report;
    private String verifyProblem;
    private List<SegmentInfo> segments;
    private String segmentsProblem;

    public Health getHealth() {
        if (health == null) {
            health = log.health();
        }
        return health;
    }

    /** This server's node id: the name of its entries in the merged view of a cluster. */
    public String getNode() {
        return log.node();
    }

    /** Whether the index is shared by several nodes (else the embedded H2, this node's alone). */
    public boolean isSharedIndex() {
        return log.sharedIndex();
    }

    /** Runs {@link ActivityLog#verify()} and shows its report on the same page. */
    public void verify() {
        try {
            report = log.verify();
        } catch (ActivityLogException e) {
            verifyProblem = e.getMessage();
        } catch (RuntimeException e) {
            // e.g. the singleton's lock wait timing out under load: say so rather than show an error page.
            verifyProblem = "verification did not run: " + e;
        }
        health = null;
    }

    /** The segment files, or empty with the reason in {@link #getSegmentsProblem()}. */
    public List<SegmentInfo> getSegments() {
        if (segments == null && getHealth().state() == LogState.STARTING) {
            // Listing them would wait for the start and then fail: the page shows the progress instead.
            segments = List.of();
            segmentsProblem = "The segments are listed once the log has started.";
        }
        if (segments == null) {
            try {
                segments = log.segments();
            } catch (ActivityLogException e) {
                segments = List.of();
                segmentsProblem = e.getMessage();
            }
        }
        return segments;
    }

    public String getSegmentsProblem() {
        getSegments();
        return segmentsProblem;
    }

    public VerifyReport getReport() {
        return report;
    }

    public String getVerifyProblem() {
        return verifyProblem;
    }
}
