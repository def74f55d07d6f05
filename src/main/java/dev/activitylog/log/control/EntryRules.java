package dev.activitylog.log.control;

import dev.activitylog.log.entity.Limits;
import dev.activitylog.log.entity.NewEntry;

import java.util.ArrayList;
import java.util.List;

/**
 * The engine's own check of the {@link NewEntry} constraints, for callers without Bean Validation (and so a bad
 * entry can never reach the file, whoever calls). Messages match the Bean Validation ones.
 */
final class EntryRules {
    private EntryRules() {
    }

    static List<String> problems(NewEntry e) {
        List<String> problems = new ArrayList<>();
        if (e == null) {
            problems.add("entry is required");
            return problems;
        }
        required("actor", e.actor(), Limits.ACTOR, problems);
        required("action", e.action(), Limits.ACTION, problems);
        optional("subject", e.subject(), Limits.SUBJECT, problems);
        optional("detail", e.detail(), Limits.DETAIL, problems);
        return problems;
    }

    private static void required(String name, String value, int max, List<String> problems) {
        if (value == null || value.isBlank()) {
            problems.add(name + " is required");
        } else {
            optional(name, value, max, problems);
        }
    }

    private static void optional(String name, String value, int max, List<String> problems) {
        if (value != null && value.length() > max) {
            problems.add(name + " is longer than " + max + " characters");
        }
    }
}
