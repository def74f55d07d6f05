package dev.activitylog.admin.control;

import dev.activitylog.log.control.NodeId;
import dev.activitylog.log.entity.ClusterCursor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The merged view's request, read: the list's filter ({@link EntryFilter}), the page size, one node or all, and where
 * the page starts ({@code before}, a page's cursor as the view gave it). The view pages one way only, towards older
 * entries, as the engine's merged pages do. A value that cannot be used is left out (null) and explained in
 * {@link #errors()}, never fatal, so the page is still shown.
 *
 * @param node   only this node's entries, or null for every node's
 * @param errors why values were ignored, in the order: filter, limit, node, before
 */
public record MergedParams(EntryFilter filter, int limit, String node, ClusterCursor before, List<String> errors) {

    public MergedParams {
        errors = List.copyOf(errors);
    }

    /** From the request's parameters by name: those of {@link EntryFilter}, {@code limit}, {@code node}, {@code before}. */
    public static MergedParams parse(Function<String, String> params) {
        EntryFilter filter = EntryFilter.from(params);
        List<String> errors = new ArrayList<>(filter.errors());
        int limit = ListParams.limit(errors, params.apply("limit"));
        String node = node(params.apply("node"), errors);
        ClusterCursor before = null;
        String cursor = params.apply("before");
        if (cursor != null && !cursor.isBlank()) {
            try {
                before = ClusterCursor.parse(cursor.strip());
            } catch (IllegalArgumentException e) {
                errors.add(e.getMessage() + ": ignored");
            }
        }
        return new MergedParams(filter, limit, node, before, errors);
    }

    /** A node id as a request gives it: null when absent, or when it is not an id (then explained in {@code errors}). */
    public static String node(String value, List<String> errors) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return NodeId.valid(value.strip());
        } catch (IllegalArgumentException e) {
            errors.add("node: " + e.getMessage() + ": ignored");
            return null;
        }
    }

    /** What the view's exports select: the filter, then the node. */
    public Map<String, String> selection() {
        Map<String, String> p = new LinkedHashMap<>(filter.params());
        if (node != null) {
            p.put("node", node);
        }
        return p;
    }

    /** What every link of the view carries on: the selection, and the page size unless it is the default. */
    public Map<String, String> kept() {
        return ListParams.withLimit(selection(), limit);
    }

    /** Whether anything narrows the view: a filter or a node. */
    public boolean narrowed() {
        return !selection().isEmpty();
    }
}
