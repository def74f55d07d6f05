package dev.activitylog.log.entity;

import java.util.List;

/** An append was refused because of its input; nothing was stored. */
public class InvalidEntryException extends ActivityLogException {
    private final List<String> problems;

    public InvalidEntryException(List<String> problems) {
        super("invalid entry: " + String.join("; ", problems), null);
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
