package dev.activitylog.admin.control;

import dev.activitylog.log.entity.Histogram;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChartSvgTest {
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    private static Histogram.Bar bar(int minute, long... counts) {
        return new Histogram.Bar(T0.plus(Duration.ofMinutes(minute)), T0.plus(Duration.ofMinutes(minute + 1)),
                java.util.Arrays.stream(counts).boxed().toList());
    }

    @Test
    void barsAreStackedToScaleLinkedAndNamed() {
        Histogram h = new Histogram(T0, Duration.ofMinutes(1), List.of("login", "edit"), true,
                List.of(bar(0, 4, 2, 2), bar(1, 0, 0, 0), bar(2, 2, 0, 0)));
        String svg = ChartSvg.render(h, b -> "/admin/?from=" + b.start() + "&to=" + b.end());

        assertEquals(2, count(svg, "<a href="), "a link per bar that has entries");
        assertTrue(svg.contains("href=\"/admin/?from=2026-12-01T10:00:00Z&amp;to=2026-12-01T10:01:00Z\""), svg);
        assertTrue(svg.contains("data-total=\"8\"") && svg.contains("data-total=\"2\""), svg);
        assertTrue(svg.contains("<title>2026-12-01 10:00:00 to 2026-12-01 10:01:00: 8 entries\nlogin: 4\nedit: 2\n"
                + "other actions: 2</title>"), svg);
        // Heights are to scale: the tallest bar (8) fills the plot, login's 4 of it half.
        List<Double> heights = numbers(svg, "width=\"[0-9]+\\.[0-9]\" height=\"([0-9.]+)\"");
        assertEquals(List.of(59.0, 29.5, 29.5, 29.5), heights, svg);
        assertTrue(svg.contains(">login</text>") && svg.contains(">other actions</text>"), "a legend");
        assertTrue(svg.contains("aria-label=\"10 entries from 2026-12-01 10:00:00, 3 bars of 1 min\""), svg);
    }

    @Test
    void callersTextCannotBreakOutOfTheSvg() {
        String hostile = "<script>alert(1)</script>\"'&\u0001";
        Histogram h = new Histogram(T0, Duration.ofSeconds(1), List.of(hostile), false, List.of(bar(0, 1)));
        String svg = ChartSvg.render(h, b -> "/admin/?action=\"><script>");
        assertFalse(svg.contains("<script>"), svg);
        assertTrue(svg.contains("&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;\uFFFD"), svg);
        assertTrue(svg.contains("href=\"/admin/?action=&quot;&gt;&lt;script&gt;\""), svg);
    }

    @Test
    void nothingToDrawIsNoChart() {
        assertEquals("", ChartSvg.render(new Histogram(T0, Duration.ofSeconds(1), List.of(), false, List.of()),
                b -> "x"));
    }

    private static int count(String s, String what) {
        return s.split(Pattern.quote(what), -1).length - 1;
    }

    private static List<Double> numbers(String s, String regex) {
        Matcher m = Pattern.compile(regex).matcher(s);
        List<Double> out = new java.util.ArrayList<>();
        while (m.find()) {
            out.add(Double.parseDouble(m.group(1)));
        }
        return out;
    }
}
