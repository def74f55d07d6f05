package dev.activitylog.admin.boundary;

import dev.activitylog.admin.control.ChartSvg;
import dev.activitylog.log.boundary.ActivityLog;
import dev.activitylog.log.entity.ActivityLogException;
import dev.activitylog.log.entity.Histogram;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The entry list's chart: the filtered entries over time by action ({@link ChartSvg}), each bar linking to the list
 * of its entries, and how many entries the filter matches (an export's size, before it streams). Drawn for the
 * filter of the list on the same page ({@link AdminView}, loaded first by the page's view action).
 */
@Named
@RequestScoped
public class ChartView {
    /** Bars of the chart: enough to see a day by the half hour, few enough to stay readable. */
    static final int BARS = 60;

    @Inject
    ActivityLog log;

    @Inject
    AdminView list;

    private String svg;
    private Long matching;

    /** Inline SVG, or empty when nothing matches or the index cannot answer (the list says why). */
    public String getSvg() {
        if (svg == null) {
            try {
                Histogram h = log.histogram(list.getFilter().query(1), BARS);
                matching = list.getFilter().getText() == null ? h.total() : null;
                ConsoleUrls urls = ConsoleUrls.current();
                svg = ChartSvg.render(h, bar -> {
                    Map<String, String> p = new LinkedHashMap<>(list.getFilter().params());
                    p.put("from", bar.start().toString());
                    p.put("to", bar.end().toString());
                    return urls.list(p);
                });
            } catch (ActivityLogException e) {
                svg = "";
            }
        }
        return svg;
    }

    /** How many entries the filter matches, from the index; null when a text filter makes that unknown. */
    public Long getMatching() {
        getSvg();
        return matching;
    }
}
