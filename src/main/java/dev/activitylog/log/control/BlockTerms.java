package dev.activitylog.log.control;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The terms of a block (docs/index-design.md, "Blocks as built"): its {@code index_block_term} rows, one per distinct
 * actor, action, outcome and correlation of its rows, each with how many rows have it.
 */
final class BlockTerms {
    private BlockTerms() {
    }

    /** A distinct value of one of {@link BlockScan#FIELDS} in a block, and how many of its rows have it. */
    record Term(String field, String value, int entries) {
    }

    /** Each distinct field value of the rows and its count; counted per field, so no key is built per row. */
    static List<Term> of(List<IndexRow> rows) {
        List<Map<String, int[]>> counts = new ArrayList<>();
        for (int i = 0; i < BlockScan.FIELDS.length(); i++) {
            counts.add(new HashMap<>());
        }
        for (IndexRow r : rows) {
            String[] values = {r.actor(), r.action(), r.outcome(), r.correlation()};
            for (int i = 0; i < values.length; i++) {
                if (values[i] != null) {
                    counts.get(i).computeIfAbsent(values[i], v -> new int[1])[0]++;
                }
            }
        }
        List<Term> terms = new ArrayList<>();
        for (int i = 0; i < counts.size(); i++) {
            String field = String.valueOf(BlockScan.FIELDS.charAt(i));
            counts.get(i).forEach((value, n) -> terms.add(new Term(field, value, n[0])));
        }
        return terms;
    }
}
