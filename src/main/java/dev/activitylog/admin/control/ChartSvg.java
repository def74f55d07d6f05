package dev.activitylog.admin.control;

import dev.activitylog.log.entity.Histogram;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The console's picture of a {@link Histogram}: stacked bars drawn on the server as inline SVG, so the page needs no
 * script and no chart library from anywhere. Every text (actions come from the callers) is XML-escaped; each bar
 * links to the list of its entries and names its counts in a tooltip; a legend names the series.
 */
public final class ChartSvg {
    /** Colours of the series in order, the last one for the other actions; chosen to stay apart for most eyes. */
    static final String[] COLOURS = {"#2b6cb0", "#dd6b20", "#2f855a", "#805ad5", "#b83280", "#718096"};
    static final int WIDTH = 720;
    static final int HEIGHT = 150;
    private static final int TOP = 12;
    private static final int BOTTOM = 20;
    private static final int LEFT = 40;

    private ChartSvg() {
    }

    /** @param link the URL of the list of a bar's entries */
    public static String render(Histogram h, Function<Histogram.Bar, String> link) {
        if (h.bars().isEmpty()) {
            return "";
        }
        List<String> names = new ArrayList<>(h.series());
        if (h.other()) {
            names.add("other actions");
        }
        long max = Math.max(1, h.max());
        double plot = HEIGHT - TOP - BOTTOM;
        double slot = (WIDTH - LEFT) / (double) h.bars().size();
        StringBuilder svg = new StringBuilder(4096);
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"activity-chart\" class=\"chart\" role=\"img\"")
                .append(" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT + 18 * rows(names.size()))
                .append("\" aria-label=\"").append(xml(h.total() + " entries from " + time(h.from()) + ", "
                        + h.bars().size() + " bars of " + width(h.bucket()))).append("\">");
        svg.append("<text class=\"axis\" x=\"").append(LEFT - 4).append("\" y=\"").append(TOP + 4)
                .append("\" text-anchor=\"end\">").append(max).append("</text>");
        svg.append("<text class=\"axis\" x=\"").append(LEFT - 4).append("\" y=\"").append(HEIGHT - BOTTOM)
                .append("\" text-anchor=\"end\">0</text>");
        for (int i = 0; i < h.bars().size(); i++) {
            Histogram.Bar bar = h.bars().get(i);
            if (bar.total() == 0) {
                continue;
            }
            double x = LEFT + i * slot;
            svg.append("<a href=\"").append(xml(link.apply(bar))).append("\" class=\"bar\" data-total=\"")
                    .append(bar.total()).append("\"><title>").append(xml(tooltip(bar, names))).append("</title>");
            double y = HEIGHT - BOTTOM;
            for (int s = 0; s < bar.counts().size(); s++) {
                long n = bar.counts().get(s);
                if (n == 0) {
                    continue;
                }
                double height = plot * n / max;
                y -= height;
                svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\""
                        + " fill=\"%s\"/>", x + slot * 0.1, y, Math.max(1, slot * 0.8), height, colour(s)));
            }
            svg.append("</a>");
        }
        Histogram.Bar last = h.bars().get(h.bars().size() - 1);
        svg.append("<text class=\"axis\" x=\"").append(LEFT).append("\" y=\"").append(HEIGHT - 4).append("\">")
                .append(xml(time(h.from()))).append("</text>");
        svg.append("<text class=\"axis\" x=\"").append(WIDTH).append("\" y=\"").append(HEIGHT - 4)
                .append("\" text-anchor=\"end\">").append(xml(time(last.end()))).append("</text>");
        for (int s = 0; s < names.size(); s++) {
            int x = LEFT + (s % 3) * 220;
            int y = HEIGHT + 14 + 18 * (s / 3);
            svg.append("<rect x=\"").append(x).append("\" y=\"").append(y - 10).append("\" width=\"10\" height=\"10\"")
                    .append(" fill=\"").append(colour(s)).append("\"/><text class=\"legend\" x=\"").append(x + 14)
                    .append("\" y=\"").append(y).append("\">").append(xml(shorten(names.get(s)))).append("</text>");
        }
        return svg.append("</svg>").toString();
    }

    private static String tooltip(Histogram.Bar bar, List<String> names) {
        StringBuilder t = new StringBuilder(time(bar.start()) + " to " + time(bar.end()) + ": " + bar.total()
                + (bar.total() == 1 ? " entry" : " entries"));
        for (int s = 0; s < bar.counts().size(); s++) {
            if (bar.counts().get(s) > 0) {
                t.append("\n").append(names.get(s)).append(": ").append(bar.counts().get(s));
            }
        }
        return t.toString();
    }

    private static int rows(int series) {
        return (series + 2) / 3;
    }

    private static String colour(int series) {
        return COLOURS[Math.min(series, COLOURS.length - 1)];
    }

    private static String shorten(String name) {
        return name.length() <= 30 ? name : name.substring(0, 29) + "…";
    }

    static String time(Instant t) {
        return DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC).format(t);
    }

    private static String width(Duration d) {
        return d.toDays() > 0 && d.toHoursPart() == 0 ? d.toDays() + " d" : d.toHours() > 0 && d.toMinutesPart() == 0
                ? d.toHours() + " h" : d.toMinutes() > 0 && d.toSecondsPart() == 0 ? d.toMinutes() + " min"
                : d.toSeconds() + " s";
    }

    /** Text and attribute values alike; characters XML cannot hold at all are shown as U+FFFD. */
    static String xml(String s) {
        StringBuilder out = new StringBuilder(s.length() + 16);
        s.codePoints().forEach(c -> {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> {
                    if (c < 0x20 && c != '\n' && c != '\t' || c == 0xFFFE || c == 0xFFFF) {
                        out.append('\uFFFD');
                    } else {
                        out.appendCodePoint(c);
                    }
                }
            }
        });
        return out.toString();
    }
}
