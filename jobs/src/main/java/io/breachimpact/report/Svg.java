package io.breachimpact.report;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The report's charts as inline SVG: no script, no font or image to fetch, so the page renders the
 * same offline, in a browser or on paper. Suppressed values are drawn hatched, never as a length.
 */
final class Svg {
    /** A sequential palette readable by colour-blind readers and in grey print (ColorBrewer Blues). */
    static final List<String> BLUES = List.of("#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c");
    static final Map<String, String> LEVEL_COLOURS = Map.of("LOW", "#fee5d9",
            "MEDIUM", "#fcae91", "HIGH", "#fb6a4a", "VERY_HIGH", "#cb181d");

    private Svg() {
    }

    private static final String HATCH = "<defs><pattern id=\"%s\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" "
            + "patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#eee\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" "
            + "stroke=\"#999\" stroke-width=\"2\"/></pattern></defs>";

    private static String open(int width, int height, String title) {
        return String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" role=\"img\" "
                + "font-family=\"system-ui, sans-serif\" font-size=\"12\"><title>%s</title>", width, height, width, height, Html.esc(title));
    }

    /** A bar of a horizontal bar chart: its label, its value (null when suppressed) and the text printed after it. */
    record Bar(String label, Long value, String text) {
    }

    static String bars(String title, List<Bar> bars, String colour) {
        int labelWidth = 230;
        int barWidth = 330;
        int row = 22;
        int width = labelWidth + barWidth + 110;
        int height = Math.max(row, bars.size() * row) + 4;
        long max = bars.stream().filter(b -> b.value() != null).mapToLong(Bar::value).max().orElse(0);
        String pattern = "hatch-" + Integer.toHexString(title.hashCode());
        StringBuilder s = new StringBuilder(open(width, height, title)).append(String.format(HATCH, pattern));
        for (int i = 0; i < bars.size(); i++) {
            Bar b = bars.get(i);
            int y = i * row + 2;
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>", labelWidth - 8, y + 15,
                    Html.esc(shorten(b.label(), 38))));
            double length = b.value() == null ? 24 : max == 0 ? 0 : Math.max(b.value() > 0 ? 1 : 0, barWidth * (double) b.value() / max);
            String fill = b.value() == null ? "url(#" + pattern + ")" : colour;
            s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>", labelWidth, y + 3, length, row - 6, fill));
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\">%s</text>", labelWidth + length + 6, y + 15, Html.esc(b.text())));
        }
        return s.append("</svg>").toString();
    }

    /** One bar split into the severity levels, with a legend. */
    static String levels(String title, List<String> levels, List<Long> values, List<String> legend) {
        int width = 670;
        int height = 62;
        long total = values.stream().mapToLong(v -> v == null ? 0 : v).sum();
        String pattern = "hatch-levels";
        StringBuilder s = new StringBuilder(open(width, height, title)).append(String.format(HATCH, pattern));
        double x = 0;
        for (int i = 0; i < levels.size(); i++) {
            Long v = values.get(i);
            double w = v == null ? 0 : total == 0 ? 0 : width * (double) v / total;
            s.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"0\" width=\"%.1f\" height=\"26\" fill=\"%s\"/>", x, w, LEVEL_COLOURS.get(levels.get(i))));
            x += w;
        }
        double lx = 0;
        for (int i = 0; i < levels.size(); i++) {
            String fill = values.get(i) == null ? "url(#" + pattern + ")" : LEVEL_COLOURS.get(levels.get(i));
            s.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"38\" width=\"14\" height=\"14\" fill=\"%s\" stroke=\"#666\" stroke-width=\"0.5\"/>"
                    + "<text x=\"%.1f\" y=\"50\">%s</text>", lx, fill, lx + 18, Html.esc(legend.get(i))));
            lx += width / (double) levels.size();
        }
        return s.append("</svg>").toString();
    }

    /** Where each région's tile sits: metropolitan France roughly as on a map, the overseas régions in a row below. */
    static final Map<String, int[]> TILES = tiles();

    private static Map<String, int[]> tiles() {
        Map<String, int[]> t = new TreeMap<>();
        t.put("32", new int[] {2, 0});
        t.put("53", new int[] {0, 1});
        t.put("28", new int[] {1, 1});
        t.put("11", new int[] {2, 1});
        t.put("44", new int[] {3, 1});
        t.put("52", new int[] {1, 2});
        t.put("24", new int[] {2, 2});
        t.put("27", new int[] {3, 2});
        t.put("75", new int[] {1, 3});
        t.put("84", new int[] {2, 3});
        t.put("76", new int[] {1, 4});
        t.put("93", new int[] {2, 4});
        t.put("94", new int[] {3, 4});
        t.put("01", new int[] {0, 6});
        t.put("02", new int[] {1, 6});
        t.put("03", new int[] {2, 6});
        t.put("04", new int[] {3, 6});
        t.put("06", new int[] {4, 6});
        return t;
    }

    static final Map<String, String> SHORT = Map.ofEntries(Map.entry("11", "IDF"), Map.entry("24", "CVL"), Map.entry("27", "BFC"),
            Map.entry("28", "NOR"), Map.entry("32", "HDF"), Map.entry("44", "GES"), Map.entry("52", "PDL"), Map.entry("53", "BRE"),
            Map.entry("75", "NAQ"), Map.entry("76", "OCC"), Map.entry("84", "ARA"), Map.entry("93", "PAC"), Map.entry("94", "COR"),
            Map.entry("01", "GUA"), Map.entry("02", "MTQ"), Map.entry("03", "GUF"), Map.entry("04", "LRE"), Map.entry("06", "MAY"));

    /** Class breaks: quintiles of the published rates, so each colour holds about as many régions. */
    static double[] breaks(List<Double> rates) {
        List<Double> sorted = rates.stream().filter(r -> r != null).sorted().toList();
        double[] b = new double[BLUES.size() - 1];
        for (int i = 0; i < b.length; i++) {
            b[i] = sorted.isEmpty() ? 0 : sorted.get(Math.min(sorted.size() - 1, (int) Math.floor(sorted.size() * (i + 1) / (double) BLUES.size())));
        }
        return b;
    }

    static int colourClass(double rate, double[] breaks) {
        int c = 0;
        while (c < breaks.length && rate >= breaks[c]) {
            c++;
        }
        return c;
    }

    /**
     * The tile map of France by région, coloured by the rate per 1,000 inhabitants.
     *
     * @param legend texts of the colour classes, lowest first, then the text for suppressed
     */
    static String tileMap(String title, List<ReportData.Area> areas, double[] breaks, List<String> legend, String overseasLabel,
                          java.util.function.Function<Double, String> rateText) {
        int tile = 78;
        int gap = 4;
        int width = 5 * (tile + gap) + 200;
        int height = 7 * (tile + gap) + 10;
        StringBuilder s = new StringBuilder(open(width, height, title)).append(String.format(HATCH, "hatch-map"));
        s.append(String.format(Locale.ROOT, "<text x=\"0\" y=\"%d\" fill=\"#444\">%s</text>", 6 * (tile + gap) - 8, Html.esc(overseasLabel)));
        for (ReportData.Area a : areas) {
            int[] at = TILES.get(a.code());
            if (at == null) {
                continue;
            }
            int x = at[0] * (tile + gap);
            int y = at[1] * (tile + gap);
            boolean hidden = a.persons().suppressed() || a.ratePer1000() == null;
            int cls = hidden ? -1 : colourClass(a.ratePer1000(), breaks);
            String fill = hidden ? "url(#hatch-map)" : BLUES.get(cls);
            String ink = cls >= 3 ? "#fff" : "#000";
            s.append(String.format(Locale.ROOT, "<g><title>%s</title><rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" rx=\"6\" fill=\"%s\" stroke=\"#555\"/>",
                    Html.esc(a.name() + " — " + (hidden ? legend.get(legend.size() - 1) : rateText.apply(a.ratePer1000()))), x, y, tile, tile, fill));
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" font-weight=\"bold\" fill=\"%s\">%s</text>",
                    x + tile / 2, y + 32, ink, SHORT.getOrDefault(a.code(), a.code())));
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" fill=\"%s\">%s</text></g>",
                    x + tile / 2, y + 52, ink, Html.esc(hidden ? "—" : rateText.apply(a.ratePer1000()))));
        }
        int lx = 5 * (tile + gap) + 16;
        for (int i = 0; i < legend.size(); i++) {
            String fill = i < BLUES.size() ? BLUES.get(i) : "url(#hatch-map)";
            s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"16\" height=\"16\" fill=\"%s\" stroke=\"#555\"/>"
                    + "<text x=\"%d\" y=\"%d\">%s</text>", lx, 10 + i * 24, fill, lx + 22, 23 + i * 24, Html.esc(legend.get(i))));
        }
        return s.append("</svg>").toString();
    }

    /**
     * The wave timeline: one row per channel, one column per day from the first wave, its height the
     * day's sends (hatched when suppressed).
     */
    static String timeline(String title, List<ReportData.ChannelPlan> channels, List<ReportData.WaveDay> waves,
                           java.util.function.Function<String, String> channelLabel, java.util.function.Function<String, String> dateText) {
        List<ReportData.ChannelPlan> active = channels.stream().filter(c -> c.firstWave() != null).toList();
        int labelWidth = 110;
        int plotWidth = 520;
        int row = 46;
        int height = Math.max(1, active.size()) * row + 28;
        StringBuilder s = new StringBuilder(open(labelWidth + plotWidth + 20, height, title)).append(String.format(HATCH, "hatch-waves"));
        if (active.isEmpty()) {
            return s.append("</svg>").toString();
        }
        LocalDate start = active.stream().map(c -> LocalDate.parse(c.firstWave())).min(LocalDate::compareTo).orElseThrow();
        LocalDate end = active.stream().map(c -> LocalDate.parse(c.lastWave())).max(LocalDate::compareTo).orElseThrow();
        long days = ChronoUnit.DAYS.between(start, end) + 1;
        double dayWidth = plotWidth / (double) days;
        long max = waves.stream().filter(w -> w.sends().value() != null).mapToLong(w -> w.sends().value()).max().orElse(1);
        List<String> order = new ArrayList<>();
        active.forEach(c -> order.add(c.channel()));
        for (int i = 0; i < active.size(); i++) {
            int base = i * row + row - 6;
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>", labelWidth - 8, base - 8,
                    Html.esc(channelLabel.apply(active.get(i).channel()))));
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#999\"/>", labelWidth, base, labelWidth + plotWidth, base));
        }
        for (ReportData.WaveDay w : waves) {
            int i = order.indexOf(w.channel());
            if (i < 0) {
                continue;
            }
            int base = i * row + row - 6;
            double x = labelWidth + ChronoUnit.DAYS.between(start, LocalDate.parse(w.date())) * dayWidth;
            double h = w.sends().value() == null ? row - 14 : Math.max(1, (row - 14) * (double) w.sends().value() / max);
            String fill = w.sends().value() == null ? "url(#hatch-waves)" : "#3182bd";
            s.append(String.format(Locale.ROOT, "<rect x=\"%.2f\" y=\"%.1f\" width=\"%.2f\" height=\"%.1f\" fill=\"%s\"/>",
                    x, base - h, Math.max(0.8, dayWidth * 0.85), h, fill));
        }
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%s</text>", labelWidth, height - 6, Html.esc(dateText.apply(start.toString()))));
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>", labelWidth + plotWidth, height - 6,
                Html.esc(dateText.apply(end.toString()))));
        return s.append("</svg>").toString();
    }

    static String shorten(String s, int max) {
        return s == null ? "" : s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
