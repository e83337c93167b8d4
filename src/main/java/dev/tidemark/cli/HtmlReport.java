package dev.tidemark.cli;

import dev.tidemark.sync.RunRecord;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * The run history as one self-contained HTML page: a summary, an inline SVG chart (records per run as stacked
 * bars, data lag after each run as a line) and the run table. No scripts, no external CSS or fonts, so it
 * opens anywhere, offline, and can be mailed or attached to an incident.
 */
final class HtmlReport {
    static final String UPSERTED_COLOR = "#2563eb";
    static final String UNCHANGED_COLOR = "#93c5fd";
    static final String QUARANTINED_COLOR = "#dc2626";
    static final String LAG_COLOR = "#f59e0b";
    static final String FAILED_COLOR = "#7f1d1d";

    private static final DateTimeFormatter LABEL = DateTimeFormatter.ofPattern("MM-dd HH:mm").withZone(ZoneOffset.UTC);
    private static final int WIDTH = 1100;
    private static final int HEIGHT = 380;
    private static final int LEFT = 70;
    private static final int RIGHT = 70;
    private static final int TOP = 30;
    private static final int BOTTOM = 60;

    private HtmlReport() {
    }

    /** @param runs oldest first */
    static String render(StatusView status, List<RunRecord> runs) {
        StringBuilder html = new StringBuilder(16_384);
        html.append("""
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8"><title>Tidemark sync report</title>
                <style>
                body{font-family:sans-serif;margin:24px;color:#111}
                h1{font-size:22px;margin:0 0 8px}
                .summary td{padding:2px 12px 2px 0}
                table.runs{border-collapse:collapse;font-size:12px;margin-top:16px}
                table.runs th,table.runs td{border-bottom:1px solid #ddd;padding:3px 8px;text-align:right}
                table.runs td.l,table.runs th.l{text-align:left}
                table.runs td{white-space:nowrap}table.runs td.err{white-space:normal}
                .failed{color:#b91c1c;font-weight:bold}.partial{color:#b45309}.succeeded{color:#15803d}
                .stale{color:#b91c1c;font-weight:bold}.fresh{color:#15803d;font-weight:bold}
                .legend span{display:inline-block;margin-right:16px;font-size:13px}
                .swatch{display:inline-block;width:12px;height:12px;margin-right:4px;vertical-align:middle}
                </style></head><body>
                <h1>Tidemark sync report</h1>
                """);
        summary(html, status);
        html.append("<h2 style=\"font-size:16px\">Records per run and data lag</h2>\n");
        legend(html);
        chart(html, runs);
        html.append("<h2 style=\"font-size:16px\">Runs (newest first)</h2>\n");
        table(html, runs.reversed());
        html.append("</body></html>\n");
        return html.toString();
    }

    /** Minutes the committed data trailed the clock when the run ended; null when the run knew no checkpoint. */
    static Long lagAfter(RunRecord r) {
        Instant watermark = r.checkpointAfter() != null ? r.checkpointAfter() : r.checkpointBefore();
        Instant end = r.finishedAt() != null ? r.finishedAt() : r.startedAt();
        return watermark == null ? null : Math.max(0, Duration.between(watermark, end).toMinutes());
    }

    private static void summary(StringBuilder html, StatusView s) {
        html.append("<table class=\"summary\">\n");
        row(html, "Pipeline", s.pipeline());
        row(html, "Generated", s.now().toString());
        String freshness = s.minutesSinceLastSuccess() == null ? "never synced"
                : s.minutesSinceLastSuccess() + " min since the last successful checkpoint (threshold "
                + s.thresholdMinutes() + " min)";
        html.append("<tr><td>Freshness</td><td><span class=\"").append(s.healthy() ? "fresh" : "stale").append("\">")
                .append(esc(s.state().toUpperCase(Locale.ROOT))).append("</span> ").append(esc(freshness))
                .append("</td></tr>\n");
        row(html, "Checkpoint", s.checkpoint() == null ? s.checkpointLocation() + ": none"
                : s.checkpointLocation() + ": " + s.checkpoint().watermark());
        row(html, "Coverage gaps", s.gaps().isEmpty() ? "none" : s.gaps().stream()
                .map(g -> "[" + g.from() + ", " + g.to() + ")").reduce((a, b) -> a + "; " + b).orElse(""));
        row(html, "Open quarantine", Long.toString(s.openQuarantine()));
        html.append("</table>\n");
    }

    private static void row(StringBuilder html, String label, String value) {
        html.append("<tr><td>").append(esc(label)).append("</td><td>").append(esc(value)).append("</td></tr>\n");
    }

    private static void legend(StringBuilder html) {
        html.append("<div class=\"legend\">");
        swatch(html, UPSERTED_COLOR, "upserted");
        swatch(html, UNCHANGED_COLOR, "unchanged");
        swatch(html, QUARANTINED_COLOR, "quarantined");
        swatch(html, LAG_COLOR, "data lag after the run (minutes, right axis)");
        swatch(html, FAILED_COLOR, "failed run");
        html.append("</div>\n");
    }

    private static void swatch(StringBuilder html, String color, String label) {
        html.append("<span><i class=\"swatch\" style=\"background:").append(color).append("\"></i>")
                .append(esc(label)).append("</span>");
    }

    private static void chart(StringBuilder svg, List<RunRecord> runs) {
        int plotW = WIDTH - LEFT - RIGHT;
        int plotH = HEIGHT - TOP - BOTTOM;
        long maxRecords = Math.max(1, runs.stream().mapToLong(r -> r.counts().fetched()).max().orElse(1));
        long maxLag = Math.max(1, runs.stream().map(HtmlReport::lagAfter).filter(l -> l != null)
                .mapToLong(Long::longValue).max().orElse(1));
        long recordsTop = niceCeiling(maxRecords);
        long lagTop = niceCeiling(maxLag);
        svg.append("<svg id=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH)
                .append("\" height=\"").append(HEIGHT).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ')
                .append(HEIGHT).append("\" font-family=\"sans-serif\" font-size=\"11\">\n");
        svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#ffffff\" stroke=\"#999\"/>%n",
                LEFT, TOP, plotW, plotH));
        for (int i = 0; i <= 4; i++) {
            double y = TOP + plotH - plotH * i / 4.0;
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#eee\"/>"
                            + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%d</text>"
                            + "<text x=\"%d\" y=\"%.1f\">%d</text>%n",
                    LEFT, LEFT + plotW, y, y, LEFT - 6, y + 4, recordsTop * i / 4, LEFT + plotW + 6, y + 4, lagTop * i / 4));
        }
        svg.append(String.format(Locale.ROOT, "<text x=\"14\" y=\"%d\" transform=\"rotate(-90 14 %d)\" text-anchor=\"middle\">records per run</text>%n",
                TOP + plotH / 2, TOP + plotH / 2));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" transform=\"rotate(90 %d %d)\" text-anchor=\"middle\">lag (minutes)</text>%n",
                WIDTH - 14, TOP + plotH / 2, WIDTH - 14, TOP + plotH / 2));
        if (runs.isEmpty()) {
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">no runs yet</text>%n",
                    LEFT + plotW / 2, TOP + plotH / 2));
            svg.append("</svg>\n");
            return;
        }
        double slot = (double) plotW / runs.size();
        double barW = Math.max(1.0, slot * 0.7);
        StringBuilder lagPoints = new StringBuilder();
        for (int i = 0; i < runs.size(); i++) {
            RunRecord r = runs.get(i);
            double x = LEFT + slot * i + (slot - barW) / 2;
            double base = TOP + plotH;
            String tip = esc(r.runId() + " " + r.mode() + " " + r.status().dbValue() + ": fetched " + r.counts().fetched()
                    + ", upserted " + r.counts().upserted() + ", unchanged " + r.counts().unchanged()
                    + ", quarantined " + r.counts().quarantined());
            svg.append("<g><title>").append(tip).append("</title>");
            base = bar(svg, x, base, barW, r.counts().upserted(), recordsTop, plotH, UPSERTED_COLOR);
            base = bar(svg, x, base, barW, r.counts().unchanged(), recordsTop, plotH, UNCHANGED_COLOR);
            bar(svg, x, base, barW, r.counts().quarantined(), recordsTop, plotH, QUARANTINED_COLOR);
            if (r.status().dbValue().equals("failed")) {
                svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"8\" fill=\"%s\"/>",
                        x, TOP + plotH - 8, barW, FAILED_COLOR));
            }
            svg.append("</g>\n");
            Long lag = lagAfter(r);
            if (lag != null) {
                double cx = LEFT + slot * i + slot / 2;
                double cy = TOP + plotH - plotH * (double) lag / lagTop;
                lagPoints.append(String.format(Locale.ROOT, "%.1f,%.1f ", cx, cy));
                svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\" fill=\"%s\"><title>%s: lag %d min</title></circle>%n",
                        cx, cy, LAG_COLOR, esc(r.runId()), lag));
            }
        }
        if (!lagPoints.isEmpty()) {
            svg.append("<polyline fill=\"none\" stroke=\"").append(LAG_COLOR).append("\" stroke-width=\"2.5\" points=\"")
                    .append(lagPoints.toString().strip()).append("\"/>\n");
        }
        for (int i : new int[] {0, runs.size() / 2, runs.size() - 1}) {
            double cx = LEFT + slot * i + slot / 2;
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n", cx,
                    TOP + plotH + 18, LABEL.format(runs.get(i).startedAt())));
        }
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">run start (UTC), %d runs</text>%n",
                LEFT + plotW / 2, TOP + plotH + 40, runs.size()));
        svg.append("</svg>\n");
    }

    /** Draws one stacked segment and returns the y where the next one starts. */
    private static double bar(StringBuilder svg, double x, double base, double width, long value, long top, int plotH,
                              String color) {
        if (value <= 0) {
            return base;
        }
        double h = plotH * (double) value / top;
        svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"/>",
                x, base - h, width, h, color));
        return base - h;
    }

    private static void table(StringBuilder html, List<RunRecord> runs) {
        html.append("<table class=\"runs\"><tr><th class=\"l\">Run</th><th class=\"l\">Mode</th><th class=\"l\">Status</th>"
                + "<th class=\"l\">Window (UTC)</th><th>Fetched</th><th>Upserted</th><th>Unchanged</th><th>Quarantined</th>"
                + "<th>Duration</th><th>Lag after (min)</th><th class=\"l\">Error</th></tr>\n");
        for (RunRecord r : runs) {
            Long lag = lagAfter(r);
            html.append("<tr><td class=\"l\">").append(esc(r.runId())).append("</td><td class=\"l\">")
                    .append(esc(r.mode() + (r.dryRun() ? " (dry run)" : ""))).append("</td><td class=\"l ")
                    .append(r.status().dbValue()).append("\">").append(r.status().dbValue()).append("</td><td class=\"l\">")
                    .append(esc(RunTable.window(r))).append("</td><td>").append(r.counts().fetched()).append("</td><td>")
                    .append(r.counts().upserted()).append("</td><td>").append(r.counts().unchanged()).append("</td><td>")
                    .append(r.counts().quarantined()).append("</td><td>").append(esc(RunTable.duration(r)))
                    .append("</td><td>").append(lag == null ? "-" : lag).append("</td><td class=\"l err\">")
                    .append(r.error() == null ? "" : esc(RunTable.abbreviate(r.error(), 200))).append("</td></tr>\n");
        }
        html.append("</table>\n");
    }

    private static long niceCeiling(long value) {
        long magnitude = 1;
        while (magnitude * 10 <= value) {
            magnitude *= 10;
        }
        for (long step : new long[] {1, 2, 4, 5, 10}) {
            if (step * magnitude >= value) {
                return step * magnitude;
            }
        }
        return 10 * magnitude;
    }

    static String esc(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
