package dev.activitylog.log.entity;

import java.time.Instant;
import java.util.List;

/**
 * What a full check of the log found: every line's checksum, the sequence numbers, the hash chain, the checkpoints
 * (their HMAC when a key is given) and, when checked by the running log, every index row.
 *
 * @param problems       in file order, at most {@link #MAX_PROBLEMS}; {@code moreProblems} says whether more were cut off
 * @param checkpoints    checkpoint lines found
 * @param lastCheckpoint the entry the last valid checkpoint covers (authenticated, when {@code authenticated}); 0: none
 * @param authenticated  checkpoints were checked against a key: entries up to {@code lastCheckpoint} are proven
 *                       unchanged to anyone who trusts the key holder
 */
public record VerifyReport(Instant at, long millis, String path, long bytes, long entries, long indexRowsChecked,
                           List<Problem> problems, boolean moreProblems, int checkpoints, long lastCheckpoint,
                           boolean authenticated) {
    public static final int MAX_PROBLEMS = 100;

    /**
     * @param seq    the entry concerned (null when the damage cannot be tied to one, e.g. the header)
     * @param offset byte offset in the file
     */
    public record Problem(Long seq, long offset, String what) {
        @Override
        public String toString() {
            return (seq == null ? "" : "entry " + seq + ": ") + what + " (offset " + offset + ")";
        }
    }

    public VerifyReport {
        problems = List.copyOf(problems);
    }

    public boolean ok() {
        return problems.isEmpty();
    }

    /** The first break, or null when there is none. */
    public Problem firstProblem() {
        return problems.isEmpty() ? null : problems.get(0);
    }

    public String summary() {
        return ok() ? "ok: " + entries + " entries, checksums, sequence and hash chain intact"
                + (indexRowsChecked > 0 ? ", " + indexRowsChecked + " index rows match" : "")
                + (checkpoints == 0 ? ", no checkpoints" : ", " + checkpoints + " checkpoints"
                + (authenticated ? ", authenticated up to entry " + lastCheckpoint : " (not authenticated: no key)"))
                : problems.size() + (moreProblems ? "+" : "") + " problems, first: " + firstProblem();
    }
}
