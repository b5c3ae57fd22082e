package dev.harbourmaster.dashboard;

import java.util.List;
import java.util.Locale;

/**
 * Small bar plots as inline SVG, drawn on the server: one bar per bucket, the value of each bar in
 * its title (a tooltip, and what screen readers read), no script and nothing to load.
 */
final class Plots {

    static final int WIDTH = 240;
    static final int HEIGHT = 64;

    /** One bar: its value (null: no data), the label of its bucket, and whether it shows something bad. */
    record Bar(Double value, String label, boolean bad) {}

    private Plots() {}

    static String bars(String title, List<Bar> bars) {
        double max = bars.stream().filter(b -> b.value() != null).mapToDouble(Bar::value).max().orElse(0);
        StringBuilder svg = new StringBuilder(256 + bars.size() * 96);
        svg.append("<svg viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT + 2)
                .append("\" role=\"img\" aria-label=\"").append(Html.escape(title)).append("\">");
        svg.append("<line class=\"axis\" x1=\"0\" y1=\"").append(HEIGHT).append("\" x2=\"").append(WIDTH)
                .append("\" y2=\"").append(HEIGHT).append("\"/>");
        double slot = bars.isEmpty() ? WIDTH : (double) WIDTH / bars.size();
        for (int i = 0; i < bars.size(); i++) {
            Bar bar = bars.get(i);
            double height = bar.value() == null || max <= 0 ? 0 : Math.max(1, bar.value() / max * (HEIGHT - 4));
            svg.append("<rect class=\"bar").append(bar.bad() ? " bad" : "").append("\" x=\"").append(number(i * slot + slot * 0.1))
                    .append("\" y=\"").append(number(HEIGHT - height)).append("\" width=\"").append(number(slot * 0.8))
                    .append("\" height=\"").append(number(height)).append("\"><title>").append(Html.escape(bar.label()))
                    .append("</title></rect>");
        }
        return svg.append("</svg>").toString();
    }

    private static String number(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }
}
